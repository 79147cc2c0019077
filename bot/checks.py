"""Permission checks the bot enforces itself, whatever Discord's default permissions say."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.errors import NotAllowed
from bot.settings import AdminSettings


def is_admin(member: discord.abc.User, admin: AdminSettings) -> bool:
    if member.id in admin.user_ids:
        return True
    if not isinstance(member, discord.Member):
        return False
    if member.guild_permissions.manage_guild:
        return True
    return any(role.id in admin.role_ids for role in member.roles)


def manage_guild_or_admin():
    """An app-command check: Manage Server, or a configured admin role or user id."""

    async def predicate(interaction: discord.Interaction) -> bool:
        admin = interaction.client.runtime.settings.admin
        if interaction.guild is None and interaction.user.id not in admin.user_ids:
            raise NotAllowed("That command works in a server, not in direct messages.")
        if not is_admin(interaction.user, admin):
            raise NotAllowed()
        return True

    return app_commands.check(predicate)
