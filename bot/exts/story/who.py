"""/who."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.answers import who
from bot.answers.common import OPTION_MAX
from bot.exts.base import StoryCog, actor_autocomplete
from bot.render.send import reply_to


class Who(StoryCog):
    @app_commands.command(name="who", description="One person or organization: role, other names, quotes, events")
    @app_commands.describe(name="A name or another name they go by")
    @app_commands.autocomplete(name=actor_autocomplete)
    async def who(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, OPTION_MAX]) -> None:
        await reply_to(interaction, who.answer(self.context(), name))


async def setup(bot) -> None:
    await bot.add_cog(Who(bot))
