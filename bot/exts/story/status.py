"""/status."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.answers import status
from bot.exts.base import StoryCog
from bot.render.send import reply_to


class Status(StoryCog):
    @app_commands.command(name="status", description="Where things stand: what comes next, the latest, each side's position")
    async def status(self, interaction: discord.Interaction) -> None:
        await reply_to(interaction, status.answer(self.context()))


async def setup(bot) -> None:
    await bot.add_cog(Status(bot))
