"""The running bot's feed reader: a poll cycle every minute over the feeds that are due.

The database says when each feed is due (`next_poll_at`), so a restart picks up where the last
process stopped; the loop only asks every minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from bot.admin.actions import SourceAdmin
from bot.feeds.poller import CycleReport, FeedPoller
from bot.feeds.store import FeedStore
from bot.runtime import Runtime

log = logging.getLogger(__name__)

TICK_SECONDS = 60.0


class FeedService:
    def __init__(self, runtime: Runtime, admin: SourceAdmin, *, tick: float = TICK_SECONDS,
                 on_cycle: Callable[[CycleReport], Any] | None = None) -> None:
        settings = runtime.settings
        self.runtime = runtime
        self.store = FeedStore(runtime.db)
        self.poller = FeedPoller(admin, self.store, settings.feed_reader,
                                 allow_private=settings.sources.allow_private_addresses)
        self.tick = tick
        self.on_cycle = on_cycle
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        feeds = self.runtime.settings.feeds
        await self.store.sync_config([(f.url, f.name, f.interval_minutes) for f in feeds], self.runtime.clock())
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="feed-reader")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def cycle(self) -> CycleReport:
        """One poll of the due feeds, reported in the log."""
        report = await self.poller.poll()
        for line in report.feeds:
            log.info("feed %s", line)
        for item in report.items:
            log.info("feed item %s", item)
        if self.on_cycle is not None:
            maybe = self.on_cycle(report)
            if asyncio.iscoroutine(maybe):
                await maybe
        return report

    async def _loop(self) -> None:
        while True:
            try:
                await self.cycle()
            except asyncio.CancelledError:
                raise
            except Exception:
                # One bad cycle (a database hiccup) must not stop the reader for good.
                log.exception("a feed poll cycle failed; the next one runs in %g s", self.tick)
            await asyncio.sleep(self.tick)
