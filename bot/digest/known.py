"""When the bot first saw each source, quote and event: the basis of "new since the last digest".

The table is the truth (it survives restarts and is shared by every process on one
database); a copy in memory answers the fan-out of many digests without a query each.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from bot.db.digest_tables import KnownItemRow
from bot.digest.content import NewItems
from bot.story import Story

if TYPE_CHECKING:
    from bot.db import Database

KINDS = ("source", "quote", "event")
# Bound each INSERT's parameter count (SQLite allows 32,766; PostgreSQL 65,535).
_BATCH = 2000


def item_ids(story: Story) -> dict[str, set[str]]:
    b = story.briefing
    return {"source": {s.id for s in b.sources}, "quote": {q.id for q in b.quotes},
            "event": {e.id for e in b.events}}


class KnownItems:
    def __init__(self) -> None:
        self._first_seen: dict[tuple[str, str], dt.datetime] = {}
        # (first seen, kind, id), sorted: a period is one bisected slice, however many digests ask.
        self._timeline: list[tuple[dt.datetime, str, str]] = []

    async def load(self, db: Database) -> None:
        async with db.session() as session:
            rows = (await session.execute(select(KnownItemRow.kind, KnownItemRow.item_id,
                                                 KnownItemRow.first_seen_at))).all()
        self._first_seen = {(kind, item): at for kind, item, at in rows}
        self._timeline = sorted((at, kind, item) for kind, item, at in rows)

    async def remember(self, db: Database, story: Story, now: dt.datetime) -> int:
        """Record every item of `story` not seen before as first seen `now`; returns how many."""
        fresh = [{"kind": kind, "item_id": item, "first_seen_at": now}
                 for kind, ids in item_ids(story).items() for item in sorted(ids)
                 if (kind, item) not in self._first_seen]
        if fresh:
            insert = (postgresql.insert if db.dialect == "postgresql" else sqlite.insert)(KnownItemRow)
            # Another process may have recorded some of them first; its time stands.
            statement = insert.on_conflict_do_nothing(index_elements=["kind", "item_id"])
            async with db.session() as session, session.begin():
                for start in range(0, len(fresh), _BATCH):
                    await session.execute(statement, fresh[start:start + _BATCH])
            await self.load(db)
        return len(fresh)

    def first_seen(self, kind: str, item_id: str) -> dt.datetime | None:
        return self._first_seen.get((kind, item_id))

    def between(self, since: dt.datetime, until: dt.datetime) -> NewItems:
        """Items first seen after `since`, up to and including `until`."""
        found: dict[str, set[str]] = {kind: set() for kind in KINDS}
        start = bisect.bisect_right(self._timeline, (since, "\uffff", ""))
        stop = bisect.bisect_right(self._timeline, (until, "\uffff", ""))
        for _, kind, item in self._timeline[start:stop]:
            found[kind].add(item)
        return NewItems(sources=frozenset(found["source"]), quotes=frozenset(found["quote"]),
                        events=frozenset(found["event"]))
