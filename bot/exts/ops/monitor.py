"""Feeds the monitor: gateway up or down, commands answered, and the latest failures from the log."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ops.monitor import monitor_of
from bot.ops.tree import record

if TYPE_CHECKING:
    from bot.client import StoryBot


class MonitorCog(commands.Cog):
    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot
        self.monitor = monitor_of(bot.runtime)

    async def cog_load(self) -> None:
        # Every ERROR record, the bot's and discord.py's: what /about lists as the last failures.
        logging.getLogger().addHandler(self.monitor.failures)

    async def cog_unload(self) -> None:
        logging.getLogger().removeHandler(self.monitor.failures)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        self.monitor.gateway_connected = True

    @commands.Cog.listener()
    async def on_resumed(self) -> None:
        self.monitor.gateway_connected = True

    @commands.Cog.listener()
    async def on_disconnect(self) -> None:
        self.monitor.gateway_connected = False

    @commands.Cog.listener()
    async def on_app_command_completion(self, interaction: discord.Interaction,
                                        _command: app_commands.Command | app_commands.ContextMenu) -> None:
        record(interaction, "ok")


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(MonitorCog(bot))
