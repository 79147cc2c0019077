"""The real bot with its database and the update posts, against the loopback Discord.

As in the digest tests, time-machine moves the clock the bot and APScheduler both read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bot.client import StoryBot
from bot.db import Database
from bot.db.update_tables import UpdateDeliveryRow
from bot.digest import deliveries
from bot.digest.runner import Policy
from bot.exts.digest.lifecycle import POLICY
from bot.exts.updates.lifecycle import SERVICE
from bot.runtime import Runtime
from bot.updates import subscriptions
from bot.updates.service import UpdateService
from tests.bot_fixtures import make_settings
from tests.digest.bot_harness import FAST, _Errors, eventually
from tests.loopback_discord.client import running_bot
from tests.loopback_discord.reply import MessageView
from tests.loopback_discord.server import LoopbackDiscord
from tests.updates.articles import write

EXTENSIONS = ("bot.exts.updates.commands",)


class UpdateBot:
    def __init__(self, server: LoopbackDiscord, runtime: Runtime, folder: Path) -> None:
        self.server = server
        self.driver = server.driver
        self.runtime = runtime
        self.folder = folder

    @property
    def db(self) -> Database:
        return self.runtime.db

    @property
    def service(self) -> UpdateService:
        return self.runtime.services[SERVICE]

    def channel_id(self, name: str) -> int:
        return int(self.server.channel(name).id)

    def posts(self, channel: str) -> list[MessageView]:
        return self.driver.messages(channel)

    async def subscribe(self, channel: str = "announcements", **options: Any) -> str:
        """From #bot-log, as admins do: that is where a failure is reported."""
        reply = await self.driver.invoke("/updates subscribe", member=self.driver.admin, channel="bot-log",
                                         options={"channel": channel, **options})
        assert reply.content.startswith(("Subscribed", "Updated")), reply.content
        return reply.content

    async def publish(self, **articles: str) -> None:
        """The articles appear in the seeds (as the feed reader writes them) and the story reloads."""
        for name, text in articles.items():
            write(self.folder, name, text)
        outcome = await self.runtime.briefings.reload(write=False)
        assert outcome.ok, outcome.problems
        await eventually(lambda: _true(not self.service.comparing), what="the new story compared (in the background)")

    async def settled(self) -> None:
        """Once every update job due by now has run and no delivery is in progress."""
        polls = 0

        async def idle_twice() -> bool:
            nonlocal polls
            busy = any(d.state == "claimed" for d in await deliveries.open_deliveries(self.db, table=UpdateDeliveryRow))
            polls = polls + 1 if self.service.idle() and not busy else 0
            return polls >= 3

        await eventually(idle_twice, what="the update jobs due by now have run")

    async def rows(self, channel: str) -> list[deliveries.Delivery]:
        sub = await subscriptions.get(self.db, channel_id=self.channel_id(channel))
        return await deliveries.history(self.db, sub.id, table=UpdateDeliveryRow) if sub else []


@contextlib.asynccontextmanager
async def update_bot(server: LoopbackDiscord, tmp_path: Path, *, fail_on_errors: bool = True,
                     extensions: tuple[str, ...] = EXTENSIONS, policy: Policy = FAST, **sections: dict[str, Any]) -> AsyncIterator[UpdateBot]:
    """The bot on the seeds in tmp_path with its database there; entering again is a restart."""
    errors = _Errors()
    logging.getLogger("bot").addHandler(errors)
    try:
        settings = make_settings(server, tmp_path, **sections)
        runtime = Runtime.from_settings(settings)
        await runtime.briefings.reload(keep_going=True, write=False)
        async with Database.open(settings.database.url) as db:
            runtime.db = db
            runtime.services[POLICY] = policy
            async with running_bot(StoryBot(runtime, extensions=extensions), server, fail_on_errors=fail_on_errors):
                await server.driver.wait_for_commands()
                await asyncio.wait_for(runtime.services[SERVICE].running.wait(), 10)
                yield UpdateBot(server, runtime, tmp_path)
    finally:
        logging.getLogger("bot").removeHandler(errors)
    assert not errors.lines, "the bot logged errors:\n" + "\n".join(errors.lines)


async def _true(value: bool) -> bool:
    return value
