"""/about (admins): version, uptime, the story's size and age, the next digests, the last failures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import is_operator, manage_guild_or_admin
from bot.digest import subscriptions
from bot.exts.digest.lifecycle import SERVICE
from bot.exts.digest.listing import in_guild
from bot.ops.about import about_text
from bot.ops.monitor import monitor_of
from bot.render.card import Reply
from bot.render.send import reply_to

if TYPE_CHECKING:
    from bot.client import StoryBot


class About(commands.Cog):
    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="Admins: version, uptime, story, next digests, last failures")
    @app_commands.default_permissions(manage_guild=True)
    @manage_guild_or_admin()
    async def about(self, interaction: discord.Interaction) -> None:
        runtime = self.bot.runtime
        service = runtime.services.get(SERVICE)
        nexts, stopped = None, []
        if service is not None:
            now = runtime.clock()
            subs = in_guild(await subscriptions.all_subscriptions(runtime.db), interaction.guild)
            nexts = [(s, service.next_run(s) or s.schedule.next_after(now).due_at) for s in subs if not s.failing]
            stopped = [s for s in subs if s.failing]
        operator = is_operator(interaction.user, runtime.settings.admin, interaction.guild_id)
        text = about_text(monitor_of(runtime), nexts, stopped, operator=operator)
        await reply_to(interaction, Reply.text(text, ephemeral=True))


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(About(bot))
