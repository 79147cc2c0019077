"""The admin audit log as `/source history` reads it."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.db import Database, audit

GUILD, OTHER = 1_000_000_000_000_000_001, 1_000_000_000_000_000_002
T0 = dt.datetime(2025, 5, 16, 9, 0, tzinfo=dt.UTC)


async def _record(db: Database, n: int, *, guild_id: int | None = GUILD, ok: bool = True) -> None:
    await audit.record(db, guild_id=guild_id, user_id=10 + n, user_name=f"admin{n}", action="reload",
                       target=f"seeds/{n}.md", result=f"result {n}", ok=ok, at=T0 + dt.timedelta(minutes=n))


async def test_latest_is_newest_first_with_every_field(any_database: Database):
    for n in range(3):
        await _record(any_database, n, ok=n != 1)
    entries = await audit.latest(any_database, guild_id=GUILD)
    assert [(e.user_name, e.target, e.result, e.ok) for e in entries] == [
        ("admin2", "seeds/2.md", "result 2", True),
        ("admin1", "seeds/1.md", "result 1", False),
        ("admin0", "seeds/0.md", "result 0", True),
    ]
    assert entries[0].at == T0 + dt.timedelta(minutes=2)
    assert entries[0].user_id == 12
    assert entries[0].guild_id == GUILD
    assert entries[0].action == "reload"


async def test_latest_keeps_to_one_guild_and_the_limit(any_database: Database):
    for n in range(12):
        await _record(any_database, n)
    await _record(any_database, 50, guild_id=OTHER)
    await _record(any_database, 60, guild_id=None)
    mine = await audit.latest(any_database, guild_id=GUILD)
    assert [e.user_name for e in mine] == [f"admin{n}" for n in range(11, 1, -1)]
    assert [e.user_name for e in await audit.latest(any_database, guild_id=OTHER, limit=5)] == ["admin50"]
    assert [e.user_name for e in await audit.latest(any_database, guild_id=None)] == ["admin60"]


async def test_an_entry_without_an_action_is_refused_and_not_stored(database: Database):
    with pytest.raises(ValueError, match="needs an action"):
        await audit.record(database, guild_id=GUILD, user_id=1, user_name="a", action=" ", target="t",
                           result="r", ok=True)
    assert await audit.latest(database, guild_id=GUILD) == []


async def test_the_time_defaults_to_now_in_utc(database: Database):
    before = dt.datetime.now(dt.UTC)
    await audit.record(database, guild_id=None, user_id=1, user_name="a", action="x", target="t",
                       result="r", ok=True)
    (entry,) = await audit.latest(database, guild_id=None)
    assert before <= entry.at <= dt.datetime.now(dt.UTC)
