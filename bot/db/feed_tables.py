"""The feeds' tables: the feeds polled, and every item seen with what was decided about it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base
from bot.db.types import RowId, Snowflake, UTCDateTime


class FeedRow(Base):
    """One RSS or Atom feed: where it is, how often to poll it, and how the last polls went."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(String(2000), nullable=False, unique=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    interval_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    origin: Mapped[str] = mapped_column(String(8), nullable=False)  # "command" or "config"
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    added_by: Mapped[int | None] = mapped_column(Snowflake, nullable=True)
    # The validators of the last 200 answer: the next poll asks "changed since?" with them.
    etag: Mapped[str | None] = mapped_column(String(500), nullable=True)
    last_modified: Mapped[str | None] = mapped_column(String(100), nullable=True)
    next_poll_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_result: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_new_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Failed polls in a row: the backoff grows with it; a good poll sets it back to 0.
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    failure: Mapped[str | None] = mapped_column(Text, nullable=True)
    failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set when the feed answered 410 Gone: it is not polled again until added anew.
    stopped_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Several bot processes may share one database: whoever holds the lease polls.
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class FeedItemRow(Base):
    """One item of one feed, and what became of it: taken, skipped (and why), or still to do."""

    __tablename__ = "feed_items"
    __table_args__ = (
        UniqueConstraint("feed_id", "guid"),
        Index("ix_feed_items_canonical_url", "canonical_url"),
        Index("ix_feed_items_decided_at", "decided_at"),
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(
        RowId, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False, index=True
    )
    guid: Mapped[str] = mapped_column(String(500), nullable=False)
    url: Mapped[str] = mapped_column(String(2000), nullable=False)
    canonical_url: Mapped[str] = mapped_column(String(2000), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    published: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    # pending → taken | skipped | duplicate | failed (failed is tried again up to a limit)
    decision: Mapped[str] = mapped_column(String(10), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    source_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
