"""The database handle, migrations and the column types, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

# Registers the digest's, the feeds' and the updates' tables on Base.
import bot.db.digest_tables
import bot.db.feed_tables
import bot.db.update_tables  # noqa: F401
from bot.db import Database
from bot.db.migrate import HEAD, current, downgrade, head, upgrade
from bot.db.models import AuditRow, Base

ROOT = Path(__file__).resolve().parents[2]
# Every table the migrations create, registered on Base by importing its module.
TABLES = {"alembic_version", "audit_log", "digest_subscriptions", "digest_deliveries", "digest_known_items",
          "feeds", "feed_items", "update_subscriptions", "update_changes", "update_seen",
          "update_deliveries"}


async def _tables(db: Database) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def test_open_creates_the_parent_folder_and_migrates_to_head(tmp_path: Path):
    path = tmp_path / "not" / "yet" / "there.db"
    async with Database.open(f"sqlite+aiosqlite:///{path}") as db:
        assert await _tables(db) >= TABLES
        async with db.engine.connect() as conn:
            assert await conn.run_sync(current) == head()
    assert path.exists()


async def test_opening_again_keeps_the_rows(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    at = dt.datetime(2025, 5, 16, 9, 0, tzinfo=dt.UTC)
    async with Database.open(url) as db, db.session() as session, session.begin():
        session.add(AuditRow(at=at, guild_id=1, user_id=2, user_name="a", action="x", target="t",
                             result="r", ok=True))
    async with Database.open(url) as db, db.session() as session:
        assert [r.action for r in (await session.scalars(select(AuditRow))).all()] == ["x"]


async def test_in_memory_sqlite_is_one_database_across_sessions():
    async with Database.open("sqlite+aiosqlite:///:memory:") as db:
        assert await _tables(db) >= TABLES


async def test_the_models_match_the_migrated_schema(any_database: Database):
    def diff(conn):
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)

    async with any_database.engine.connect() as conn:
        assert await conn.run_sync(diff) == []


async def test_migrations_go_down_to_nothing_and_up_again(any_database: Database):
    await downgrade(any_database.engine, "base")
    assert await _tables(any_database) <= {"alembic_version"}
    await upgrade(any_database.engine)
    assert await _tables(any_database) >= TABLES


def test_head_is_alembics_head():
    assert head() == HEAD


async def test_a_database_behind_is_migrated_when_opened(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    async with Database.open(url) as db:
        await downgrade(db.engine, "0001")
        assert "digest_subscriptions" not in await _tables(db)
    async with Database.open(url) as db:
        assert await _tables(db) >= TABLES
        async with db.engine.connect() as conn:
            assert await conn.run_sync(current) == HEAD


def test_opening_a_database_at_head_does_not_load_alembic(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    script = (
        "import asyncio, sys\n"
        "from bot.db import Database\n"
        "async def main():\n"
        f"    async with Database.open({url!r}) as db:\n"
        "        pass\n"
        "asyncio.run(main())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )

    def run() -> str:
        return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              cwd=ROOT).stdout.strip()

    assert run() != "[]"  # a new file: migrated by alembic
    assert run() == "[]"  # at head: read with one query


async def test_datetimes_come_back_aware_in_utc(any_database: Database):
    kyiv = dt.timezone(dt.timedelta(hours=3))
    async with any_database.session() as session, session.begin():
        session.add(AuditRow(at=dt.datetime(2025, 5, 16, 12, 0, tzinfo=kyiv), guild_id=None, user_id=1,
                             user_name="a", action="x", target="t", result="r", ok=True))
    async with any_database.session() as session:
        row = (await session.scalars(select(AuditRow))).one()
    assert row.at == dt.datetime(2025, 5, 16, 9, 0, tzinfo=dt.UTC)
    assert row.at.utcoffset() == dt.timedelta(0)


async def test_a_naive_datetime_is_refused_and_nothing_is_written(database: Database):
    with pytest.raises(Exception, match="naive datetime"):
        async with database.session() as session, session.begin():
            session.add(AuditRow(at=dt.datetime(2025, 5, 16, 12, 0), guild_id=None, user_id=1,
                                 user_name="a", action="x", target="t", result="r", ok=True))
    async with database.session() as session:
        assert (await session.execute(text("SELECT count(*) FROM audit_log"))).scalar_one() == 0


async def test_snowflakes_keep_all_64_bits(any_database: Database):
    big = 1_371_234_567_890_123_456
    async with any_database.session() as session, session.begin():
        session.add(AuditRow(at=dt.datetime.now(dt.UTC), guild_id=big, user_id=big + 1, user_name="a",
                             action="x", target="t", result="r", ok=True))
    async with any_database.session() as session:
        row = (await session.scalars(select(AuditRow))).one()
    assert (row.guild_id, row.user_id) == (big, big + 1)


async def test_an_unreachable_server_is_a_clear_error_without_the_password():
    from bot.db import DatabaseUnavailable

    # Port 9 (discard) on loopback: nothing listens there.
    with pytest.raises(DatabaseUnavailable) as caught:
        async with Database.open("postgresql+asyncpg://bot:s3cret@127.0.0.1:9/bot"):
            pass
    assert str(caught.value).startswith("postgresql+asyncpg://bot:***@127.0.0.1:9/bot: ")
    assert "s3cret" not in str(caught.value)


async def test_a_sqlite_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path):
    from bot.db import DatabaseUnavailable

    path = tmp_path / "bot.db"
    path.write_text("these are not the bytes of a database " * 100)
    with pytest.raises(DatabaseUnavailable, match="file is not a database"):
        async with Database.open(f"sqlite+aiosqlite:///{path}"):
            pass


async def test_serialized_transactions_take_turns_on_postgresql(postgres_url: str):
    """Recording update changes and claiming a round never interleave (bot/updates/store.py)."""
    import asyncio

    async with Database.open(postgres_url) as db:
        async with db.session() as first, first.begin():
            await db.serialize(first, "update changes")

            async def second() -> None:
                async with db.session() as other, other.begin():
                    await db.serialize(other, "update changes")

            waiting = asyncio.create_task(second())
            await asyncio.sleep(0.3)
            assert not waiting.done()  # held off while the first transaction runs
        await asyncio.wait_for(waiting, 5)  # and let through once it ended
