"""The real bot against the loopback Discord: settings for a test, and a running StoryBot."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.client import StoryBot
from bot.runtime import Runtime
from bot.settings import Settings
from tests.loopback_discord.client import RunningBot, running_bot
from tests.loopback_discord.server import LoopbackDiscord

ROOT = Path(__file__).resolve().parent.parent


def make_settings(server: LoopbackDiscord | None, tmp_path: Path, **sections: dict[str, Any]) -> Settings:
    """Settings for one test: the loopback endpoints, paths and database under tmp_path."""
    base: dict[str, dict[str, Any]] = {
        "discord": {"guild_ready_timeout": 0.05, "sync_state_file": str(tmp_path / "data/command-sync.json")},
        "paths": {"seeds": str(tmp_path / "seeds"), "summaries": str(tmp_path / "summaries"),
                  "removed": str(tmp_path / "data/removed-sources"), "data": str(tmp_path / "data")},
        "database": {"url": f"sqlite+aiosqlite:///{tmp_path / 'data/bot.db'}"},
    }
    if server is not None:
        base["discord"] |= {"api_base": server.api_base, "gateway_url": server.gateway_url, "token": server.token}
        # The loopback's own server is the bot's home: its admins are operators (sources, reloads).
        base["admin"] = {"operator_guild_ids": [int(server.guild.id)]}
    for name, values in sections.items():
        base[name] = {**base.get(name, {}), **values}
    return Settings(**base)


def copy_seeds(tmp_path: Path) -> None:
    """The bundled seeds and their committed summaries, as a fresh checkout has them."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds", dirs_exist_ok=True)
    shutil.copytree(ROOT / "summaries", tmp_path / "summaries", dirs_exist_ok=True)


class Clock:
    """A clock tests can set and move; the bot reads it wherever it needs 'now'."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2025, 5, 13, 9, 0, tzinfo=dt.UTC))


@pytest_asyncio.fixture
async def start_story_bot(discord_server: LoopbackDiscord, tmp_path: Path, clock: Clock
                          ) -> AsyncIterator[Callable[..., Any]]:
    """`async with start_story_bot(**sections) as running:` — a StoryBot READY on the loopback."""
    import contextlib

    copy_seeds(tmp_path)

    @contextlib.asynccontextmanager
    async def start(**sections: dict[str, Any]) -> AsyncIterator[RunningBot]:
        settings = make_settings(discord_server, tmp_path, **sections)
        runtime = Runtime.from_settings(settings, clock=clock)
        await runtime.briefings.reload(keep_going=True)
        bot = StoryBot(runtime)
        async with running_bot(bot, discord_server) as running:
            await discord_server.driver.wait_for_commands()
            yield running

    yield start


@pytest_asyncio.fixture
async def story_bot(start_story_bot: Callable[..., Any]) -> AsyncIterator[RunningBot]:
    """The bot on the bundled seeds, with the clock on 13 May 2025 (between the articles and the talks)."""
    async with start_story_bot() as running:
        yield running


@pytest.fixture
def without(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """`without("asyncpg")`: modules look uninstalled, as in an install without their extra."""
    import importlib.util

    find_spec = importlib.util.find_spec

    def hide(*names: str) -> None:
        monkeypatch.setattr(importlib.util, "find_spec",
                            lambda name, *args: None if name in names else find_spec(name, *args))

    return hide
