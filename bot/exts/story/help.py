"""/help."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.answers import help as help_answer
from bot.checks import powers
from bot.exts.base import StoryCog
from bot.render.send import reply_to


class Help(StoryCog):
    @app_commands.command(name="help", description="What each command does")
    async def help(self, interaction: discord.Interaction) -> None:
        settings = self.bot.runtime.settings
        granted = powers(interaction.user, settings.admin, interaction.guild_id)
        await reply_to(interaction, help_answer.answer(self.context(), may=frozenset(p.value for p in granted)))


async def setup(bot) -> None:
    await bot.add_cog(Help(bot))
