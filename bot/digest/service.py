"""The digest service: APScheduler jobs rebuilt from the database, catch-up, retries, resumption.

The database is the source of truth. The scheduler only holds, per active subscription,
one job at its next run, plus one job per delivery waiting for a retry; all of them are
rebuilt from the tables on start and whenever a subscription changes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from bot.digest import deliveries, subscriptions
from bot.digest.jobs import Jobs
from bot.digest.known import KnownItems
from bot.digest.runner import Policy, Runner, Sender
from bot.digest.schedule import Run, owed
from bot.digest.subscriptions import Subscription

if TYPE_CHECKING:
    from bot.db import Database
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
UTC = dt.UTC


class DigestService:
    def __init__(self, runtime: Runtime, db: Database, sender: Sender, *, policy: Policy | None = None,
                 notify_targets: Callable[[Subscription], list[int]] = lambda _sub: []) -> None:
        self.runtime = runtime
        self.db = db
        self.clock = runtime.clock
        self.known = KnownItems()
        self.policy = policy or Policy.from_settings(runtime.settings.digest)
        self.runner = Runner(db, story=lambda: runtime.briefings.story, known=self.known, sender=sender,
                             settings=runtime.settings.digest, clock=self.clock, policy=self.policy,
                             retry_at=self._schedule_retry, broken=self._drop_job, notify_targets=notify_targets)
        self.jobs = Jobs(self.policy.concurrency, self.clock, "digest")
        self.scheduler = self.jobs.scheduler
        self._started = False
        self.running = asyncio.Event()

    # -- life cycle -----------------------------------------------------------------------------
    async def start(self) -> None:
        now = self.clock()
        added, changed, removed = await subscriptions.sync_config(self.db, self.runtime.settings.digest, now)
        if added or changed or removed:
            log.info("digest subscriptions from the config: %d added, %d changed, %d removed", added, changed, removed)
        await self.known.load(self.db)
        await self.known.remember(self.db, self.runtime.briefings.story, now)
        self.runtime.briefings.on_swap(self._on_swap)
        self.jobs.start()
        self._started = True
        await self.rebuild()
        self.running.set()

    async def stop(self) -> None:
        """Stop scheduling and cancel runs in flight; an interrupted run resumes on the next start."""
        if not self._started:
            return
        self._started = False
        self.running.clear()
        await self.jobs.stop()

    async def _on_swap(self, _outcome: Any) -> None:
        if self._started:
            await self.known.remember(self.db, self.runtime.briefings.story, self.clock())

    # -- jobs -----------------------------------------------------------------------------------
    async def rebuild(self) -> None:
        """Every job again from the tables: next runs, owed catch-ups, open deliveries."""
        for job in self.scheduler.get_jobs():
            job.remove()
        for sub in await subscriptions.all_subscriptions(self.db):
            await self._plan(sub)
        for delivery in await deliveries.open_deliveries(self.db):
            self._schedule_retry(delivery.id, delivery.next_attempt_at or self.clock())

    async def refresh(self, channel_id: int) -> None:
        """After a subscription changed: its jobs again from its row."""
        sub = await subscriptions.get(self.db, channel_id=channel_id)
        for job in self.scheduler.get_jobs():
            if job.id in (f"digest:{channel_id}", f"digest-catch-up:{channel_id}"):
                job.remove()
        if sub is not None:
            await self._plan(sub)

    async def _plan(self, sub: Subscription) -> None:
        if sub.failing:
            return
        now = self.clock()
        missed = owed(sub.schedule, now, since=sub.schedule_set_at)
        if missed is not None:
            # Claimed already (posted, or in progress) → the runner does nothing; out of its
            # window → recorded as missed. Only the latest day is ever owed.
            self._add(f"digest-catch-up:{sub.channel_id}", now, self.runner.run_scheduled, sub.id, missed)
        self._schedule_next(sub, sub.schedule.next_after(now))

    def _schedule_next(self, sub: Subscription, run: Run) -> None:
        self._add(f"digest:{sub.channel_id}", run.due_at, self._scheduled, sub.id, sub.channel_id, run)

    async def _scheduled(self, sub_id: int, channel_id: int, run: Run) -> None:
        sub = await subscriptions.get(self.db, sub_id=sub_id)
        if sub is not None and not sub.failing:
            # The next job first, so a slow run cannot delay tomorrow's.
            self._schedule_next(sub, sub.schedule.next_after(run.due_at))
        await self.runner.run_scheduled(sub_id, run)

    def _schedule_retry(self, delivery_id: int, at: dt.datetime) -> None:
        if self._started:
            self._add(f"digest-retry:{delivery_id}", at, self.runner.resume, delivery_id)

    def _drop_job(self, sub: Subscription) -> None:
        job = self.scheduler.get_job(f"digest:{sub.channel_id}")
        if job is not None:
            job.remove()

    def _add(self, job_id: str, at: dt.datetime, func: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> None:
        self.jobs.add(job_id, at, func, *args)

    def idle(self) -> bool:
        """No job due by now waits, and no run is in flight: nothing posts until the next job."""
        return self.jobs.idle()

    # -- for commands -----------------------------------------------------------------------------
    def next_run(self, sub: Subscription) -> dt.datetime | None:
        job = self.scheduler.get_job(f"digest:{sub.channel_id}") if self._started else None
        return job.next_run_time.astimezone(UTC) if job and job.next_run_time else None
