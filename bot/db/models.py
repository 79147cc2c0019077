"""The declarative base and the audit log. Every schema change needs a migration in
`bot/db/migrations/versions/`; `bot/db/digest_tables.py` holds the digest's tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Index, MetaData, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.types import RowId, Snowflake, UTCDateTime

# Named constraints, so migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class AuditRow(Base):
    """One admin action: who, when, what, and how it ended."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_guild_id_id", "guild_id", "id"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    guild_id: Mapped[int | None] = mapped_column(Snowflake, nullable=True)
    user_id: Mapped[int] = mapped_column(Snowflake, nullable=False)
    user_name: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    target: Mapped[str] = mapped_column(Text, nullable=False)
    result: Mapped[str] = mapped_column(Text, nullable=False)
    ok: Mapped[bool] = mapped_column(Boolean, nullable=False)
