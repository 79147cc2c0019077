"""When the bot first saw each source, quote and event: the basis of "new since the last digest".

The table is the truth (it survives restarts and is shared by every process on one
database); a copy in memory answers the fan-out of many digests without a query each.
"""

from __future__ import annotations

import asyncio
import bisect
import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.db.digest_tables import KnownItemRow
from bot.digest.content import NewItems, event_key, quote_key, source_key
from bot.story import Story

if TYPE_CHECKING:
    from bot.db import Database

KINDS = ("source", "quote", "event")  # and "quote.id", "event.id": see item_keys
# Bound each INSERT's parameter count (SQLite allows 32,766; PostgreSQL 65,535).
_BATCH = 2000


def item_keys(story: Story) -> list[tuple[tuple[str, str], ...]]:
    """The (kind, key) pairs of every item of `story`; the first is what a digest looks up
    (see NewItems), the others only tell that an item was seen before.

    An event's id holds where in its source it was first read, so an edit higher up in the
    file, or a re-summarize, gives an old event a new id; its content key (see
    bot.digest.content) does not change then. When another source reports the event, the
    merged summary may change while the id stays. An item is new only when none of its
    keys was seen before, so it takes neither change for news.
    """
    b = story.briefing
    return [*((("source", source_key(s)),) for s in b.sources),
            *((("quote", quote_key(q)), ("quote.id", q.id)) for q in b.quotes),
            *((("event", event_key(e)), ("event.id", e.id)) for e in b.events)]


def _index(rows) -> tuple[dict[tuple[str, str], dt.datetime], list[tuple[dt.datetime, str, str]]]:
    return {(kind, item): at for kind, item, at in rows}, sorted((at, kind, item) for kind, item, at in rows)


class KnownItems:
    def __init__(self) -> None:
        self._first_seen: dict[tuple[str, str], dt.datetime] = {}
        # (first seen, kind, id), sorted: a period is one bisected slice, however many digests ask.
        self._timeline: list[tuple[dt.datetime, str, str]] = []

    async def load(self, db: Database) -> None:
        async with db.session() as session:
            rows = (await session.execute(select(KnownItemRow.kind, KnownItemRow.item_id,
                                                 KnownItemRow.first_seen_at))).all()
        # Sorting a few hundred thousand rows would hold up the event loop: a worker does it.
        self._first_seen, self._timeline = await asyncio.to_thread(_index, rows)

    async def remember(self, db: Database, story: Story, now: dt.datetime) -> int:
        """Record the keys of `story`'s items not recorded yet: as first seen `now` for an item
        seen under none of its keys (returns how many), else at its first time."""
        # Hashing and sorting every item of a large story is CPU work: a worker does it.
        rows, new = await asyncio.to_thread(self._fresh, story, now)
        if rows:
            # Another process may have recorded some of them first; its time stands.
            statement = db.insert(KnownItemRow).on_conflict_do_nothing(index_elements=["kind", "item_id"])
            async with db.session() as session, session.begin():
                for start in range(0, len(rows), _BATCH):
                    await session.execute(statement, rows[start:start + _BATCH])
            await self.load(db)
        return new

    def _fresh(self, story: Story, now: dt.datetime) -> tuple[list[dict[str, object]], int]:
        """The rows to insert, and how many items are new."""
        known = self._first_seen
        fresh: dict[tuple[str, str], dt.datetime] = {}
        new = 0
        for keys in item_keys(story):
            seen = [known[k] for k in keys if k in known]
            new += not seen
            # Every key gets the item's first time, so it is found under whichever key stays.
            at = min(seen, default=now)
            for key in keys:
                if key not in known:
                    fresh[key] = min(at, fresh.get(key, at))
        return [{"kind": kind, "item_id": key, "first_seen_at": at} for (kind, key), at in sorted(fresh.items())], new

    def first_seen(self, kind: str, key: str) -> dt.datetime | None:
        return self._first_seen.get((kind, key))

    def between(self, since: dt.datetime, until: dt.datetime) -> NewItems:
        """Items first seen after `since`, up to and including `until`."""
        found: dict[str, set[str]] = {kind: set() for kind in KINDS}
        start = bisect.bisect_right(self._timeline, (since, "\uffff", ""))
        stop = bisect.bisect_right(self._timeline, (until, "\uffff", ""))
        for _, kind, item in self._timeline[start:stop]:
            if kind in found:
                found[kind].add(item)
        return NewItems(sources=frozenset(found["source"]), quotes=frozenset(found["quote"]),
                        events=frozenset(found["event"]))
