"""Database fixtures (a pytest plugin, registered in tests/conftest.py).

`database`: a migrated SQLite database in tmp_path. `any_database`: the same test against
SQLite and, when a server is reachable, PostgreSQL (a fresh database per test on the
server named by TEST_DATABASE_URL); without one the PostgreSQL run is skipped and says why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
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


async def _server_reachable(admin_url: str) -> str | None:
    """None when reachable, else why not."""
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        await engine.dispose()
    return None


@pytest_asyncio.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"no PostgreSQL: set {PG_ENV}=postgresql+asyncpg://user:password@127.0.0.1/postgres "
                    "(bash .ci/run starts one when PostgreSQL is installed)")
    problem = await _server_reachable(admin_url)
    if problem:
        pytest.skip(f"PostgreSQL at {PG_ENV} is not reachable: {problem}")
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            async with admin.connect() as conn:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("postgres_url")


@pytest_asyncio.fixture
async def any_database(database_url: str) -> AsyncIterator[Database]:
    async with Database.open(database_url) as db:
        yield db
