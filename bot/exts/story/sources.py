"""/sources."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.answers import sources
from bot.exts.base import StoryCog
from bot.render.send import reply_to


class Sources(StoryCog):
    @app_commands.command(name="sources", description="The articles every answer is read from")
    async def sources(self, interaction: discord.Interaction) -> None:
        await reply_to(interaction, sources.answer(self.context()))


async def setup(bot) -> None:
    await bot.add_cog(Sources(bot))
