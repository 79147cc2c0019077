"""The update posts' tables: subscriptions, the changes a reload brought, and deliveries (the
exactly-once claims, with the digests' columns: one ledger serves both)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.digest_tables import DeliveryColumns
from bot.db.models import Base
from bot.db.types import RowId, Snowflake, UTCDateTime


class UpdateSubscriptionRow(Base):
    """A channel's update posts: which changes, quiet hours, a limit per hour, a role to ping."""

    __tablename__ = "update_subscriptions"

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    channel_id: Mapped[int] = mapped_column(Snowflake, nullable=False, unique=True)
    guild_id: Mapped[int | None] = mapped_column(Snowflake, nullable=True)
    kinds: Mapped[str] = mapped_column(String(100), nullable=False)  # space-separated, see bot.updates.changes
    actor_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    actor_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    timezone: Mapped[str] = mapped_column(String(64), nullable=False)
    quiet_from: Mapped[str | None] = mapped_column(String(5), nullable=True)  # "HH:MM", local
    quiet_until: Mapped[str | None] = mapped_column(String(5), nullable=True)
    max_per_hour: Mapped[int] = mapped_column(Integer, nullable=False)
    ping_role_id: Mapped[int | None] = mapped_column(Snowflake, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    created_by: Mapped[int | None] = mapped_column(Snowflake, nullable=True)
    notify_channel_id: Mapped[int | None] = mapped_column(Snowflake, nullable=True)
    failure: Mapped[str | None] = mapped_column(Text, nullable=True)
    failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    admins_told_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class UpdateChangeRow(Base):
    """One change a reload brought to the story, as its post says it. The unique key makes
    every process that saw the same reload record it once."""

    __tablename__ = "update_changes"

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    actors: Mapped[str] = mapped_column(Text, nullable=False)  # space-separated actor ids
    headline: Mapped[str] = mapped_column(Text, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)


class UpdateSeenRow(Base):
    """An item the update posts have seen (source, quote, event, an event's identity), and each
    planned event as it was (JSON): what a reload or a start is compared with."""

    __tablename__ = "update_seen"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    event: Mapped[str | None] = mapped_column(Text, nullable=True)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class UpdateDeliveryRow(DeliveryColumns, Base):
    """One update post (or a few, the rest folded) claimed for a channel: the changes first
    seen after `covered_from`, up to `covered_until`."""

    __tablename__ = "update_deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "run_key"),)

    subscription_id: Mapped[int] = mapped_column(
        RowId, ForeignKey("update_subscriptions.id", ondelete="CASCADE"), nullable=False, index=True
    )
