"""The database handle: one async engine, sessions on demand, migrated to head when opened."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool

from bot.db.migrate import MigrationError, upgrade
from bot.extras import MissingExtra, require

# How long a SQLite writer waits for another writer before giving up: digests fan out
# concurrently, and SQLite takes one writer at a time.
SQLITE_BUSY_MS = 30_000


class DatabaseUnavailable(Exception):
    """The database could not be opened or migrated; the message says which and why."""


class Database:
    """`async with Database.open(url) as db:` then `async with db.session() as session:`."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> AsyncSession:
        return self._sessions()

    async def serialize(self, session: AsyncSession, name: str) -> None:
        """Inside a transaction: wait for every other transaction that serializes on `name` to
        end, and hold them off until this one ends. PostgreSQL runs transactions side by side
        (an advisory lock does it); SQLite has one writer at a time, and a transaction that read
        before another's commit cannot write after it, so nothing is needed there."""
        if self.dialect == "postgresql":
            key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
            await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def insert(self, table: Any) -> Any:
        """The backend's own INSERT, for what plain SQL lacks (ON CONFLICT DO NOTHING, RETURNING)."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, url: str, *, migrate: bool = True, **engine_args: Any) -> AsyncIterator[Database]:
        try:
            engine = create_engine(url, **engine_args)
        except (ArgumentError, OSError) as exc:
            raise DatabaseUnavailable(f"{_shown(url)}: {exc}") from exc
        except MissingExtra as exc:
            raise DatabaseUnavailable(f"{_shown(url)}: {exc.message}") from None
        try:
            if migrate:
                try:
                    await upgrade(engine)
                except (SQLAlchemyError, OSError, MigrationError) as exc:
                    raise DatabaseUnavailable(f"{_shown(url)}: {exc}") from exc
            yield cls(engine)
        finally:
            await engine.dispose()


def _shown(url: str | URL) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable database URL)"


def create_engine(url: str | URL, **engine_args: Any) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_driver_name() == "asyncpg":
        require("asyncpg", "postgres", "PostgreSQL")
    if parsed.get_backend_name() != "sqlite":
        engine_args.setdefault("pool_pre_ping", True)
        return create_async_engine(parsed, **engine_args)
    database = parsed.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if memory:
        # Every new connection to :memory: is a new, empty database: share one.
        engine_args.setdefault("poolclass", StaticPool)
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(parsed, **engine_args)
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets commands read while the digest writes; NORMAL is durable across a bot crash.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()
