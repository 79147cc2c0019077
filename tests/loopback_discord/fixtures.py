"""pytest fixtures: a fresh loopback Discord per test, its driver, and a running minimal bot.

A test fails at teardown if the bot sent any request that broke Discord's spec or limits,
unless the test took the violations with ``discord_server.take_violations()``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from .client import RunningBot, running_bot
from .driver import Driver
from .server import LoopbackDiscord


@pytest_asyncio.fixture
async def discord_server() -> AsyncIterator[LoopbackDiscord]:
    server = LoopbackDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    fail_on_violations(server)


def fail_on_violations(server: LoopbackDiscord) -> None:
    """Fail the test if the bot sent requests that Discord would refuse."""
    if server.violations:
        listing = "\n".join(f"  - {v}" for v in server.violations)
        pytest.fail(
            "the bot sent requests that Discord would refuse (method, path, reason):\n" + listing,
            pytrace=False,
        )


@pytest.fixture
def discord_driver(discord_server: LoopbackDiscord) -> Driver:
    return discord_server.driver


@pytest_asyncio.fixture
async def minimal_bot(discord_server: LoopbackDiscord) -> AsyncIterator[RunningBot]:
    """The harness's minimal bot, logged in, synced and READY against ``discord_server``."""
    from tests.discord_harness.minimal_bot import make_bot

    bot = make_bot()
    async with running_bot(bot, discord_server) as running:
        await discord_server.driver.wait_for_commands()
        yield running
