"""/timeline."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands

from bot.answers import timeline
from bot.answers.common import OPTION_MAX
from bot.exts.base import StoryCog, actor_autocomplete
from bot.render.send import defer, reply_to


class Timeline(StoryCog):
    @app_commands.command(name="timeline", description="Dated events, planned and past, oldest first")
    @app_commands.describe(
        since="From this day on (YYYY-MM-DD, or YYYY-MM for a month)",
        until="Up to this day (YYYY-MM-DD, or YYYY-MM for a month)",
        actor="Only events this person or organization takes part in",
    )
    @app_commands.autocomplete(actor=actor_autocomplete)
    async def timeline(
        self,
        interaction: discord.Interaction,
        since: app_commands.Range[str, 1, 20] | None = None,
        until: app_commands.Range[str, 1, 20] | None = None,
        actor: app_commands.Range[str, 1, OPTION_MAX] | None = None,
    ) -> None:
        # Drawing the picture (and, at first, loading the plotting library) can pass Discord's
        # 3-second window: acknowledge first, draw in a worker thread.
        await defer(interaction, ephemeral=False)
        reply = await asyncio.to_thread(timeline.with_picture, self.context(), since, until, actor)
        await reply_to(interaction, reply)


async def setup(bot) -> None:
    await bot.add_cog(Timeline(bot))
