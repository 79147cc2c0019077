"""The whole bot (every extension) with a database and its health endpoint, on the loopback Discord."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.client import StoryBot
from bot.db import Database
from bot.exts.digest.lifecycle import SERVICE
from bot.ops.health import serving
from bot.runtime import Runtime
from tests.bot_fixtures import copy_seeds, make_settings
from tests.db.fixtures import sqlite_url
from tests.loopback_discord.client import RunningBot, running_bot
from tests.loopback_discord.server import LoopbackDiscord


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OpsBot:
    def __init__(self, running: RunningBot, url: str) -> None:
        self.running = running
        self.url = url

    @property
    def runtime(self) -> Runtime:
        return self.running.client.runtime

    async def get(self, path: str, **headers: str) -> tuple[int, str, str]:
        """(status, content type, body) of a GET on the health endpoint."""
        async with aiohttp.ClientSession() as http, http.get(self.url + path, headers=headers) as response:
            return response.status, response.headers.get("Content-Type", ""), await response.text()


@contextlib.asynccontextmanager
async def ops_bot(server: LoopbackDiscord, tmp_path: Path, **sections: dict[str, Any]) -> AsyncIterator[OpsBot]:
    """Started as `python -m bot run` starts it: story, database, bot, health endpoint; the real clock."""
    copy_seeds(tmp_path)
    settings = make_settings(server, tmp_path, health={"port": free_port()},
                             database={"url": sqlite_url(tmp_path)}, **sections)
    runtime = Runtime.from_settings(settings)
    await runtime.briefings.reload(keep_going=True)
    async with Database.open(settings.database.url) as db:
        runtime.db = db
        bot = StoryBot(runtime)
        async with serving(bot) as url, running_bot(bot, server) as running:
            await server.driver.wait_for_commands()
            await asyncio.wait_for(runtime.services[SERVICE].running.wait(), 10)
            yield OpsBot(running, url)


@pytest.fixture
def start_ops_bot(discord_server, tmp_path):
    return lambda **sections: ops_bot(discord_server, tmp_path, **sections)
