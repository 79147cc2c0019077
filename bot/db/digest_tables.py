"""The digest's tables: subscriptions, deliveries (the exactly-once claims), known items."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base
from bot.db.types import RowId, Snowflake, UTCDateTime


class SubscriptionRow(Base):
    """A channel's daily digest: when (local time and IANA zone), how, and whether it works."""

    __tablename__ = "digest_subscriptions"

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    channel_id: Mapped[int] = mapped_column(Snowflake, nullable=False, unique=True)
    guild_id: Mapped[int | None] = mapped_column(Snowflake, nullable=True)
    local_time: Mapped[str] = mapped_column(String(5), nullable=False)  # "HH:MM"
    timezone: Mapped[str] = mapped_column(String(64), nullable=False)
    quiet_day: Mapped[str] = mapped_column(String(8), nullable=False)  # "skip" or "note"
    # A secret: stored so the digest can be posted through it, never shown back.
    webhook_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    origin: Mapped[str] = mapped_column(String(8), nullable=False)  # "command" or "config"
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    # When the time or zone last changed: runs due before then were never owed.
    schedule_set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    created_by: Mapped[int | None] = mapped_column(Snowflake, nullable=True)
    # Where the admin who set it up ran the command: failures are reported there.
    notify_channel_id: Mapped[int | None] = mapped_column(Snowflake, nullable=True)
    failure: Mapped[str | None] = mapped_column(Text, nullable=True)
    failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    admins_told_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DeliveryColumns:
    """A claimed post and its progress, part by part: the columns of every kind of delivery
    (digests, update posts), so one ledger (bot/digest/deliveries.py) serves them all."""

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    # The local date for a scheduled run; "now:<interaction id>" for /digest now.
    run_key: Mapped[str] = mapped_column(String(64), nullable=False)
    local_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    window_ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    # claimed → sent | skipped | failed; retrying between attempts; missed when the bot was down.
    state: Mapped[str] = mapped_column(String(12), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # What this digest covers: items first seen after `covered_from`, up to `covered_until`.
    covered_from: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    covered_until: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    parts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    parts_sent: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    message_ids: Mapped[str] = mapped_column(Text, nullable=False, default="")
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The messages this run posts (JSON), written before the first goes out: a run resumed
    # after a reload posts the rest of the same digest, not parts of a different one.
    content: Mapped[str | None] = mapped_column(Text, nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    claimed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DeliveryRow(DeliveryColumns, Base):
    """One run of a subscription. The unique (subscription, run key) row is the claim on it."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "run_key"),)

    subscription_id: Mapped[int] = mapped_column(
        RowId, ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), nullable=False, index=True
    )


class KnownItemRow(Base):
    """When the bot first saw each source, quote and event: "new since the last digest"."""

    __tablename__ = "digest_known_items"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # source, quote, event
    item_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
