"""The gateway's 4004 (Authentication failed) means the token was refused, whatever the REST
login said: the bot says so, not that Discord could not be reached."""

from __future__ import annotations

import asyncio
import signal

from bot.app import run_bot
from tests.bot_fixtures import copy_seeds, make_settings


async def test_a_token_the_gateway_refuses_reads_as_a_refused_token(tmp_path, discord_server, capsys):
    copy_seeds(tmp_path)
    task = asyncio.create_task(run_bot(make_settings(discord_server, tmp_path)))
    try:
        await discord_server.store.wait_until(lambda: discord_server.gateway.sessions, 10.0)  # identified
        await discord_server.faults.close_gateway(4004, "Authentication failed.")
        assert await asyncio.wait_for(task, 15) == 1
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().remove_signal_handler(sig)
    err = capsys.readouterr().err
    assert "Discord refused the token: check DISCORD_TOKEN (or [discord] token)." in err
    assert "Could not reach Discord" not in err
    assert discord_server.token not in err
