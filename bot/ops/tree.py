"""The command tree that also measures: every slash command's outcome and time go to the monitor."""

from __future__ import annotations

import time

import discord
from discord import app_commands

from bot.errors import StoryTree
from bot.ops.monitor import monitor_of

STARTED = "ops.started"


def command_name(interaction: discord.Interaction) -> str:
    command = interaction.command
    return command.qualified_name if command is not None else "unknown"


def record(interaction: discord.Interaction, outcome: str) -> None:
    started = interaction.extras.get(STARTED)
    seconds = time.perf_counter() - started if started is not None else None
    monitor_of(interaction.client.runtime).command_done(command_name(interaction), seconds, outcome)


class MeasuredTree(StoryTree):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        # Before any check or option parsing: the time members wait includes those.
        interaction.extras[STARTED] = time.perf_counter()
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        await super().on_error(interaction, error)
        # Raised inside a command and not meant for the member: unexpected, logged with an error id.
        outcome = "error" if isinstance(error, app_commands.CommandInvokeError) else "refused"
        if interaction.type is discord.InteractionType.application_command:
            record(interaction, outcome)
