"""What the admin commands share: the one SourceAdmin, the replies, the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.admin.actions import ActionResult, SourceAdmin
from bot.admin.replies import Replies
from bot.checks import require_operator
from bot.engine.text import plural
from bot.exts.audit import record_interaction
from bot.render.format import DISCORD

if TYPE_CHECKING:
    from bot.client import StoryBot

SERVICE = "source_admin"


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
    return f"refused: {plural(len(fatal), 'problem')}; first: {fatal[0]}" if fatal else "refused"


class AdminCog(commands.Cog):
    """Commands that change the story for every server: each is for the bot's operators only."""

    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return require_operator(interaction)

    @property
    def admin(self) -> SourceAdmin:
        return source_admin(self.bot)

    def replies(self) -> Replies:
        paths = self.bot.runtime.settings.paths
        return Replies(DISCORD, self.admin.seeds, self.admin.summaries, paths.removed)

    async def audit(self, interaction: discord.Interaction | None, action: str, target: str,
                    result: str, ok: bool, *, who: str | None = None) -> None:
        await record_interaction(self.bot.runtime, interaction, action, target, result, ok, who=who)
