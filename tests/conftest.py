"""Shared test configuration: the loopback Discord fixtures (see tests/loopback_discord) and the bot."""

pytest_plugins = ("tests.loopback_discord.fixtures", "tests.bot_fixtures", "tests.db.fixtures")
