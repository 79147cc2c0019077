"""/ask."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands

from bot.answers import ask
from bot.answers.common import QUESTION_MAX
from bot.exts.base import StoryCog
from bot.render.send import defer, reply_to


class Ask(StoryCog):
    @app_commands.command(name="ask", description="A question answered from the sources only, with citations")
    @app_commands.describe(question="For example: Where will the talks take place?",
                           private="Only you see the answer")
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, QUESTION_MAX],
                  private: bool = False) -> None:
        ask.validate(question)
        # Searching many sources can pass Discord's 3-second window: acknowledge first.
        await defer(interaction, ephemeral=private)
        reply = await asyncio.to_thread(ask.answer, self.context(), question, private)
        await reply_to(interaction, reply)


async def setup(bot) -> None:
    await bot.add_cog(Ask(bot))
