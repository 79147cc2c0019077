"""A digest due while the database cannot take its claim: a SQLite file write-locked by another
connection, a PostgreSQL connection dropped at claim time, a commit whose answer is lost.
The claim is tried again within the run's window; the digest is posted once, never twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from bot.db import Database
from bot.db import database as database_module
from bot.digest import deliveries
from bot.digest.runner import Policy
from tests.bot_fixtures import Clock
from tests.db.fixtures import sqlite_url
from tests.digest import test_bot_faults
from tests.digest.bot_harness import add_seed, digest_bot
from tests.digest.conftest import SEED_A, FakeChannels
from tests.digest.test_bot_faults import DUE, nine_oclock, posts, subscribe
from tests.digest.test_runner import CHANNEL, DAY1, T0, World, text_of

at_nine = test_bot_faults.at_nine  # the fixture: the clock 10 minutes before 09:00, ticking

FAST = {"db_retry_base": 0.05, "db_retry_cap": 0.2}
RETRYING = "trying again in"


async def world_on(db: Database, channels: FakeChannels) -> World:
    w = World(db, channels, Clock(T0))
    await w.setup()
    return w


@pytest_asyncio.fixture
async def sqlite_world(tmp_path: Path, channels: FakeChannels, monkeypatch) -> AsyncIterator[World]:
    # A writer gives up on the lock after 0.1 s rather than 30 s.
    monkeypatch.setattr(database_module, "SQLITE_BUSY_MS", 100)
    async with Database.open(sqlite_url(tmp_path)) as db:
        yield await world_on(db, channels)


async def until_logged(caplog, text: str, times: int) -> None:
    for _ in range(500):
        if sum(text in r.getMessage() for r in caplog.records) >= times:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{text!r} was not logged {times} times: {[r.getMessage() for r in caplog.records]}")


async def test_a_write_lock_held_across_the_due_minute_delays_the_digest_and_it_is_posted_once(
        sqlite_world: World, tmp_path: Path, caplog):
    caplog.set_level(logging.WARNING, logger="bot.digest")
    w = sqlite_world
    w.clock.now = DAY1.due_at - dt.timedelta(seconds=30)
    other = sqlite3.connect(tmp_path / "data" / "bot.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process writing, for longer than the busy timeout
        w.clock.now = DAY1.due_at
        # Two timers for the same run (a catch-up and the scheduled job): only one may post.
        runs = [asyncio.create_task(w.runner(**FAST).run_scheduled(w.sub.id, DAY1)) for _ in range(2)]
        await until_logged(caplog, RETRYING, times=4)
        assert w.channels.posted(CHANNEL) == []
        assert await w.rows() == []
        w.clock.now = DAY1.due_at + dt.timedelta(seconds=90)  # the due minute is over
    finally:
        other.execute("ROLLBACK")
        other.close()
    results = await asyncio.wait_for(asyncio.gather(*runs), 10)
    (part,) = w.channels.posted(CHANNEL)
    assert "There can be no negotiations while weapons are" in text_of(part)
    assert sorted(r is None for r in results) == [False, True]
    (row,) = await w.rows()
    assert (row.state, row.run_key, row.attempts, len(row.message_ids)) == ("sent", "2025-05-14", 1, 1)
    assert "the database is locked by another writer; trying again in 0.05 s" in caplog.text


async def test_a_lock_that_outlasts_the_window_gives_up_without_posting(sqlite_world: World, tmp_path: Path, caplog):
    w = sqlite_world
    w.clock.now = DAY1.due_at + dt.timedelta(hours=6) - dt.timedelta(seconds=0.1)  # 0.1 s of window left
    other = sqlite3.connect(tmp_path / "data" / "bot.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError):
            await w.runner(db_retry_base=0.05, db_retry_cap=1.0).run_scheduled(w.sub.id, DAY1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert w.channels.posted(CHANNEL) == []
    assert "gave up after 3 attempts, the window closes" in caplog.text


async def test_the_bot_posts_one_digest_after_a_write_lock_held_across_the_due_minute(
        discord_server, tmp_path: Path, at_nine, monkeypatch, caplog):
    monkeypatch.setattr(database_module, "SQLITE_BUSY_MS", 200)
    caplog.set_level(logging.WARNING, logger="bot.digest")
    add_seed(tmp_path, SEED_A)
    policy = Policy(grace=dt.timedelta(hours=6), retry_base=0.2, retry_cap=1.0, db_retry_base=0.1, db_retry_cap=0.5)
    async with digest_bot(discord_server, tmp_path, sqlite_url(tmp_path), policy=policy) as bot:
        await subscribe(bot)
        other = sqlite3.connect(tmp_path / "data" / "bot.db", isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            nine_oclock(bot, at_nine)
            await until_logged(caplog, RETRYING, times=3)
            at_nine.move_to(DUE + dt.timedelta(seconds=70))  # past the due minute, lock still held
            await until_logged(caplog, RETRYING, times=4)
            assert bot.digests("announcements") == []
        finally:
            other.execute("ROLLBACK")
            other.close()
        (message,) = await bot.wait_for_digests("announcements", timeout=15)
        row = await bot.wait_for_state("announcements", "sent")
        assert message.content.startswith("**Daily digest · Wed 14 May 2025**")
        assert row.message_ids == (int(message.id),)
        assert len(await bot.rows("announcements")) == 1
        assert len(posts(discord_server, 200)) == 1


class DropAtClaim:
    """The database connection breaks as the claim is made: before it reaches the database
    (PostgreSQL: the server ends the backend), or after its commit (the answer is lost)."""

    def __init__(self, db: Database, *, after_commit: bool = False) -> None:
        self.db, self.after_commit, self.dropped = db, after_commit, 0
        self._claiming = False

    def _before(self, _conn, _cursor, statement: str, parameters, _context, _many):
        if statement.lstrip().upper().startswith("INSERT INTO DIGEST_DELIVERIES") and not self.dropped:
            if not self.after_commit:
                self.dropped += 1
                return "SELECT pg_terminate_backend(pg_backend_pid())", ()
            self._claiming = True
        return statement, parameters

    def _committed(self, _session) -> None:
        if self._claiming:
            self._claiming, self.dropped = False, self.dropped + 1
            raise OperationalError("COMMIT", {}, ConnectionResetError(104, "Connection reset by peer"),
                                   connection_invalidated=True)

    def __enter__(self) -> DropAtClaim:
        event.listen(self.db.engine.sync_engine, "before_cursor_execute", self._before, retval=True)
        event.listen(Session, "after_commit", self._committed)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.db.engine.sync_engine, "before_cursor_execute", self._before)
        event.remove(Session, "after_commit", self._committed)


@pytest.mark.postgres
async def test_a_connection_dropped_at_claim_time_on_postgresql_still_gives_one_digest(
        postgres_url: str, channels: FakeChannels, caplog):
    async with Database.open(postgres_url) as db:
        w = await world_on(db, channels)
        w.clock.now = DAY1.due_at
        with DropAtClaim(db) as drop:
            delivery = await w.runner(**FAST).run_scheduled(w.sub.id, DAY1)
        assert drop.dropped == 1
        assert "the database connection failed" in caplog.text
        assert (delivery.state, delivery.attempts) == ("sent", 1)
        assert len(w.channels.posted(CHANNEL)) == 1
        assert [r.state for r in await w.rows()] == ["sent"]


async def test_a_claim_committed_before_its_connection_dropped_is_still_posted_once(
        any_database: Database, channels: FakeChannels):
    w = await world_on(any_database, channels)
    w.clock.now = DAY1.due_at
    with DropAtClaim(any_database, after_commit=True) as drop:
        delivery = await w.runner(**FAST).run_scheduled(w.sub.id, DAY1)
    assert drop.dropped == 1
    assert delivery is not None and delivery.state == "sent"
    assert len(w.channels.posted(CHANNEL)) == 1
    (row,) = await w.rows()
    assert (row.state, row.attempts) == ("sent", 1)
    # Another timer for the same run, even right after, finds the claim taken.
    assert await w.runner(**FAST).run_scheduled(w.sub.id, DAY1) is None
    assert len(w.channels.posted(CHANNEL)) == 1
    assert len(await deliveries.history(any_database, w.sub.id)) == 1


class LockWhen:
    """Another connection takes the SQLite write lock at a chosen moment of the run."""

    def __init__(self, path: Path) -> None:
        self.path, self.other = path, None

    def take(self) -> None:
        if self.other is None:
            self.other = sqlite3.connect(self.path, isolation_level=None)
            self.other.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.other is not None:
            self.other.execute("ROLLBACK")
            self.other.close()
            self.other = None


@pytest.mark.parametrize("locked_at", ["after the claim", "after posting"])
async def test_a_lock_after_the_claim_is_waited_out_and_the_digest_is_posted_once(sqlite_world: World, tmp_path,
                                                                                  monkeypatch, locked_at: str):
    w = sqlite_world
    w.clock.now = DAY1.due_at
    lock = LockWhen(tmp_path / "data" / "bot.db")
    claim, send = deliveries.claim, w.channels.send

    async def claim_then_lock(*args, **kwargs):
        claimed = await claim(*args, **kwargs)
        lock.take()
        return claimed

    async def send_then_lock(*args, **kwargs):
        message_id = await send(*args, **kwargs)
        lock.take()  # posted, and the bot cannot record it
        return message_id

    if locked_at == "after the claim":
        monkeypatch.setattr(deliveries, "claim", claim_then_lock)
    else:
        monkeypatch.setattr(w.channels, "send", send_then_lock)
    runner = w.runner(**FAST)
    try:
        first = await runner.run_scheduled(w.sub.id, DAY1)
    finally:
        monkeypatch.undo()
        lock.release()
    ((delivery_id, at),) = w.retries
    assert first.id == delivery_id and at > DAY1.due_at
    w.clock.now = at
    done = await runner.resume(delivery_id)
    (part,) = w.channels.posted(CHANNEL)
    (row,) = await w.rows()
    assert (done.state, row.state, row.message_ids) == ("sent", "sent", (w.channels.messages[CHANNEL][0][0],))
    assert "There can be no negotiations while weapons are" in text_of(part)


async def test_an_error_that_is_not_transient_is_not_retried(sqlite_world: World, monkeypatch, caplog):
    w = sqlite_world
    w.clock.now = DAY1.due_at
    calls = 0

    async def broken_claim(*args, **kwargs):
        nonlocal calls
        calls += 1
        raise IntegrityError("INSERT INTO digest_deliveries", {}, sqlite3.IntegrityError("NOT NULL constraint failed"))

    monkeypatch.setattr(deliveries, "claim", broken_claim)
    with pytest.raises(IntegrityError):
        await w.runner(**FAST).run_scheduled(w.sub.id, DAY1)
    assert calls == 1
    assert RETRYING not in caplog.text
