"""Users, roles, members, channels and guilds, with Discord's permission arithmetic and the
JSON shapes Discord sends for them (snowflakes as strings, permissions as strings)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .ids import iso_timestamp

PERMISSIONS: dict[str, int] = {
    "create_instant_invite": 1 << 0,
    "kick_members": 1 << 1,
    "ban_members": 1 << 2,
    "administrator": 1 << 3,
    "manage_channels": 1 << 4,
    "manage_guild": 1 << 5,
    "add_reactions": 1 << 6,
    "view_audit_log": 1 << 7,
    "view_channel": 1 << 10,
    "send_messages": 1 << 11,
    "send_tts_messages": 1 << 12,
    "manage_messages": 1 << 13,
    "embed_links": 1 << 14,
    "attach_files": 1 << 15,
    "read_message_history": 1 << 16,
    "mention_everyone": 1 << 17,
    "use_external_emojis": 1 << 18,
    "change_nickname": 1 << 26,
    "manage_roles": 1 << 28,
    "manage_webhooks": 1 << 29,
    "use_application_commands": 1 << 31,
    "create_public_threads": 1 << 35,
    "send_messages_in_threads": 1 << 38,
    "moderate_members": 1 << 40,
}
ALL_PERMISSIONS = (1 << 53) - 1
EVERYONE_DEFAULT = (
    PERMISSIONS["view_channel"]
    | PERMISSIONS["send_messages"]
    | PERMISSIONS["embed_links"]
    | PERMISSIONS["attach_files"]
    | PERMISSIONS["read_message_history"]
    | PERMISSIONS["add_reactions"]
    | PERMISSIONS["use_external_emojis"]
    | PERMISSIONS["use_application_commands"]
    | PERMISSIONS["create_instant_invite"]
    | PERMISSIONS["change_nickname"]
    | PERMISSIONS["send_messages_in_threads"]
    | PERMISSIONS["create_public_threads"]
)


def permission_value(perms: Any) -> int:
    """Accept an int, a discord.Permissions-like object (``.value``), or names."""
    if perms is None:
        return 0
    if isinstance(perms, int):
        return perms
    if hasattr(perms, "value"):
        return int(perms.value)
    if isinstance(perms, str):
        perms = [perms]
    value = 0
    for name in perms:
        try:
            value |= PERMISSIONS[name]
        except KeyError:
            raise ValueError(f"unknown permission name {name!r}; known: {sorted(PERMISSIONS)}") from None
    return value


@dataclass
class User:
    id: str
    username: str
    bot: bool = False
    global_name: str | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "username": self.username,
            "avatar": None,
            "discriminator": "0",
            "public_flags": 0,
            "flags": 0,
            "global_name": self.global_name,
            "primary_guild": None,
            "avatar_decoration_data": None,
            "collectibles": None,
            "banner": None,
            "accent_color": None,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    id: str
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    tags: dict[str, Any] | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "description": None,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        if self.tags is not None:
            data["tags"] = self.tags
        return data


@dataclass
class Member:
    user: User
    guild_id: str
    roles: list[str] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_timestamp)

    @property
    def id(self) -> str:
        return self.user.id

    @property
    def name(self) -> str:
        return self.user.username

    def payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": list(self.roles),
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "premium_since": None,
            "joined_at": self.joined_at,
            "communication_disabled_until": None,
            "unusual_dm_activity_until": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
        }
        if with_user:
            data["user"] = self.user.payload()
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class Overwrite:
    id: str
    type: int  # 0 role, 1 member
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass
class Channel:
    id: str
    guild_id: str
    name: str
    position: int
    type: int = 0
    topic: str | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    last_message_id: str | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "guild_id": self.guild_id,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [o.payload() for o in self.overwrites],
            "topic": self.topic,
            "nsfw": False,
            "last_message_id": self.last_message_id,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
            "icon_emoji": None,
            "theme_color": None,
        }

    def set_overwrite(self, target_id: str, target_type: int, *, allow: int = 0, deny: int = 0) -> None:
        for ow in self.overwrites:
            if ow.id == target_id:
                ow.allow, ow.deny = (ow.allow | allow) & ~deny, (ow.deny | deny) & ~allow
                return
        self.overwrites.append(Overwrite(target_id, target_type, allow, deny))


@dataclass
class Guild:
    id: str
    name: str
    owner_id: str
    roles: dict[str, Role] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    created: float = field(default_factory=time.time)

    def base_permissions(self, member: Member) -> int:
        if member.id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.roles[self.id].permissions
        for role_id in member.roles:
            role = self.roles.get(role_id)
            if role is not None:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & PERMISSIONS["administrator"] else perms

    def channel_permissions(self, member: Member, channel: Channel) -> int:
        """Discord's documented overwrite order: @everyone, then roles together, then member."""
        perms = self.base_permissions(member)
        if perms == ALL_PERMISSIONS:
            return perms
        by_id = {ow.id: ow for ow in channel.overwrites}
        everyone = by_id.get(self.id)
        if everyone:
            perms = (perms & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for role_id in member.roles:
            ow = by_id.get(role_id)
            if ow and ow.type == 0:
                allow |= ow.allow
                deny |= ow.deny
        perms = (perms & ~deny) | allow
        own = by_id.get(member.id)
        if own and own.type == 1:
            perms = (perms & ~own.deny) | own.allow
        if not perms & PERMISSIONS["view_channel"]:
            return 0
        return perms

    def payload(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": self.owner_id,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "roles": [r.payload() for r in sorted(self.roles.values(), key=lambda r: r.position)],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "nsfw": False,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "incidents_data": None,
        }

    def create_payload(self, *, member_ids: list[str] | None, bot_id: str) -> dict[str, Any]:
        """GUILD_CREATE: ``member_count`` counts every member; ``members`` holds those sent."""
        data = self.payload()
        ids = list(self.members) if member_ids is None else member_ids
        data.update(
            joined_at=iso_timestamp(self.created),
            large=False,
            unavailable=False,
            lazy=True,
            member_count=len(self.members),
            members=[self.members[i].payload() for i in ids if i in self.members],
            channels=[
                {k: v for k, v in c.payload().items() if k != "guild_id"} for c in self.channels.values()
            ],
            threads=[],
            presences=[],
            voice_states=[],
            stage_instances=[],
            guild_scheduled_events=[],
            soundboard_sounds=[],
            embedded_activities=[],
        )
        if bot_id not in ids and bot_id in self.members:
            data["members"].append(self.members[bot_id].payload())
        return data
