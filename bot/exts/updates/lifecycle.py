"""Starting and stopping the update service with the bot (as the digest service: once the
gateway is ready, or after a short wait without it)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from bot.digest import limiter
from bot.digest.sender import DiscordSender
from bot.exts.digest.lifecycle import POLICY, READY_WAIT, notify_targets
from bot.updates.service import UpdateService

if TYPE_CHECKING:
    from bot.client import StoryBot

log = logging.getLogger(__name__)
SERVICE = "updates"
_STARTER = "updates.starter"


def start_service(bot: StoryBot) -> None:
    runtime = bot.runtime
    if runtime.db is None:
        log.info("no database: update posts are off")
        return
    # Posting shares the digests' pacing window and policy: one budget with Discord.
    service = UpdateService(runtime, runtime.db, DiscordSender(bot, limiter.shared(runtime.services)),
                            policy=runtime.services.get(POLICY), notify_targets=lambda sub: notify_targets(bot, sub))
    runtime.services[SERVICE] = service

    async def start() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(bot.wait_until_ready(), READY_WAIT)
        await service.start()

    runtime.services[_STARTER] = asyncio.get_running_loop().create_task(start(), name="updates-start")


async def stop_service(bot: StoryBot) -> None:
    services = bot.runtime.services
    starter = services.pop(_STARTER, None)
    if starter is not None and not starter.done():
        starter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await starter
    service = services.pop(SERVICE, None)
    if service is not None:
        await service.stop()
