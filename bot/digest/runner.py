"""One digest run, start to end: claim it, compose it, post it part by part, record the result.

Exactly once: the run is claimed by inserting its delivery row (unique per subscription and
local date) before anything is posted; each part goes out with a nonce derived from the
delivery, so a repeated request is answered with the first message; and a part whose
outcome was never recorded (a crash, a dropped connection) is looked for in the channel
before it is sent again.

That machinery is not the digest's alone: every kind of post the bot makes on its own (update
posts too) is a Runner, which says what its posts are (`first_parts`), where its subscriptions
and deliveries are kept (`subs`, `table`), and what the admins are told.

A busy or failing database (SQLite's write lock, a dropped connection, a PostgreSQL failover)
delays a run, never loses it: the claim is tried again with backoff while the run's window
lasts, and a run the database interrupts after its claim is resumed later like one after a crash.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from bot.answers.common import Context
from bot.db.digest_tables import DeliveryColumns, DeliveryRow
from bot.db.transient import connection_lost, describe, transient
from bot.digest import deliveries, subscriptions
from bot.digest.content import Digest, compose
from bot.digest.deliveries import Delivery
from bot.digest.known import KnownItems
from bot.digest.layout import Part, layout
from bot.digest.schedule import Run, backoff, zone
from bot.digest.sender import Broken, Rejected, Transient, Unsure
from bot.digest.subscriptions import Subscription
from bot.render.format import DISCORD
from bot.settings import DigestSettings
from bot.story import Story

if TYPE_CHECKING:
    from bot.db import Database

log = logging.getLogger(__name__)
T = TypeVar("T")


class Sender(Protocol):
    async def send(self, sub: Subscription, part: Part, *, nonce: str) -> int: ...
    async def find(self, sub: Subscription, part: Part, *, since: dt.datetime) -> int | None: ...
    async def notify(self, channel_id: int, text: str) -> bool: ...


@dataclass(frozen=True)
class Policy:
    grace: dt.timedelta = dt.timedelta(hours=6)
    retry_base: float = 30.0
    retry_cap: float = 900.0
    # Discord remembers an enforced nonce for a few minutes: within this, resending with the
    # same nonce cannot post twice; after it, the channel is checked first.
    nonce_trust: dt.timedelta = dt.timedelta(minutes=2)
    # Runs in progress at once (claiming, composing, posting); the limiter paces the requests.
    concurrency: int = 64
    # /digest now has no schedule to fit in: it is retried this long at most.
    manual_window: dt.timedelta = dt.timedelta(minutes=10)
    # A claim the database could not take (locked, connection dropped, failover) is tried
    # again after this many seconds, doubling up to the cap, until the run's window closes.
    db_retry_base: float = 1.0
    db_retry_cap: float = 60.0

    @classmethod
    def from_settings(cls, settings: DigestSettings, **overrides: Any) -> Policy:
        return cls(grace=dt.timedelta(hours=settings.grace_hours), **overrides)


def nonce(delivery: Delivery, index: int) -> str:
    """The same for every attempt at one part, different for anything else. The claim time is
    part of it because SQLite may hand a deleted row's id to a new one."""
    claimed = int(delivery.claimed_at.timestamp() * 1_000_000)
    return f"{delivery.id}.{index}.{_base36(claimed)}"[:25]  # Discord allows 25 characters


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


