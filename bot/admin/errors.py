"""Errors of the admin commands whose message is meant for the admin who ran the command."""

from __future__ import annotations


class AdminError(Exception):
    """Nothing was changed; `message` says why in words an admin can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FetchError(AdminError):
    """A page that could not or may not be fetched."""


class ExtractError(AdminError):
    """A fetched page with no article in it."""


class SourceFileError(AdminError):
    """A source id that cannot be removed or restored."""
