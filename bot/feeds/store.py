"""Feeds and their items in the database: the one record of what was polled and decided.

Several bot processes may share one PostgreSQL database; a feed is polled by whoever holds its
lease (a conditional UPDATE, so two processes never both win it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin.addresses import check_url
from bot.admin.errors import FetchError
from bot.db.feed_tables import FeedItemRow, FeedRow
from bot.feeds.urls import canonical_url

if TYPE_CHECKING:
    from bot.db import Database
    from bot.feeds.parse import FeedItem

MAX_ATTEMPTS = 5  # an item whose article could not be fetched is tried again this many times
PENDING, TAKEN, SKIPPED, DUPLICATE, FAILED = "pending", "taken", "skipped", "duplicate", "failed"


class FeedStoreError(ValueError):
    """A request that cannot be applied; the message is for the operator who made it."""


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    name: str | None
    interval_minutes: int
    origin: str
    etag: str | None
    last_modified: str | None
    next_poll_at: dt.datetime
    last_polled_at: dt.datetime | None
    last_result: str | None
    last_new_at: dt.datetime | None
    failures: int
    failure: str | None
    failed_at: dt.datetime | None
    stopped_at: dt.datetime | None

    @property
    def label(self) -> str:
        return self.name or self.url

    @classmethod
    def from_row(cls, row: FeedRow) -> Feed:
        return cls(row.id, row.url, row.name, row.interval_minutes, row.origin, row.etag,
                   row.last_modified, row.next_poll_at, row.last_polled_at, row.last_result,
                   row.last_new_at, row.failures, row.failure, row.failed_at, row.stopped_at)


@dataclass(frozen=True)
class Item:
    id: int
    feed_id: int
    url: str
    title: str
    published: dt.datetime | None
    decision: str
    reason: str
    source_id: str | None
    attempts: int
    decided_at: dt.datetime
    summary: str = ""  # kept in memory for the cycle that saw it, not stored

    @classmethod
    def from_row(cls, row: FeedItemRow, summary: str = "") -> Item:
        return cls(row.id, row.feed_id, row.url, row.title, row.published, row.decision, row.reason,
                   row.source_id, row.attempts, row.decided_at, summary)


class FeedStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, url: str, *, name: str | None, interval_minutes: int, origin: str,
                  now: dt.datetime, added_by: int | None = None) -> Feed:
        async with self.db.session() as session, session.begin():
            if await session.scalar(select(FeedRow.id).where(FeedRow.url == url)) is not None:
                raise FeedStoreError("That feed is already followed.")
            row = FeedRow(url=url, name=name, interval_minutes=interval_minutes, origin=origin,
                          added_at=now, added_by=added_by, next_poll_at=now, failures=0)
            session.add(row)
            await session.flush()
            return Feed.from_row(row)

    async def add_checked(self, url: str, *, allow_private: bool, name: str | None, interval_minutes: int,
                          now: dt.datetime, added_by: int | None = None) -> Feed:
        """A feed an operator names (/feed add, the console): its address checked as for
        `/source add` first. FeedStoreError says why it was refused, whatever refused it."""
        try:
            checked = str(check_url(url, allow_private=allow_private))
        except FetchError as exc:
            raise FeedStoreError(exc.message) from exc
        return await self.add(checked, name=name, interval_minutes=interval_minutes, origin="command", now=now,
                              added_by=added_by)

    async def remove(self, feed_id: int) -> Feed:
        async with self.db.session() as session, session.begin():
            row = await session.get(FeedRow, feed_id)
            if row is None:
                raise FeedStoreError(f"No feed has the id {feed_id}; `/feed list` shows them.")
            feed = Feed.from_row(row)
            await session.delete(row)
            return feed

    async def sync_config(self, declared: Sequence[tuple[str, str | None, int]], now: dt.datetime) -> None:
        """The feeds declared in the config, as (url, name, interval): added, updated, or dropped
        when no longer declared. Feeds added by command are left alone."""
        wanted = {url: (name, minutes) for url, name, minutes in declared}
        async with self.db.session() as session, session.begin():
            rows = (await session.scalars(select(FeedRow))).all()
            have = {row.url: row for row in rows}
            for row in rows:
                if row.origin == "config" and row.url not in wanted:
                    await session.delete(row)
            for url, (name, minutes) in wanted.items():
                row = have.get(url)
                if row is None:
                    session.add(FeedRow(url=url, name=name, interval_minutes=minutes, origin="config",
                                        added_at=now, next_poll_at=now, failures=0))
                else:
                    row.name, row.interval_minutes = name or row.name, minutes

    async def feeds(self) -> list[Feed]:
        async with self.db.session() as session:
            rows = (await session.scalars(select(FeedRow).order_by(FeedRow.id))).all()
            return [Feed.from_row(r) for r in rows]

    async def lease_due(self, owner: str, now: dt.datetime, lease: dt.timedelta, *,
                        due_only: bool = True) -> list[Feed]:
        """The due feeds (every feed not stopped, with `due_only` False) this process may poll
        now, each leased to `owner` until now + lease: one conditional UPDATE, so of two
        processes asking at once each feed goes to one."""
        free = or_(FeedRow.lease_until.is_(None), FeedRow.lease_until < now, FeedRow.lease_owner == owner)
        due = and_(FeedRow.stopped_at.is_(None), free, FeedRow.next_poll_at <= now if due_only else true())
        async with self.db.session() as session, session.begin():
            ids = (await session.scalars(update(FeedRow).where(due).values(lease_owner=owner, lease_until=now + lease)
                                         .returning(FeedRow.id))).all()
            rows = (await session.scalars(select(FeedRow).where(FeedRow.id.in_(ids))
                                          .order_by(FeedRow.next_poll_at, FeedRow.id))).all()
            return [Feed.from_row(r) for r in rows]

    async def polled(self, feed: Feed, *, now: dt.datetime, next_poll_at: dt.datetime,
                     items: Sequence[FeedItem] | None = None, etag: str | None = None,
                     last_modified: str | None = None, moved_to: str | None = None) -> list[Item]:
        """A good poll, in one transaction: its new items stored (see `_record_new`; `items`
        None for a 304), the validators kept, the failures forgotten, the lease given back."""
        async with self.db.session() as session, session.begin():
            row = await session.get(FeedRow, feed.id)
            if row is None:
                return []  # removed while it was polled
            new = await _record_new(session, feed.id, items or (), now)
            fresh = sum(1 for i in new if i.decision != DUPLICATE)
            # A feed from the config keeps the address written there (the config is synced on every
            # start, and would take a changed row for a feed no longer declared): it says so instead.
            moved = ""
            if moved_to and row.origin == "config":
                moved = f"; moved permanently to {moved_to}: write that address in [[feeds]]"
            elif moved_to and await session.scalar(select(FeedRow.id).where(FeedRow.url == moved_to)) is None:
                row.url = moved_to
            if items is not None:
                row.etag, row.last_modified = etag, last_modified
                row.last_result = f"{len(items)} items, {fresh} new{moved}"
            else:
                row.last_result = f"not modified{moved}"
            row.last_polled_at, row.next_poll_at = now, next_poll_at
            if fresh:
                row.last_new_at = now
            row.failures, row.failure, row.failed_at = 0, None, None
            row.lease_owner, row.lease_until = None, None
            return new

    async def failed(self, feed: Feed, *, now: dt.datetime, reason: str, next_poll_at: dt.datetime,
                     gone: bool = False) -> None:
        async with self.db.session() as session, session.begin():
            row = await session.get(FeedRow, feed.id)
            if row is None:
                return
            row.last_polled_at, row.last_result, row.next_poll_at = now, f"failed: {reason}", next_poll_at
            row.failures += 1
            row.failure, row.failed_at = reason, now
            if gone:
                row.stopped_at = now
            row.lease_owner, row.lease_until = None, None

    async def pending(self, limit: int) -> list[Item]:
        """Items still to decide, and failed ones to try again, oldest first."""
        todo = or_(FeedItemRow.decision == PENDING,
                   and_(FeedItemRow.decision == FAILED, FeedItemRow.attempts < MAX_ATTEMPTS))
        async with self.db.session() as session:
            rows = (await session.scalars(select(FeedItemRow).where(todo)
                                          .order_by(FeedItemRow.first_seen_at, FeedItemRow.id).limit(limit))).all()
            return [Item.from_row(r) for r in rows]

    async def decide(self, item: Item, decision: str, reason: str, now: dt.datetime, *,
                     source_id: str | None = None, attempted: bool = False, attempts: int | None = None) -> None:
        """`attempted`: one more try counted; `attempts`: set outright (MAX_ATTEMPTS: never again)."""
        tries = FeedItemRow.attempts + (1 if attempted else 0) if attempts is None else attempts
        async with self.db.session() as session, session.begin():
            await session.execute(update(FeedItemRow).where(FeedItemRow.id == item.id).values(
                decision=decision, reason=reason[:1000], source_id=source_id, decided_at=now, attempts=tries))

    async def recent_taken(self, since: dt.datetime, limit: int) -> list[Item]:
        async with self.db.session() as session:
            rows = (await session.scalars(select(FeedItemRow).where(
                FeedItemRow.decision == TAKEN, FeedItemRow.decided_at >= since)
                .order_by(FeedItemRow.decided_at.desc()).limit(limit))).all()
            return [Item.from_row(r) for r in rows]

    async def log(self, limit: int, feed_id: int | None = None) -> list[Item]:
        """The latest decisions, newest first (pending items are not decisions yet)."""
        where = [FeedItemRow.decision != PENDING]
        if feed_id is not None:
            where.append(FeedItemRow.feed_id == feed_id)
        async with self.db.session() as session:
            rows = (await session.scalars(select(FeedItemRow).where(*where)
                                          .order_by(FeedItemRow.decided_at.desc(), FeedItemRow.id.desc())
                                          .limit(limit))).all()
            return [Item.from_row(r) for r in rows]


async def _record_new(session: AsyncSession, feed_id: int, items: Sequence[FeedItem], now: dt.datetime) -> list[Item]:
    """The items of a poll not seen before in this feed, stored as pending; an address already
    seen in any feed is stored as a duplicate at once."""
    if not items:
        return []
    guids = [i.guid for i in items]
    known = set((await session.scalars(select(FeedItemRow.guid).where(
        FeedItemRow.feed_id == feed_id, FeedItemRow.guid.in_(guids)))).all())
    fresh = [i for i in items if i.guid not in known]
    canon = {i.guid: canonical_url(i.url) for i in fresh}
    seen = dict((await session.execute(select(FeedItemRow.canonical_url, FeedItemRow.decision).where(
        FeedItemRow.canonical_url.in_(set(canon.values())), FeedItemRow.decision != FAILED))).all())
    added: list[tuple[FeedItemRow, str]] = []
    for item in fresh:
        url = canon[item.guid]
        before = seen.get(url)
        row = FeedItemRow(
            feed_id=feed_id, guid=item.guid, url=item.url, canonical_url=url, title=item.title,
            published=item.published, first_seen_at=now, attempts=0, decided_at=now,
            decision=DUPLICATE if before else PENDING,
            reason=f"the same address as an item already {before}" if before else "",
        )
        seen.setdefault(url, PENDING)
        session.add(row)
        added.append((row, item.summary))
    await session.flush()
    return [Item.from_row(row, summary) for row, summary in added]
