"""A Discord bot that follows one diplomacy story and answers from cited sources."""

__version__ = "0.1.0"
