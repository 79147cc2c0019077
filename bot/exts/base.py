"""What every story command shares: the story at the moment of asking, and name suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.common import Context
from bot.render.card import clip
from bot.render.format import DISCORD

if TYPE_CHECKING:
    from bot.client import StoryBot


class StoryCog(commands.Cog):
    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot

    def context(self) -> Context:
        runtime = self.bot.runtime
        # One read of the store per command: a reload mid-command cannot mix two stories.
        store = runtime.briefings
        return Context(story=store.story, fmt=DISCORD, today=runtime.clock().date(), updated_at=store.loaded_at)


async def actor_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    story = interaction.client.runtime.briefings.story
    return [app_commands.Choice(name=clip(label, 100), value=actor_id)
            for label, actor_id in story.actor_choices(current[:100])]


async def source_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    story = interaction.client.runtime.briefings.story
    key = current.casefold()[:100]
    found = [s for s in story.briefing.sources
             if key in s.id.casefold() or key in s.title.casefold() or key in (s.outlet or "").casefold()]
    return [app_commands.Choice(name=clip(f"{s.title} ({s.id})", 100), value=s.id[:100]) for s in found[:25]]
