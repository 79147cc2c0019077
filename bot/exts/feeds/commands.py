"""/feed add, remove, list and log: the bot's operators choose the news feeds it follows.

Feeds change the story every server reads, so they are the operators' (like the sources);
the feed reader itself runs in the background while the bot does.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin.addresses import MAX_URL_LENGTH
from bot.checks import require_operator
from bot.errors import UserError
from bot.exts.admin.base import source_admin
from bot.exts.audit import record_interaction
from bot.feeds.replies import LOG_LIMIT, added_text, feeds_reply, log_reply, removed_text
from bot.feeds.service import FeedService
from bot.feeds.store import FeedStoreError
from bot.render.card import clip
from bot.render.format import DISCORD
from bot.render.send import reply_to

if TYPE_CHECKING:
    from bot.client import StoryBot

log = logging.getLogger(__name__)
SERVICE = "feeds"
NAME_MAX = 100


async def _feed_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    service = interaction.client.runtime.services.get(SERVICE)
    if service is None:
        return []
    key = current.casefold()[:200]
    feeds = [f for f in await service.store.feeds() if key in f.label.casefold() or key == str(f.id)]
    return [app_commands.Choice(name=clip(f"{f.id} · {f.label}", 100), value=f.id) for f in feeds[:25]]


# Hidden from members in Discord's picker (admins can change that per server); the bot still checks.
@app_commands.default_permissions(manage_guild=True)
class FeedCommands(commands.GroupCog, group_name="feed",
                   group_description="Operators: the news feeds the bot follows"):
    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        runtime = self.bot.runtime
        if runtime.db is None:
            log.info("no database: the feed reader is off")
            return
        service = FeedService(runtime, source_admin(self.bot))
        runtime.services[SERVICE] = service
        await service.start()

    async def cog_unload(self) -> None:
        service = self.bot.runtime.services.pop(SERVICE, None)
        if service is not None:
            await service.stop()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return require_operator(interaction)  # feeds change the story every server reads

    def service(self) -> FeedService:
        service = self.bot.runtime.services.get(SERVICE)
        if service is None:
            raise UserError("Feeds need the database, and this bot runs without one.")
        return service

    @app_commands.command(name="add", description="Follow an RSS or Atom feed: its articles about the story become sources")
    @app_commands.describe(url="The feed's address (http or https)", name="A short name for /feed list",
                           interval_minutes="How often to poll it (default 30)")
    async def add(self, interaction: discord.Interaction, url: app_commands.Range[str, 1, MAX_URL_LENGTH],
                  name: app_commands.Range[str, 1, NAME_MAX] | None = None,
                  interval_minutes: app_commands.Range[int, 5, 1440] = 30) -> None:
        runtime = self.bot.runtime
        try:
            feed = await self.service().store.add_checked(
                url, allow_private=runtime.settings.sources.allow_private_addresses, name=name,
                interval_minutes=interval_minutes, now=runtime.clock(), added_by=interaction.user.id)
        except FeedStoreError as exc:
            await record_interaction(runtime, interaction, "feed add", url, str(exc), False)
            raise UserError(str(exc)) from exc
        await record_interaction(self.bot.runtime, interaction, "feed add", url, f"added as feed {feed.id}", True)
        await interaction.response.send_message(added_text(feed), ephemeral=True)

    @app_commands.command(name="remove", description="Stop following a feed (its sources stay)")
    @app_commands.rename(feed_id="id")
    @app_commands.describe(feed_id="The feed's id (as /feed list shows it)")
    @app_commands.autocomplete(feed_id=_feed_choices)
    async def remove(self, interaction: discord.Interaction, feed_id: app_commands.Range[int, 1, 1_000_000_000]) -> None:
        try:
            feed = await self.service().store.remove(feed_id)
        except FeedStoreError as exc:
            raise UserError(str(exc)) from exc
        await record_interaction(self.bot.runtime, interaction, "feed remove", feed.url, "removed", True)
        await interaction.response.send_message(removed_text(feed), ephemeral=True)

    @app_commands.command(name="list", description="The feeds followed, their last poll and failures")
    async def list_(self, interaction: discord.Interaction) -> None:
        await reply_to(interaction, feeds_reply(await self.service().store.feeds(), DISCORD))

    @app_commands.command(name="log", description="The latest feed items taken or skipped, and why")
    @app_commands.rename(feed_id="feed")
    @app_commands.describe(feed_id="Only this feed's items")
    @app_commands.autocomplete(feed_id=_feed_choices)
    async def log_(self, interaction: discord.Interaction,
                   feed_id: app_commands.Range[int, 1, 1_000_000_000] | None = None) -> None:
        items = await self.service().store.log(LOG_LIMIT, feed_id)
        await reply_to(interaction, log_reply(items, DISCORD))


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(FeedCommands(bot))
