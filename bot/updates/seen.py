"""What the update posts have seen of the story, kept in the database: a reload, or a start
after the bot was away (the feed reader's command line may have added sources meanwhile), is
compared with it, not only with the briefing it replaces.

For each item its key; for each planned event, the event itself, so that a later article that
moves it is recognised even after the first article changed or left.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.db.update_tables import UpdateSeenRow
from bot.engine.models import UPCOMING_STATUSES, Briefing, Event
from bot.engine.text import short_hash
from bot.story import event_key, quote_key

if TYPE_CHECKING:
    from bot.db import Database

_BATCH = 2000  # rows per INSERT, within SQLite's and PostgreSQL's parameter limits


def people(event: Event) -> frozenset[str]:
    return frozenset((*event.actors, *((event.host,) if event.host else ())))


def identity(event: Event) -> str:
    """What an event says without its wording: a re-summarized event is not a new one."""
    return "i-" + short_hash(str(event.date or ""), event.date_precision or "", event.place or "", event.status,
                             " ".join(sorted(people(event))), n=24)


def planned(event: Event) -> bool:
    return event.status in UPCOMING_STATUSES and event.date is not None


@dataclass
class Seen:
    sources: set[str] = field(default_factory=set)
    quotes: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    identities: set[str] = field(default_factory=set)
    planned: list[Event] = field(default_factory=list)  # oldest first

    def __bool__(self) -> bool:
        return bool(self.sources or self.quotes or self.events)

    @classmethod
    def of(cls, briefing: Briefing) -> Seen:
        seen = cls()
        seen.add(briefing)
        return seen

    def add(self, briefing: Briefing) -> list[dict[str, object]]:
        """Take in `briefing`'s items; returns the rows new to the store (kind, key, event)."""
        rows: list[dict[str, object]] = []

        def new(kind: str, key: str, known: set[str], event: Event | None = None) -> None:
            if key not in known:
                known.add(key)
                rows.append({"kind": kind, "key": key, "event": event.model_dump_json() if event else None})

        for source in briefing.sources:
            new("source", source.id[:200], self.sources)
        for quote in briefing.quotes:
            new("quote", quote_key(quote), self.quotes)
        for event in briefing.events:
            new("identity", identity(event), self.identities)
            key = event_key(event)
            if key not in self.events and planned(event):
                self.planned.append(event)
                new("planned", key, self.events, event)
            else:
                new("event", key, self.events)
        return rows


async def load(db: Database) -> Seen:
    async with db.session() as session:
        rows = (await session.execute(select(UpdateSeenRow.kind, UpdateSeenRow.key, UpdateSeenRow.event)
                                      .order_by(UpdateSeenRow.seen_at, UpdateSeenRow.kind, UpdateSeenRow.key))).all()
    return await asyncio.to_thread(_index, rows)


def _index(rows) -> Seen:
    seen = Seen()
    sets = {"source": seen.sources, "quote": seen.quotes, "event": seen.events, "planned": seen.events,
            "identity": seen.identities}
    for kind, key, event in rows:
        sets[kind].add(key)
        if kind == "planned" and event:
            seen.planned.append(Event.model_validate_json(event))
    return seen


async def save(db: Database, rows: list[dict[str, object]], now: dt.datetime) -> None:
    """Store the new rows; another process may have stored some of them first."""
    if not rows:
        return
    statement = db.insert(UpdateSeenRow).on_conflict_do_nothing(index_elements=["kind", "key"])
    async with db.session() as session, session.begin():
        for start in range(0, len(rows), _BATCH):
            await session.execute(statement, [{**r, "seen_at": now} for r in rows[start:start + _BATCH]])
