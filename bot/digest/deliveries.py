"""Delivery records: the claim on a run, its progress part by part, and how it ended.

The unique (subscription, run key) row is the claim: whoever inserts it owns the run, and
nobody can insert it twice, whatever restarts, retries or duplicate timers do.

Every kind of post (daily digests, update posts) keeps its deliveries in a table of the same
columns (bot.db.digest_tables.DeliveryColumns); `table` says which, the digests' by default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from bot.db.digest_tables import DeliveryColumns, DeliveryRow
from bot.digest.layout import Part, dump_parts, load_parts
from bot.digest.schedule import Run

if TYPE_CHECKING:
    from bot.db import Database
    from bot.digest.subscriptions import Subscription

# A run in progress or waiting to be retried; the rest are final.
OPEN = ("claimed", "retrying")
# Runs whose digest reached the channel (or had nothing to say), or will: the next one starts
# from them, so a /digest now while the scheduled run is retrying does not post its items too.
COVERED = ("sent", "skipped", *OPEN)
# Runs over, whether or not they reached the channel: update posts never go back to a failed
# round's changes (its reason is in /updates list), so it does not hold the next one up.
DONE_WITH = (*COVERED, "failed")


@dataclass(frozen=True)
class Delivery:
    id: int
    subscription_id: int
    run_key: str
    local_date: dt.date
    due_at: dt.datetime
    window_ends_at: dt.datetime
    state: str
    attempts: int
    covered_from: dt.datetime
    covered_until: dt.datetime
    claimed_at: dt.datetime
    parts: int = 0
    parts_sent: int = 0
    message_ids: tuple[int, ...] = ()
    next_attempt_at: dt.datetime | None = None
    last_attempt_at: dt.datetime | None = None
    summary: str | None = None
    detail: str | None = None
    finished_at: dt.datetime | None = None
    content: str | None = None
    # The table the delivery is kept in: its kind of post.
    table: type[DeliveryColumns] = field(default=DeliveryRow, repr=False, compare=False)

    @property
    def scheduled(self) -> bool:
        return not self.run_key.startswith("now:")

    @property
    def composed(self) -> tuple[Part, ...] | None:
        """The messages fixed by the first attempt; None before it."""
        return None if self.content is None else load_parts(self.content)

    @classmethod
    def from_row(cls, row: DeliveryColumns) -> Delivery:
        return cls(
            id=row.id, subscription_id=row.subscription_id, run_key=row.run_key, local_date=row.local_date,
            due_at=row.due_at, window_ends_at=row.window_ends_at, state=row.state, attempts=row.attempts,
            covered_from=row.covered_from, covered_until=row.covered_until, claimed_at=row.claimed_at,
            parts=row.parts, parts_sent=row.parts_sent,
            message_ids=tuple(int(m) for m in row.message_ids.split()), next_attempt_at=row.next_attempt_at,
            last_attempt_at=row.last_attempt_at, summary=row.summary, detail=row.detail,
            finished_at=row.finished_at, content=row.content, table=type(row),
        )


async def watermark(db: Database, sub: Subscription, *, table: type[DeliveryColumns] = DeliveryRow,
                    covered: tuple[str, ...] = COVERED) -> dt.datetime:
    """Where the channel's next digest starts."""
    async with db.session() as session:
        return await _covered_until(session, sub, table, covered)


async def _covered_until(session, sub: Subscription, table: type[DeliveryColumns] = DeliveryRow,
                         covered: tuple[str, ...] = COVERED) -> dt.datetime:
    """Where the next digest starts: the end of the last one that reached the channel or is
    still being posted (the runs in a `covered` state), or the moment the channel subscribed."""
    last = await session.scalar(select(func.max(table.covered_until)).where(
        table.subscription_id == sub.id, table.state.in_(covered)))
    return max(last, sub.created_at) if last else sub.created_at


async def claim(db: Database, sub: Subscription, run: Run, *, run_key: str | None = None,
                window_ends_at: dt.datetime, now: dt.datetime, maybe_mine: bool = False,
                table: type[DeliveryColumns] = DeliveryRow, covered: tuple[str, ...] = COVERED,
                serialize: str | None = None) -> Delivery | None:
    """Claim `run` for `sub`: the new delivery, or None when it was claimed before.

    The claim also fixes what the digest covers, so a retry or a resumed run after a
    restart posts the same digest, never a second, different one.

    `maybe_mine`: an earlier attempt with the same `now` lost its connection, perhaps after
    its commit. A claim found with that `claimed_at` and not yet started is that attempt's,
    and is returned rather than lost.

    `serialize`: a name whose writers (see Database.serialize) must not commit while this claim
    fixes its window: what they record then would fall inside a window already read.
    """
    async with db.session() as session, session.begin():
        if serialize is not None:
            await db.serialize(session, serialize)
        since = await _covered_until(session, sub, table, covered)
        statement = db.insert(table).values(
            subscription_id=sub.id, run_key=run_key or run.key, local_date=run.local_date, due_at=run.due_at,
            window_ends_at=window_ends_at, state="claimed", attempts=0, covered_from=since,
            covered_until=max(now, since), parts=0, parts_sent=0, message_ids="", claimed_at=now,
        ).on_conflict_do_nothing(index_elements=["subscription_id", "run_key"]).returning(table.id)
        new_id = await session.scalar(statement)
        if new_id is None:
            return await _own_claim(session, sub, run_key or run.key, now, table) if maybe_mine else None
        row = await session.get(table, new_id)
        return Delivery.from_row(row)


