"""What the admin commands share: the one SourceAdmin, the replies, the audit trail."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.admin.actions import ActionResult, SourceAdmin
from bot.admin.replies import Replies
from bot.db import audit
from bot.render.card import clip
from bot.render.format import DISCORD

if TYPE_CHECKING:
    from bot.client import StoryBot

log = logging.getLogger(__name__)
SERVICE = "source_admin"
AUDIT_TEXT_MAX = 1000


def source_admin(bot: StoryBot) -> SourceAdmin:
    """Shared by every admin extension, the signal handler and the watcher, so one lock covers all."""
    services = bot.runtime.services
    if SERVICE not in services:
        services[SERVICE] = SourceAdmin(bot.runtime)
    return services[SERVICE]


def outcome_text(result: ActionResult) -> str:
    """One line for the audit trail and the log."""
    from bot.admin.replies import changes_line

    if result.ok:
        return changes_line(result.diff)
    fatal = result.fatal
    return f"refused: {len(fatal)} problem(s); first: {fatal[0]}" if fatal else "refused"


class AdminCog(commands.Cog):
    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot

    @property
    def admin(self) -> SourceAdmin:
        return source_admin(self.bot)

    def replies(self) -> Replies:
        paths = self.bot.runtime.settings.paths
        return Replies(DISCORD, self.admin.seeds, self.admin.summaries, paths.removed)

    async def audit(self, interaction: discord.Interaction | None, action: str, target: str,
                    result: str, ok: bool, *, who: str | None = None) -> None:
        """Store who did what and how it ended; called before replying, so that an action whose
        reply fails (an expired interaction) is still on record. Without an interaction (a signal, the watcher)
        `who` names the cause. An audit failure is logged; it never turns a done action into an error."""
        runtime = self.bot.runtime
        user = interaction.user if interaction else None
        name = who or (str(user) if user else "?")
        log.info("admin %s %s by %s: %s", action, target or "-", name, result)
        if runtime.db is None:
            return
        try:
            await audit.record(
                runtime.db, guild_id=interaction.guild_id if interaction else None,
                user_id=user.id if user else 0, user_name=name, action=action,
                target=clip(target, AUDIT_TEXT_MAX), result=clip(result, AUDIT_TEXT_MAX), ok=ok, at=runtime.clock(),
            )
        except Exception:
            log.exception("could not store the audit record of %s %s", action, target)
