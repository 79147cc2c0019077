"""The changes reloads brought, in the database: what every subscribed channel's updates are
made from. The unique key records a change once, whichever process saw the reload first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from bot.db.update_tables import UpdateChangeRow, UpdateDeliveryRow
from bot.updates.changes import Change

if TYPE_CHECKING:
    from bot.db import Database


# Recording changes and claiming a round take turns (see Database.serialize): a round's window
# is fixed either before a change is recorded (the change goes after it) or after it commits.
RECORDING = "update changes"


async def record(db: Database, changes: Iterable[Change], now: dt.datetime) -> int:
    """Record the changes not recorded yet, as first seen `now`; returns how many were new.

    Never at or before the end of a round already claimed: that round may have read the
    changes before this transaction commits, and a change inside its window would be missed.
    """
    changes = list(changes)
    if not changes:
        return 0
    new = 0
    async with db.session() as session, session.begin():
        await db.serialize(session, RECORDING)
        claimed = await session.scalar(select(func.max(UpdateDeliveryRow.covered_until)))
        at = now if claimed is None or claimed < now else claimed + dt.timedelta(microseconds=1)
        rows = [{"key": c.key, "kind": c.kind, "actors": " ".join(c.actors), "headline": c.headline,
                 "body": c.body, "first_seen_at": at} for c in changes]
        for row in rows:
            statement = (db.insert(UpdateChangeRow).values(**row)
                         .on_conflict_do_nothing(index_elements=["key"]).returning(UpdateChangeRow.id))
            new += await session.scalar(statement) is not None
    return new


async def between(db: Database, since: dt.datetime, until: dt.datetime) -> list[Change]:
    """The changes first seen after `since`, up to and including `until`, oldest first."""
    async with db.session() as session:
        rows = (await session.scalars(select(UpdateChangeRow).where(
            UpdateChangeRow.first_seen_at > since, UpdateChangeRow.first_seen_at <= until)
            .order_by(UpdateChangeRow.first_seen_at, UpdateChangeRow.id))).all()
    return [Change(r.key, r.kind, tuple(r.actors.split()), r.headline, r.body) for r in rows]
