"""Who may do what, decided by the bot itself whatever Discord's default permissions say.

Two powers: a server's admins (Manage Server there, or an `[admin]` role or user) manage that
server's own digests; the bot's operators (`[admin]` users and roles, or Manage Server in a
server listed in `[admin] operator_guild_ids`) change the sources and reload the story, which
every server reads.
"""

from __future__ import annotations

from enum import Enum

import discord
from discord import app_commands

from bot.errors import NotAllowed
from bot.settings import AdminSettings

NOT_AN_OPERATOR = (
    "Only the bot's operators may change the sources or reload them: that changes the story for "
    "every server the bot is in. Operators are the users and roles in the bot's [admin] settings, "
    "and members with Manage Server in its operator servers."
)


class Power(Enum):
    EVERYONE = "everyone"
    SERVER_ADMIN = "server admin"
    OPERATOR = "operator"


def _has_role(member: discord.abc.User, admin: AdminSettings) -> bool:
    return isinstance(member, discord.Member) and any(role.id in admin.role_ids for role in member.roles)


def _manages(member: discord.abc.User) -> bool:
    return isinstance(member, discord.Member) and member.guild_permissions.manage_guild


def is_admin(member: discord.abc.User, admin: AdminSettings) -> bool:
    """May manage this server's own digests."""
    return member.id in admin.user_ids or _manages(member) or _has_role(member, admin)


def is_operator(member: discord.abc.User, admin: AdminSettings, guild_id: int | None) -> bool:
    """May change what every server reads (sources, reloads)."""
    if member.id in admin.user_ids or _has_role(member, admin):
        return True
    return guild_id is not None and guild_id in admin.operator_guild_ids and _manages(member)


def powers(member: discord.abc.User, admin: AdminSettings, guild_id: int | None) -> frozenset[Power]:
    granted = {Power.EVERYONE}
    if is_admin(member, admin):
        granted.add(Power.SERVER_ADMIN)
    if is_operator(member, admin, guild_id):
        granted.add(Power.OPERATOR)
    return frozenset(granted)


def require_admin(interaction: discord.Interaction) -> bool:
    admin = interaction.client.runtime.settings.admin
    if interaction.guild is None and interaction.user.id not in admin.user_ids:
        raise NotAllowed("That command works in a server, not in direct messages.")
    if not is_admin(interaction.user, admin):
        raise NotAllowed()
    return True


def require_operator(interaction: discord.Interaction) -> bool:
    if not is_operator(interaction.user, interaction.client.runtime.settings.admin, interaction.guild_id):
        raise NotAllowed(NOT_AN_OPERATOR)
    return True


def manage_guild_or_admin():
    """An app-command check: Manage Server, or a configured admin role or user id."""

    async def predicate(interaction: discord.Interaction) -> bool:
        return require_admin(interaction)

    return app_commands.check(predicate)
