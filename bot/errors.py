"""The one place where every app-command error becomes a short ephemeral message."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot.render.send import NO_MENTIONS, drop_public_thinking

log = logging.getLogger(__name__)


class UserError(app_commands.AppCommandError):
    """A problem the member can fix (a bad option, an unknown name): shown as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(app_commands.CheckFailure):
    def __init__(self, message: str = "You need the Manage Server permission or an admin role to do that.") -> None:
        super().__init__(message)
        self.message = message


def error_message(error: app_commands.AppCommandError) -> tuple[str, bool]:
    """(what the member reads, whether to log it with a traceback)."""
    original = getattr(error, "original", error)
    if isinstance(original, UserError | NotAllowed):
        return original.message, False
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} s.", False
    if isinstance(error, app_commands.MissingPermissions | app_commands.BotMissingPermissions):
        kind = "You" if isinstance(error, app_commands.MissingPermissions) else "I"
        missing = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"{kind} need the {missing} permission for that.", False
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server, not in direct messages.", False
    if isinstance(error, app_commands.CheckFailure):
        return "You are not allowed to use that command here.", False
    if isinstance(error, app_commands.TransformerError):
        return f"I could not understand {error.value!r} for that option.", False
    if isinstance(error, app_commands.CommandNotFound):
        return "That command is not available any more; it may take a minute to refresh.", False
    error_id = secrets.token_hex(4)
    log.error("command failed [error id %s]", error_id, exc_info=original, extra={"error_id": error_id})
    return f"Something went wrong on my side (error id `{error_id}`). The admins can find it in the log.", True


class StoryTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        message, _ = error_message(error)
        if len(message) > 1900:  # Discord refuses content over 2,000 characters
            message = message[:1899] + "…"
        try:
            if interaction.response.is_done():
                await drop_public_thinking(interaction)
                await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not tell the member about an error: %s", message)
