"""Shared test configuration: the loopback Discord fixtures (see tests/loopback_discord)."""

pytest_plugins = ("tests.loopback_discord.fixtures",)