async def _own_claim(session, sub: Subscription, run_key: str, claimed_at: dt.datetime,
                     table: type[DeliveryColumns]) -> Delivery | None:
    row = await session.scalar(select(table).where(
        table.subscription_id == sub.id, table.run_key == run_key))
    if row is None or row.claimed_at != claimed_at or row.state != "claimed" or row.attempts != 0:
        return None
    return Delivery.from_row(row)


async def record_missed(db: Database, sub: Subscription, run: Run, *, window_ends_at: dt.datetime,
                        now: dt.datetime) -> bool:
    """Note that `run` passed while the bot was away (so /digest list can say so); True when
    this is news. The next digest still covers everything since the last one."""
    async with db.session() as session, session.begin():
        since = await _covered_until(session, sub)
        statement = db.insert(DeliveryRow).values(
            subscription_id=sub.id, run_key=run.key, local_date=run.local_date, due_at=run.due_at,
            window_ends_at=window_ends_at, state="missed", attempts=0, covered_from=since, covered_until=since,
            parts=0, parts_sent=0, message_ids="", claimed_at=now, finished_at=now,
            detail="the bot was not running between the digest's time and the end of its grace window",
        ).on_conflict_do_nothing(index_elements=["subscription_id", "run_key"]).returning(DeliveryRow.id)
        return await session.scalar(statement) is not None


async def _update(db: Database, delivery: Delivery, **values) -> Delivery:
    async with db.session() as session, session.begin():
        row = await session.get(delivery.table, delivery.id, with_for_update=True)
        for key, value in values.items():
            setattr(row, key, value)
        await session.flush()
        return Delivery.from_row(row)


async def start_attempt(db: Database, delivery: Delivery, *, now: dt.datetime,
                        parts: tuple[Part, ...] | None = None, summary: str | None = None) -> Delivery:
    """Written before a message goes out: after a crash, a recent attempt means a part may
    have reached the channel without being recorded. The first attempt stores the messages
    (`parts`); every later one posts the rest of those."""
    values = {}
    if parts is not None:
        values = {"parts": len(parts), "content": dump_parts(parts), "summary": summary}
    return await _update(db, delivery, state="claimed", attempts=delivery.attempts + 1,
                         last_attempt_at=now, next_attempt_at=None, **values)


async def part_sent(db: Database, delivery: Delivery, message_id: int, *, now: dt.datetime) -> Delivery:
    ids = (*delivery.message_ids, message_id)
    done = len(ids) >= delivery.parts
    return await _update(db, delivery, parts_sent=len(ids), message_ids=" ".join(map(str, ids)),
                         state="sent" if done else "claimed", finished_at=now if done else None)


async def retry_later(db: Database, delivery: Delivery, *, at: dt.datetime, detail: str) -> Delivery:
    return await _update(db, delivery, state="retrying", next_attempt_at=at, detail=detail)


async def finish(db: Database, delivery: Delivery, state: str, *, now: dt.datetime,
                 detail: str | None = None, summary: str | None = None) -> Delivery:
    values = {"state": state, "finished_at": now, "next_attempt_at": None, "detail": detail}
    if summary is not None:
        values["summary"] = summary
    return await _update(db, delivery, **values)


async def open_deliveries(db: Database, *, table: type[DeliveryColumns] = DeliveryRow) -> list[Delivery]:
    async with db.session() as session:
        rows = (await session.scalars(select(table).where(table.state.in_(OPEN)).order_by(table.id))).all()
    return [Delivery.from_row(r) for r in rows]


async def history(db: Database, sub_id: int, *, table: type[DeliveryColumns] = DeliveryRow) -> list[Delivery]:
    """Oldest first."""
    async with db.session() as session:
        rows = (await session.scalars(select(table).where(table.subscription_id == sub_id)
                                      .order_by(table.claimed_at, table.id))).all()
    return [Delivery.from_row(r) for r in rows]


async def latest(db: Database, sub_ids: list[int], *,
                 table: type[DeliveryColumns] = DeliveryRow) -> dict[int, Delivery]:
    """Each subscription's most recent delivery."""
    if not sub_ids:
        return {}
    newest = (select(table.subscription_id, func.max(table.id).label("id"))
              .where(table.subscription_id.in_(sub_ids)).group_by(table.subscription_id).subquery())
    async with db.session() as session:
        rows = (await session.scalars(select(table).join(newest, table.id == newest.c.id))).all()
    return {r.subscription_id: Delivery.from_row(r) for r in rows}


async def messages_since(db: Database, sub_id: int, since: dt.datetime, *,
                         table: type[DeliveryColumns] = DeliveryRow) -> list[dt.datetime]:
    """When each message claimed after `since` for `sub_id` was (or is being) posted, oldest
    first: what a limit of posts per hour counts."""
    async with db.session() as session:
        rows = (await session.execute(select(table.claimed_at, table.parts, table.state).where(
            table.subscription_id == sub_id, table.claimed_at > since, table.state.in_(COVERED)))).all()
    # A claim whose messages are not fixed yet will post at least one.
    return sorted(at for at, parts, state in rows for _ in range(parts or (state in OPEN)))
