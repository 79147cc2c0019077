"""Database fixtures (a pytest plugin, registered in tests/conftest.py).

`database`: a migrated SQLite database in tmp_path. `database_url` and `any_database`: the
same test against SQLite and, when a server is reachable, PostgreSQL (on the server named by
TEST_DATABASE_URL, emptied before each test); without one the PostgreSQL run is skipped and
says why.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db import Database

PG_ENV = "TEST_DATABASE_URL"


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}"


@pytest_asyncio.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database.open(sqlite_url(tmp_path)) as db:
        yield db


async def _admin(admin_url: str, *statements: str) -> None:
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """One database on the server for the whole run, dropped at the end (creating one per
    test costs half a second; emptying the tables costs a few milliseconds)."""
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"no PostgreSQL: set {PG_ENV}=postgresql+asyncpg://user:password@127.0.0.1/postgres "
                    "(bash .ci/run starts one when PostgreSQL is installed)")
    name = f"test_{uuid.uuid4().hex[:16]}"
    try:
        asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        pytest.skip(f"PostgreSQL at {PG_ENV} is not reachable: {type(exc).__name__}: {exc}")
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest_asyncio.fixture
async def postgres_url(postgres_database: str) -> str:
    """The session's PostgreSQL database with every table emptied, as a fresh one would be."""
    engine = create_async_engine(postgres_database)
    try:
        async with engine.begin() as conn:
            tables = (await conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            ))).scalars().all()
            if tables:
                await conn.execute(text(f"TRUNCATE {', '.join(f'{t!r}'.replace(chr(39), chr(34)) for t in tables)} "
                                        "RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()
    return postgres_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("postgres_url")


@pytest_asyncio.fixture
async def any_database(database_url: str) -> AsyncIterator[Database]:
    async with Database.open(database_url) as db:
        yield db
