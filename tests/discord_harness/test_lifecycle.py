"""Starting and stopping a client against the loopback server, cleanly."""

from __future__ import annotations

import gc
import logging

import discord
import pytest

from tests.discord_harness.minimal_bot import make_bot
from tests.loopback_discord import running_bot


async def test_clean_start_and_stop(discord_server, caplog):
    caplog.set_level(logging.WARNING, logger="asyncio")
    bot = make_bot()
    async with running_bot(bot, discord_server) as running:
        assert running.ready_seconds < 1.0
        assert bot.user.id == int(discord_server.store.bot.id)
    assert bot.is_closed()
    assert running.task.done()
    gc.collect()
    problems = [r.getMessage() for r in caplog.records if r.name == "asyncio"]
    assert not [p for p in problems if "destroyed" in p or "Unclosed" in p]


async def test_wrong_token_fails_before_ready(discord_server):
    with pytest.raises(RuntimeError, match="stopped before READY") as info:
        async with running_bot(make_bot(), discord_server, token="not-the-token"):
            pass
    assert isinstance(info.value.__cause__, discord.LoginFailure)


async def test_errors_in_commands_fail_the_run(discord_server):
    bot = make_bot()

    @bot.tree.command(description="Fails")
    async def broken(interaction: discord.Interaction) -> None:
        raise ValueError("broken on purpose")

    async def run() -> None:
        async with running_bot(bot, discord_server) as running:
            await discord_server.driver.invoke("/broken", wait=False)
            await discord_server.store.wait_until(lambda: running.errors, 2.0)

    with pytest.raises(AssertionError, match="broken on purpose"):
        await run()
