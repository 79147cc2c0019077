"""/quotes."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.answers import quotes
from bot.answers.common import OPTION_MAX
from bot.exts.base import StoryCog, actor_autocomplete, source_autocomplete
from bot.render.send import reply_to


class Quotes(StoryCog):
    @app_commands.command(name="quotes", description="Who said what and when, with the outlets that reported it")
    @app_commands.describe(
        speaker="Only this person's or organization's words",
        contains="Only quotes containing these words",
        source="Only quotes from this article",
    )
    @app_commands.autocomplete(speaker=actor_autocomplete, source=source_autocomplete)
    async def quotes(
        self,
        interaction: discord.Interaction,
        speaker: app_commands.Range[str, 1, OPTION_MAX] | None = None,
        contains: app_commands.Range[str, 1, OPTION_MAX] | None = None,
        source: app_commands.Range[str, 1, OPTION_MAX] | None = None,
    ) -> None:
        await reply_to(interaction, quotes.answer(self.context(), speaker, contains, source))


async def setup(bot) -> None:
    await bot.add_cog(Quotes(bot))
