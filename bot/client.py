"""The Discord client: loads the extensions, syncs commands, never pings anyone."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import discord
from discord.ext import commands

from bot.exts import EXTENSIONS
from bot.ops.tree import MeasuredTree
from bot.runtime import Runtime
from bot.sync import sync_commands

log = logging.getLogger(__name__)


class StoryBot(commands.Bot):
    def __init__(self, runtime: Runtime, *, extensions: Iterable[str] = EXTENSIONS,
                 sync_on_start: bool = True) -> None:
        settings = runtime.settings.discord
        super().__init__(
            command_prefix=commands.when_mentioned,
            # Slash commands and digests need guilds and channels only: members' messages would
            # reach the bot (and fill a cache of 1,000) for nothing.
            intents=discord.Intents(guilds=True),
            max_messages=None,
            tree_cls=MeasuredTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=settings.guild_ready_timeout,
        )
        self.runtime = runtime
        self.extensions_to_load = tuple(extensions)
        self._sync_on_start = sync_on_start
        self._synced: list[str] = []
        self._announced = False

    async def setup_hook(self) -> None:
        for name in self.extensions_to_load:
            await self.load_extension(name)
        if self._sync_on_start:
            self._synced = await self.sync(force_global=False)

    async def on_ready(self) -> None:
        # One line an operator can act on: who the bot is, where, and how to invite it elsewhere.
        if self._announced:
            return
        self._announced = True
        from bot.invite import invite_url

        log.info("ready as %s in %d server(s); commands: %s; invite: %s", self.user, len(self.guilds),
                 "; ".join(self._synced) or "not synced", invite_url(self.application_id))

    async def sync(self, *, force_global: bool) -> list[str]:
        settings = self.runtime.settings.discord
        done = await sync_commands(self.tree, self.application_id, settings.dev_guild_ids,
                                   settings.sync_state_file, force_global=force_global)
        for line in done:
            log.info("commands: %s", line)
        return done
