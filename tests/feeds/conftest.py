from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest_asyncio

from bot.admin.actions import SourceAdmin
from bot.db import Database
from bot.feeds.poller import FeedPoller
from bot.feeds.store import FeedStore
from bot.runtime import Runtime
from tests.bot_fixtures import Clock, copy_seeds, make_settings
from tests.feeds.site import NewsSite


@dataclass
class FeedWorld:
    site: NewsSite
    runtime: Runtime
    store: FeedStore
    poller: FeedPoller
    clock: Clock
    seeds: Path

    async def add(self, path: str, minutes: int = 30) -> int:
        feed = await self.store.add(self.site.url(path), name=None, interval_minutes=minutes, origin="command",
                                    now=self.clock())
        return feed.id

    def later(self, **delta: float) -> None:
        self.clock.now += dt.timedelta(**delta)

    def source_ids(self) -> set[str]:
        return {s.id for s in self.runtime.briefings.current.sources}


@pytest_asyncio.fixture
async def site() -> AsyncIterator[NewsSite]:
    server = NewsSite()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest_asyncio.fixture
async def world(site: NewsSite, tmp_path: Path) -> AsyncIterator[FeedWorld]:
    copy_seeds(tmp_path)
    clock = Clock(dt.datetime(2025, 6, 3, 12, 0, tzinfo=dt.UTC))
    settings = make_settings(None, tmp_path, sources={"allow_private_addresses": True},
                             feed_reader={"host_interval_seconds": 0})
    runtime = Runtime.from_settings(settings, clock=clock)
    await runtime.briefings.reload(keep_going=True)
    async with Database.open(settings.database.url) as db:
        runtime.db = db
        store = FeedStore(db)
        poller = FeedPoller(SourceAdmin(runtime), store, settings.feed_reader, allow_private=True)
        yield FeedWorld(site, runtime, store, poller, clock, tmp_path / "seeds")
