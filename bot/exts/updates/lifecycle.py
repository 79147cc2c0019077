"""Starting and stopping the update service with the bot (as the digest service: once the
gateway is ready, or after a short wait without it)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.digest import limiter
from bot.digest.sender import DiscordSender
from bot.exts.digest.lifecycle import POLICY, launch, notify_targets
from bot.updates.service import UpdateService

if TYPE_CHECKING:
    from bot.client import StoryBot

log = logging.getLogger(__name__)
SERVICE = "updates"


def start_service(bot: StoryBot) -> None:
    runtime = bot.runtime
    if runtime.db is None:
        log.info("no database: update posts are off")
        return
    # Posting shares the digests' pacing window and policy: one budget with Discord.
    service = UpdateService(runtime, runtime.db, DiscordSender(bot, limiter.shared(runtime.services)),
                            policy=runtime.services.get(POLICY), notify_targets=lambda sub: notify_targets(bot, sub))
    launch(bot, SERVICE, service)

