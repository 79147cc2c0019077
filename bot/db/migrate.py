"""Alembic, run from code: the bot migrates to head when it opens the database.

Alembic is imported only when the database is behind (or a downgrade is asked for): it
costs 9 MB of the bot's resident memory for the rest of its life, and on most starts the
database is already at `HEAD`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0005"  # the newest migration's revision (a test checks it against alembic's own head)
# Any constant: two bot processes starting at once against one PostgreSQL take turns.
_PG_LOCK = 0x5D16E57


class MigrationError(Exception):
    """A migration could not run (alembic's CommandError, by the time it is raised here)."""


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    from alembic.script import ScriptDirectory

    head_revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head_revision is not None
    return head_revision


def current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_alembic, "downgrade", revision)


def _upgrade(connection: Connection, revision: str) -> None:
    if revision == "head" and _version(connection) == HEAD:
        return
    if connection.dialect.name == "postgresql":
        # Held until this transaction ends; PostgreSQL's DDL is transactional, so a second
        # process waits here and then finds nothing left to do.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
    _alembic(connection, "upgrade", revision)


def _version(connection: Connection) -> str | None:
    """The revision recorded in the database, read without alembic (None: none, or several)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def _alembic(connection: Connection, action: str, revision: str) -> None:
    from alembic import command
    from alembic.util import CommandError

    try:
        getattr(command, action)(alembic_config(connection), revision)
    except CommandError as exc:
        raise MigrationError(str(exc)) from exc