class Runner:
    # Where this kind of post keeps its subscriptions (a module with get, mark_failing and
    # mark_admins_told) and its deliveries.
    subs: Any = subscriptions
    table: type[DeliveryColumns] = DeliveryRow
    what = "digest"

    def __init__(self, db: Database, *, story: Callable[[], Story], known: KnownItems | None, sender: Sender,
                 settings: DigestSettings, clock: Callable[[], dt.datetime], policy: Policy,
                 retry_at: Callable[[int, dt.datetime], None] = lambda _id, _at: None,
                 broken: Callable[[Subscription], None] = lambda _sub: None,
                 notify_targets: Callable[[Subscription], list[int]] = lambda _sub: []) -> None:
        self.db = db
        self.story = story
        self.known = known
        self.sender = sender
        self.settings = settings
        self.clock = clock
        self.policy = policy
        self._retry_at = retry_at
        self._broken = broken
        self._notify_targets = notify_targets
        # Deliveries waiting for the database: failures so far and the end of their window.
        self._db_waits: dict[int, tuple[int, dt.datetime | None]] = {}

    # -- what a digest says -----------------------------------------------------------------
    async def compose(self, sub: Subscription, *, since: dt.datetime, until: dt.datetime,
                      local_date: dt.date, on_request: bool = False) -> tuple[Digest, tuple[Part, ...]]:
        """The digest and its messages, made in a worker thread: a large story takes CPU time
        the event loop (and a thousand other digests) must not wait for."""
        return await asyncio.to_thread(self._compose, self.story(), sub, since=since, until=until,
                                       local_date=local_date, on_request=on_request)

    def _compose(self, story: Story, sub: Subscription, *, since: dt.datetime, until: dt.datetime,
                 local_date: dt.date, on_request: bool) -> tuple[Digest, tuple[Part, ...]]:
        digest = compose(story, self.known.between(since, until), local_date=local_date, since=since,
                         upcoming_days=self.settings.upcoming_days)
        ctx = Context(story=story, fmt=DISCORD, today=local_date)
        return digest, layout(digest, ctx, note_when_quiet=sub.quiet_day == "note", on_request=on_request)

    async def first_parts(self, sub: Any, delivery: Delivery) -> tuple[tuple[Part, ...], str, str]:
        """The messages of a delivery's first attempt, a summary for the record, and why there
        are none (when there are none)."""
        digest, parts = await self.compose(sub, since=delivery.covered_from, until=delivery.covered_until,
                                           local_date=delivery.local_date, on_request=not delivery.scheduled)
        return parts, digest.summary(), "no new developments; this channel skips quiet days"

    # -- runs ---------------------------------------------------------------------------------
    async def run_scheduled(self, sub_id: int, run: Run) -> Delivery | None:
        """The scheduled (or caught-up) run; None when it was not this call's to make."""
        now = self.clock()  # the same for every attempt at the claim: it tells our claim from another's
        window_ends = run.due_at + self.policy.grace  # until the subscription is read

        async def claim(maybe_mine: bool) -> tuple[Subscription, Delivery] | None:
            nonlocal window_ends
            sub = await subscriptions.get(self.db, sub_id=sub_id)
            if sub is None or sub.failing:
                return None
            window_ends = sub.schedule.window_end(run, self.policy.grace)
            if now > window_ends:
                await deliveries.record_missed(self.db, sub, run, window_ends_at=window_ends, now=now)
                return None
            delivery = await deliveries.claim(self.db, sub, run, window_ends_at=window_ends, now=now,
                                              maybe_mine=maybe_mine)
            return None if delivery is None else (sub, delivery)

        claimed = await self._retrying(claim, until=lambda: window_ends, what=f"claiming digest run {run.key}")
        if claimed is None:
            return None
        return await self._deliver_or_wait(*claimed)

    async def _retrying(self, attempt: Callable[[bool], Awaitable[T]], *, until: Callable[[], dt.datetime],
                        what: str) -> T:
        """`attempt` again after a transient database error, with backoff, while the run's window
        lasts. Its argument says whether an earlier attempt lost its connection mid-way."""
        failures, lost = 0, False
        while True:
            try:
                return await attempt(lost)
            except Exception as exc:
                if not transient(exc):
                    raise
                failures += 1
                wait = backoff(failures, base=self.policy.db_retry_base, cap=self.policy.db_retry_cap)
                if self.clock() + wait > until():
                    log.error("%s: %s; gave up after %d attempts, the window closes", what, describe(exc), failures)
                    raise
                lost = lost or connection_lost(exc)
                log.warning("%s: %s; trying again in %g s", what, describe(exc), wait.total_seconds())
                await asyncio.sleep(wait.total_seconds())

    async def run_now(self, sub: Subscription, key: str) -> Delivery | None:
        """/digest now: an extra digest outside the schedule; the next one continues from it."""
        now = self.clock()
        run = Run(now, now.astimezone(zone(sub.timezone)).date())
        delivery = await deliveries.claim(self.db, sub, run, run_key=f"now:{key}",
                                          window_ends_at=now + self.policy.manual_window, now=now)
        if delivery is None:
            return None
        return await self._deliver(sub, delivery)

    async def resume(self, delivery_id: int) -> Delivery | None:
        """A retry, or a run interrupted by a restart."""
        try:
            return await self._resume(delivery_id)
        except Exception as exc:
            if not transient(exc):
                raise
            self._wait_for_database(delivery_id, None, exc)
            return None

    async def _resume(self, delivery_id: int) -> Delivery | None:
        delivery = next((d for d in await deliveries.open_deliveries(self.db, table=self.table)
                         if d.id == delivery_id), None)
        if delivery is None:
            return None
        sub = await self.subs.get(self.db, sub_id=delivery.subscription_id)
        if sub is None:
            return None
        if sub.failing:
            return await deliveries.finish(self.db, delivery, "failed", now=self.clock(), detail=sub.failure)
        if self.clock() > delivery.window_ends_at:
            return await deliveries.finish(self.db, delivery, "failed", now=self.clock(),
                                           detail=f"gave up when the window closed: {delivery.detail or 'interrupted'}")
        return await self._deliver_or_wait(sub, delivery)

    async def _deliver_or_wait(self, sub: Subscription, delivery: Delivery) -> Delivery:
        """`_deliver`; when the database fails it mid-way, the run is resumed later, as after a
        crash: a part that may have been posted is recognised (nonce, or the channel) before
        anything is sent again."""
        try:
            done = await self._deliver(sub, delivery)
        except Exception as exc:
            if not transient(exc):
                raise
            self._wait_for_database(delivery.id, delivery.window_ends_at, exc)
            return delivery
        self._db_waits.pop(delivery.id, None)
        return done

    def _wait_for_database(self, delivery_id: int, window_ends: dt.datetime | None, exc: Exception) -> None:
        """A resume after backoff, held in memory: the database is what cannot take it now. The
        run stays open in its table, so a restart resumes it too."""
        failures, known_end = self._db_waits.get(delivery_id, (0, None))
        window_ends = window_ends or known_end or self.clock() + self.policy.grace
        failures += 1
        at = self.clock() + backoff(failures, base=self.policy.db_retry_base, cap=self.policy.db_retry_cap)
        if at > window_ends:
            self._db_waits.pop(delivery_id, None)
            log.error("%s delivery %d: %s; gave up, the window closes", self.what, delivery_id, describe(exc))
            return
        self._db_waits[delivery_id] = (failures, window_ends)
        log.warning("%s delivery %d: %s; resuming at %s", self.what, delivery_id, describe(exc), f"{at:%H:%M:%S}")
        self._retry_at(delivery_id, at)

    # -- posting ------------------------------------------------------------------------------
    async def _deliver(self, sub: Subscription, delivery: Delivery) -> Delivery:
        previous_attempt = delivery.last_attempt_at
        parts = delivery.composed
        if parts is None:
            # The first attempt fixes the messages; a retry or a resumed run posts the rest of
            # them, whatever reloads came in between.
            parts, summary, quiet = await self.first_parts(sub, delivery)
            if not parts:
                return await deliveries.finish(self.db, delivery, "skipped", now=self.clock(), summary=summary,
                                               detail=quiet)
            delivery = await deliveries.start_attempt(self.db, delivery, parts=parts, summary=summary,
                                                      now=self.clock())
        else:
            delivery = await deliveries.start_attempt(self.db, delivery, now=self.clock())
        now = self.clock()
        for index in range(delivery.parts_sent, len(parts)):
            part = parts[index]
            if previous_attempt is not None and index == delivery.parts_sent:
                try:
                    found = await self._posted_before(sub, part, previous_attempt, now)
                except Unsure as exc:
                    return await self._unsure(sub, delivery, index, exc.reason)
                if found is not None:
                    delivery = await deliveries.part_sent(self.db, delivery, found, now=self.clock())
                    continue
            try:
                message_id = await self.sender.send(sub, part, nonce=nonce(delivery, index))
            except Broken as exc:
                return await self._stop_subscription(sub, delivery, exc.reason)
            except Rejected as exc:
                log.error("%s for #%s refused by Discord: %s", self.what, sub.channel_id, exc.reason)
                return await deliveries.finish(self.db, delivery, "failed", now=self.clock(), detail=exc.reason)
            except Transient as exc:
                return await self._retry(delivery, exc.reason)
            delivery = await deliveries.part_sent(self.db, delivery, message_id, now=self.clock())
        return delivery

    async def _posted_before(self, sub: Subscription, part: Part, attempt_at: dt.datetime,
                             now: dt.datetime) -> int | None:
        # With a bot message the nonce covers a recent attempt; a webhook has no nonce.
        if sub.webhook_url is None and now - attempt_at <= self.policy.nonce_trust:
            return None
        return await self.sender.find(sub, part, since=attempt_at)

    async def _unsure(self, sub: Subscription, delivery: Delivery, index: int, reason: str) -> Delivery:
        """Never twice: a part that may be in the channel already is not sent again; the run
        stops and the admins hear about it, once (the run is over)."""
        which = f"part {index + 1} of {delivery.parts}" if delivery.parts > 1 else "it"
        detail = (f"stopped so as not to post twice: the attempt before was interrupted, {which} may already "
                  f"be in the channel, and {reason}")
        delivery = await deliveries.finish(self.db, delivery, "failed", now=self.clock(), detail=detail)
        text = self.unsure_notice(sub, delivery, which)
        for channel_id in self._notify_targets(sub):
            if await self.sender.notify(channel_id, text):
                return delivery
        log.error("%s for #%s stopped unsure (%s) and no channel was left to tell the admins", self.what,
                  sub.channel_id, reason)
        return delivery

    def unsure_notice(self, sub: Any, delivery: Delivery, which: str) -> str:
        return (f"The daily digest for <#{sub.channel_id}> of {delivery.local_date:%d %b} was interrupted and "
                f"I cannot tell whether {which} reached the channel, so I did not send it again. "
                "Check the channel, and use `/digest now` there if the digest is missing.")

    def stopped_notice(self, sub: Any, reason: str) -> str:
        return (f"The daily digest for <#{sub.channel_id}> has stopped: {reason}. "
                f"Fix that, then run `/digest subscribe` for that channel to start it again.")

    async def _retry(self, delivery: Delivery, reason: str) -> Delivery:
        now = self.clock()
        at = now + backoff(delivery.attempts, base=self.policy.retry_base, cap=self.policy.retry_cap)
        if at > delivery.window_ends_at:
            return await deliveries.finish(self.db, delivery, "failed", now=now,
                                           detail=f"gave up after {delivery.attempts} attempts: {reason}")
        delivery = await deliveries.retry_later(self.db, delivery, at=at, detail=reason)
        self._retry_at(delivery.id, at)
        return delivery

    async def _stop_subscription(self, sub: Subscription, delivery: Delivery, reason: str) -> Delivery:
        now = self.clock()
        failing = await self.subs.mark_failing(self.db, sub.id, reason, now)
        delivery = await deliveries.finish(self.db, delivery, "failed", now=now, detail=reason)
        if failing is not None:
            self._broken(failing)
            if failing.admins_told_at is None:
                await self._tell_admins(failing, reason)
        return delivery

    async def _tell_admins(self, sub: Subscription, reason: str) -> None:
        text = self.stopped_notice(sub, reason)
        for channel_id in self._notify_targets(sub):
            if await self.sender.notify(channel_id, text):
                await self.subs.mark_admins_told(self.db, sub.id, self.clock())
                return
        log.error("%s for #%s stopped (%s) and no channel was left to tell the admins", self.what, sub.channel_id,
                  reason)
