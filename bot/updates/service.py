"""The update service: a reload that swaps in a new briefing records what changed, then every
subscribed channel gets a round of update posts (now, or when its quiet hours or its limit
per hour allow). The database is the truth; the jobs are rebuilt from it on start.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.db.transient import describe, transient
from bot.digest import deliveries
from bot.digest.deliveries import DONE_WITH
from bot.digest.jobs import Jobs
from bot.digest.runner import Policy, Sender
from bot.digest.schedule import backoff
from bot.engine.text import plural
from bot.updates import seen, store, subscriptions
from bot.updates.changes import Change, Detector
from bot.updates.runner import UpdateRunner
from bot.updates.seen import Seen
from bot.updates.subscriptions import UpdateSubscription

if TYPE_CHECKING:
    from bot.db import Database
    from bot.runtime import ReloadOutcome, Runtime

log = logging.getLogger(__name__)
# A round that lost its claim to another process starts again from the new watermark, a few times.
CLAIM_ROUNDS = 3


class UpdateService:
    def __init__(self, runtime: Runtime, db: Database, sender: Sender, *, policy: Policy | None = None,
                 notify_targets: Callable[[Any], list[int]] = lambda _sub: []) -> None:
        self.runtime = runtime
        self.db = db
        self.clock = runtime.clock
        self.policy = policy or Policy.from_settings(runtime.settings.digest)
        self.detector = Detector(runtime.settings.updates)
        # Updates are made of recorded changes, not of the digests' "first seen" items.
        self.runner = UpdateRunner(db, story=lambda: runtime.briefings.story, known=None, sender=sender,
                                   settings=runtime.settings.digest, clock=self.clock, policy=self.policy,
                                   retry_at=self._schedule_retry, broken=self._drop_job, notify_targets=notify_targets)
        self.jobs = Jobs(self.policy.concurrency, self.clock, "updates")
        self.scheduler = self.jobs.scheduler
        # One round at a time per channel in this process (other processes: the claim).
        self._locks: collections.defaultdict[int, asyncio.Lock] = collections.defaultdict(asyncio.Lock)
        self._started = False
        self._wakeups = 0
        self._db_failures: collections.Counter[int] = collections.Counter()
        self.seen = Seen()
        self._comparing = asyncio.Lock()
        self._comparisons: set[asyncio.Task[None]] = set()
        self.running = asyncio.Event()

    async def start(self) -> None:
        self.seen = await seen.load(self.db)
        # The first start ever takes the story as it is: nothing in it is news. Later starts
        # announce what came while the bot was away.
        await self._compare(announce=bool(self.seen))
        self.runtime.briefings.on_swap(self._on_swap)
        self.jobs.start()
        self._started = True
        await self.rebuild()
        self.running.set()

    async def stop(self) -> None:
        """Stop scheduling and cancel rounds in flight; an interrupted one resumes on the next start."""
        if not self._started:
            return
        self._started = False
        self.running.clear()
        for task in list(self._comparisons):
            task.cancel()
        await asyncio.gather(*self._comparisons, return_exceptions=True)
        await self.jobs.stop()

    def _on_swap(self, _outcome: ReloadOutcome) -> None:
        """Compared in the background: at 10,000 sources that takes a second, which a /reload's
        answer should not wait for. The lock keeps comparisons in the order of the swaps."""
        if self._started:
            task = asyncio.get_running_loop().create_task(self._compare(announce=True), name="updates-compare")
            self._comparisons.add(task)
            task.add_done_callback(self._compared)

    def _compared(self, task: asyncio.Task[None]) -> None:
        self._comparisons.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("updates: comparing the new story failed", exc_info=task.exception())

    async def _compare(self, *, announce: bool) -> None:
        """What the story has that was not seen before: recorded as changes to announce, and
        taken into what was seen. One comparison at a time, each against the one before."""
        async with self._comparing:
            story = self.runtime.briefings.story
            # Comparing a large story is CPU work: a worker does it.
            changes = await asyncio.to_thread(self.detector.changes, self.seen, story, self.clock().date())
            rows = self.seen.add(story.briefing)
            await self._record(changes if announce else [], rows, 0)

    async def _record(self, changes: list[Change], rows: list[dict[str, object]], failures: int) -> None:
        """Record what the reload changed and what was seen, then wake every channel. A busy or
        failing database delays it (both wait in memory), never drops it."""
        try:
            new = await store.record(self.db, changes, self.clock())
            await seen.save(self.db, rows, self.clock())
            if new:
                log.info("updates: the reload brought %s to announce", plural(new, "change"))
                await self.wake_all()
        except Exception as exc:
            if not transient(exc):
                raise
            failures += 1
            wait = backoff(failures, base=self.policy.db_retry_base, cap=self.policy.db_retry_cap)
            log.warning("updates: recording %s: %s; trying again in %g s", plural(len(changes), "change"), describe(exc),
                        wait.total_seconds())
            self._wakeups += 1
            self.jobs.add(f"updates-record:{self._wakeups}", self.clock() + wait, self._record, changes, rows,
                          failures)

    # -- jobs -----------------------------------------------------------------------------------
    async def rebuild(self) -> None:
        """Every job again from the tables: a round for each channel, open deliveries resumed."""
        for job in self.scheduler.get_jobs():
            job.remove()
        await self.wake_all()
        for delivery in await deliveries.open_deliveries(self.db, table=self.runner.table):
            self._schedule_retry(delivery.id, delivery.next_attempt_at or self.clock())

    async def wake_all(self) -> None:
        for sub in await subscriptions.all_subscriptions(self.db):
            if not sub.failing:
                self._plan(sub.id)

    async def refresh(self, channel_id: int) -> None:
        """After a subscription changed: its round again from its row."""
        sub = await subscriptions.get(self.db, channel_id=channel_id)
        if sub is not None and not sub.failing:
            self._plan(sub.id)

    def forget(self, sub: UpdateSubscription) -> None:
        self._drop_job(sub)

    def _plan(self, sub_id: int, at: dt.datetime | None = None) -> None:
        """A round for the channel at `at` (its quiet hours' end, its limit's), or now. A round
        asked for now has a job of its own: APScheduler would skip a job whose id is running."""
        if not self._started:
            return
        if at is None:
            self._wakeups += 1
            self.jobs.add(f"updates-now:{sub_id}:{self._wakeups}", self.clock(), self._round, sub_id)
        else:
            self.jobs.add(f"updates:{sub_id}", at, self._round, sub_id)

    async def _round(self, sub_id: int) -> None:
        async with self._locks[sub_id]:
            try:
                for _ in range(CLAIM_ROUNDS):
                    again = await self.runner.run(sub_id)
                    if again is not None:
                        self._plan(sub_id, again)
                        return
                    if not await self._more(sub_id):
                        break
            except Exception as exc:
                if not transient(exc):
                    raise
                # A busy or failing database delays the round; what was claimed resumes as after a crash.
                self._db_failures[sub_id] += 1
                wait = backoff(self._db_failures[sub_id], base=self.policy.db_retry_base, cap=self.policy.db_retry_cap)
                log.warning("updates for subscription %d: %s; trying again in %g s", sub_id, describe(exc),
                            wait.total_seconds())
                self._plan(sub_id, self.clock() + wait)
                return
            self._db_failures.pop(sub_id, None)

    async def _more(self, sub_id: int) -> bool:
        """Whether changes wait beyond the channel's watermark (another process claimed the
        round this one wanted, and it covers less)."""
        sub = await subscriptions.get(self.db, sub_id=sub_id)
        if sub is None or sub.failing:
            return False
        since = await deliveries.watermark(self.db, sub, table=self.runner.table, covered=DONE_WITH)
        return any(sub.wants(c) for c in await store.between(self.db, since, self.clock()))

    def _schedule_retry(self, delivery_id: int, at: dt.datetime) -> None:
        if self._started:
            self.jobs.add(f"updates-retry:{delivery_id}", at, self.runner.resume, delivery_id)

    def _drop_job(self, sub: Any) -> None:
        self.jobs.remove(f"updates:{sub.id}")

    @property
    def comparing(self) -> bool:
        """A swapped-in story is still being compared with what was seen."""
        return bool(self._comparisons)

    def idle(self) -> bool:
        return not self.comparing and self.jobs.idle()
