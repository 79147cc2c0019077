"""The real bot with its database, against the loopback Discord, for the digest tests.

Time is controlled with time-machine: the bot's clock and APScheduler's both read the
patched `datetime.now`, so a test starts a few seconds before a digest is due and waits
only those seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.client import StoryBot
from bot.db import Database
from bot.digest import deliveries, subscriptions
from bot.digest.runner import Policy
from bot.digest.service import DigestService
from bot.exts.digest.lifecycle import POLICY, SERVICE
from bot.runtime import Runtime
from tests.bot_fixtures import make_settings
from tests.loopback_discord.client import RunningBot, running_bot
from tests.loopback_discord.reply import MessageView
from tests.loopback_discord.server import LoopbackDiscord

ROOT = Path(__file__).resolve().parents[2]
EXTENSIONS = ("bot.exts.digest.commands",)
# Retries in tenths of a second rather than minutes.
FAST = Policy(grace=dt.timedelta(hours=6), retry_base=0.2, retry_cap=1.0)


def add_seed(tmp_path: Path, source_id: str) -> None:
    """A source (and its committed summary) appears in the bot's folders."""
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "summaries").mkdir(exist_ok=True)
    shutil.copy(ROOT / "seeds" / f"{source_id}.md", tmp_path / "seeds")
    shutil.copy(ROOT / "summaries" / f"{source_id}.json", tmp_path / "summaries")


class DigestBot:
    """A running bot plus what the tests read: its database, service and the channels."""

    def __init__(self, running: RunningBot, server: LoopbackDiscord, runtime: Runtime) -> None:
        self.running = running
        self.server = server
        self.runtime = runtime
        self.driver = server.driver

    @property
    def db(self) -> Database:
        return self.runtime.db

    @property
    def service(self) -> DigestService:
        return self.runtime.services[SERVICE]

    def channel_id(self, name: str) -> int:
        return int(self.server.channel(name).id)

    def digests(self, channel: str) -> list[MessageView]:
        """The bot's (or a webhook's) messages in `channel`, oldest first."""
        return self.driver.messages(channel)

    async def rows(self, channel: str) -> list[deliveries.Delivery]:
        sub = await subscriptions.get(self.db, channel_id=self.channel_id(channel))
        return await deliveries.history(self.db, sub.id) if sub else []

    async def wait_for_digests(self, channel: str, count: int = 1, timeout: float = 10.0) -> list[MessageView]:  # noqa: ASYNC109
        """Until `channel` holds `count` messages and no delivery is still in progress."""
        async def settled() -> bool:
            open_rows = await deliveries.open_deliveries(self.db)
            return len(self.digests(channel)) >= count and not any(r.state == "claimed" for r in open_rows)

        deadline = asyncio.get_running_loop().time() + timeout
        while not await settled():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"#{channel} has {len(self.digests(channel))} message(s), expected {count}")
            await asyncio.sleep(0.05)
        return self.digests(channel)

    async def settled(self) -> dict[str, dt.datetime]:
        """Once every digest job due by now has run: the jobs still ahead, id → when. Nothing
        can be posted before those, however slow the bot is."""
        polls = 0

        async def idle_twice() -> bool:  # twice: a job just taken from the scheduler starts next turn
            nonlocal polls
            polls = polls + 1 if self.service.idle() else 0
            return polls >= 2

        await eventually(idle_twice, what="the digest jobs due by now have run")
        return {job.id: job.next_run_time.astimezone(dt.UTC) for job in self.service.scheduler.get_jobs()}

    async def wait_for_state(self, channel: str, state: str, timeout: float = 10.0) -> deliveries.Delivery:  # noqa: ASYNC109
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            rows = await self.rows(channel)
            if rows and rows[-1].state == state:
                return rows[-1]
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"#{channel}'s last delivery is {rows[-1] if rows else None}, not {state}")
            await asyncio.sleep(0.05)


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 10.0, what: str = "") -> None:  # noqa: ASYNC109
    """Poll `check` (it reads the database, which has no change events) until it holds."""
    for _ in range(int(timeout / 0.02)):
        if await check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"still not true after {timeout} s: {what or check}")


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}: {record.getMessage()} {record.exc_info[1] if record.exc_info else ''}")


@contextlib.asynccontextmanager
async def digest_bot(server: LoopbackDiscord, tmp_path: Path, db_url: str, *, policy: Policy = FAST,
                     fail_on_errors: bool = True, **sections: dict[str, Any]) -> AsyncIterator[DigestBot]:
    """Start the bot on the seeds in tmp_path with a database at `db_url`; stop it on exit.
    Entering again with the same arguments is a restart."""
    errors = _Errors()
    logging.getLogger("bot").addHandler(errors)
    try:
        async with _digest_bot(server, tmp_path, db_url, policy, fail_on_errors, sections) as bot:
            yield bot
    finally:
        logging.getLogger("bot").removeHandler(errors)
    # The service logs what it cannot hand to anyone (a crashed job); a test must not miss it.
    assert not errors.lines, "the bot logged errors:\n" + "\n".join(errors.lines)


@contextlib.asynccontextmanager
async def _digest_bot(server: LoopbackDiscord, tmp_path: Path, db_url: str, policy: Policy, fail_on_errors: bool,
                      sections: dict[str, Any]) -> AsyncIterator[DigestBot]:
    settings = make_settings(server, tmp_path, **sections)
    runtime = Runtime.from_settings(settings)
    await runtime.briefings.reload(keep_going=True, write=False)
    async with Database.open(db_url) as db:
        runtime.db = db
        runtime.services[POLICY] = policy
        bot = StoryBot(runtime, extensions=EXTENSIONS)
        async with running_bot(bot, server, fail_on_errors=fail_on_errors) as running:
            await server.driver.wait_for_commands()
            await asyncio.wait_for(runtime.services[SERVICE].running.wait(), 10)
            yield DigestBot(running, server, runtime)
