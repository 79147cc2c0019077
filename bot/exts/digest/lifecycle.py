"""Starting and stopping the digest service with the bot.

The service starts once the gateway is ready (so permissions and guilds are known), or
after a short wait without it: digests go out over REST, and a slow gateway must not cost
a day's post.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import discord
from discord.ext import commands

from bot.digest import limiter
from bot.digest.sender import DiscordSender
from bot.digest.service import DigestService
from bot.digest.subscriptions import Subscription
from bot.errors import UserError

if TYPE_CHECKING:
    from bot.client import StoryBot

log = logging.getLogger(__name__)
SERVICE = "digest"
# Tests and operators may put a bot.digest.runner.Policy here before the bot starts.
POLICY = "digest.policy"
READY_WAIT = 30.0


def notify_targets(bot: StoryBot, sub: Subscription) -> list[int]:
    """Where to tell the admins that a digest stopped: where it was set up, then the
    server's moderators' and system channels; never the broken channel itself."""
    found = [sub.notify_channel_id]
    channel = bot.get_channel(sub.channel_id)
    guild = bot.get_guild(sub.guild_id) if sub.guild_id else getattr(channel, "guild", None)
    if isinstance(guild, discord.Guild):
        found += [c.id for c in (guild.public_updates_channel, guild.system_channel) if c is not None]
    out: list[int] = []
    for channel_id in found:
        if channel_id and channel_id != sub.channel_id and channel_id not in out:
            out.append(channel_id)
    return out


def start_service(bot: StoryBot) -> None:
    runtime = bot.runtime
    if runtime.db is None:
        log.info("no database: daily digests are off")
        return
    service = DigestService(runtime, runtime.db, DiscordSender(bot, limiter.shared(runtime.services)), policy=runtime.services.get(POLICY),
                            notify_targets=lambda sub: notify_targets(bot, sub))
    launch(bot, SERVICE, service,
           then=lambda: log.info("daily digests: scheduled %d job(s)", len(service.scheduler.get_jobs())))


def launch(bot: StoryBot, key: str, service: Any, *, then: Callable[[], None] = lambda: None) -> None:
    """Keep `service` as `runtime.services[key]` and start it once the gateway is ready (or after
    READY_WAIT without it): what the digests and the update posts share."""
    bot.runtime.services[key] = service

    async def start() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(bot.wait_until_ready(), READY_WAIT)
        await service.start()
        then()

    bot.runtime.services[f"{key}.starter"] = asyncio.get_running_loop().create_task(start(), name=f"{key}-start")


async def halt(bot: StoryBot, key: str) -> None:
    """Stop what `launch` started under `key`, its start included if it is still waiting."""
    services = bot.runtime.services
    starter = services.pop(f"{key}.starter", None)
    if starter is not None and not starter.done():
        starter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await starter
    service = services.pop(key, None)
    if service is not None:
        await service.stop()


class ServiceCog(commands.Cog):
    """The commands of a service `launch` starts with the bot (digests, update posts): the
    service is looked up under `key`, and stopped with the cog."""

    key: ClassVar[str]
    missing: ClassVar[str]  # said when the bot runs without a database, so without the service

    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot

    async def cog_unload(self) -> None:
        await halt(self.bot, self.key)

    def service(self) -> Any:
        service = self.bot.runtime.services.get(self.key)
        if service is None:
            raise UserError(self.missing)
        return service
