"""The loopback Discord's world: the bot, its application, guilds, messages, webhooks,
registered commands and interactions. Every change wakes whoever waits on it."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .ids import SnowflakeFactory, interaction_token, iso_timestamp, webhook_token
from .models import (
    EVERYONE_DEFAULT,
    PERMISSIONS,
    Channel,
    Guild,
    Member,
    Role,
    User,
    permission_value,
)

EPHEMERAL = 1 << 6
LOADING = 1 << 7
NONCE_WINDOW = 300.0  # Discord dedupes enforced nonces for a few minutes.
_MENTION_RE = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION_RE = re.compile(r"<@&(\d+)>")


@dataclass
class InteractionRecord:
    id: str
    token: str
    type: int
    payload: dict[str, Any]
    channel_id: str
    guild_id: str | None
    created: float = field(default_factory=time.monotonic)
    deadline: float = 3.0
    callback_type: int | None = None
    callback_data: dict[str, Any] | None = None
    original_id: str | None = None
    followup_ids: list[str] = field(default_factory=list)
    component_message_id: str | None = None
    triggered_by: InteractionRecord | None = None  # the interaction that opened a submitted modal
    autocomplete_choices: list[dict[str, Any]] | None = None
    modal: dict[str, Any] | None = None
    late_callbacks: list[int] = field(default_factory=list)
    complete: bool = False  # the bot's answer is final (not just a deferral)
    duplicate_callbacks: int = 0

    @property
    def acknowledged(self) -> bool:
        return self.callback_type is not None

    def expired(self) -> bool:
        return time.monotonic() - self.created > self.deadline


@dataclass
class Webhook:
    id: str
    token: str
    channel_id: str
    guild_id: str
    name: str
    application_id: str | None

    def payload(self, creator: User | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "type": 1,
            "name": self.name,
            "avatar": None,
            "channel_id": self.channel_id,
            "guild_id": self.guild_id,
            "application_id": self.application_id,
            "token": self.token,
        }
        if creator is not None:
            data["user"] = creator.payload()
        return data


class Store:
    def __init__(self, *, token: str = "loopback.bot.token") -> None:
        self.ids = SnowflakeFactory()
        self.token = token
        self.application_id = self.ids.next()
        self.bot = User(self.application_id, "Loopback Bot", bot=True)
        self.owner = User(self.ids.next(), "owner")
        self.guilds: dict[str, Guild] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.history: dict[str, list[str]] = {}
        self.webhooks: dict[str, Webhook] = {}
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[str, list[dict[str, Any]]] = {}
        self.interactions: dict[str, InteractionRecord] = {}
        self.nonces: dict[tuple[str, str], tuple[str, float]] = {}
        self.deleted_channels: set[str] = set()
        self.files: dict[str, bytes] = {}
        self.dispatch: Callable[[str, dict[str, Any], str | None], None] = lambda *_: None
        self._changed = asyncio.Event()

    # -- change notification ------------------------------------------------------------
    def touch(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], Any], timeout: float) -> Any:  # noqa: ASYNC109
        """Return predicate()'s first truthy value, or raise TimeoutError after ``timeout``."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = end - loop.time()
            if remaining <= 0:
                raise TimeoutError
            # Wake on any change here, and poll now and then for changes elsewhere (the client).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.01))

    # -- world building -----------------------------------------------------------------
    def add_guild(self, name: str = "Loopback Guild") -> Guild:
        gid = self.ids.next()
        guild = Guild(id=gid, name=name, owner_id=self.owner.id)
        guild.roles[gid] = Role(gid, "@everyone", EVERYONE_DEFAULT, position=0)
        bot_role = Role(
            self.ids.next(), self.bot.username, PERMISSIONS["view_channel"]
            | PERMISSIONS["send_messages"] | PERMISSIONS["embed_links"] | PERMISSIONS["attach_files"]
            | PERMISSIONS["read_message_history"] | PERMISSIONS["manage_webhooks"]
            | PERMISSIONS["add_reactions"] | PERMISSIONS["use_external_emojis"],
            position=1, managed=True, tags={"bot_id": self.bot.id},
        )
        guild.roles[bot_role.id] = bot_role
        self.guilds[gid] = guild
        guild.members[self.owner.id] = Member(self.owner, gid)
        guild.members[self.bot.id] = Member(self.bot, gid, roles=[bot_role.id])
        return guild

    def add_channel(self, guild: Guild, name: str, *, topic: str | None = None) -> Channel:
        channel = Channel(self.ids.next(), guild.id, name, position=len(guild.channels), topic=topic)
        guild.channels[channel.id] = channel
        self.history[channel.id] = []
        return channel

    def add_role(self, guild: Guild, name: str, permissions: Any = 0) -> Role:
        role = Role(self.ids.next(), name, permission_value(permissions), position=len(guild.roles))
        guild.roles[role.id] = role
        return role

    def add_member(self, guild: Guild, name: str, roles: list[Role] | None = None) -> Member:
        user = User(self.ids.next(), name)
        member = Member(user, guild.id, roles=[r.id for r in roles or []])
        guild.members[user.id] = member
        return member

    # -- lookups ------------------------------------------------------------------------
    def channel(self, channel_id: str) -> tuple[Guild, Channel] | None:
        for guild in self.guilds.values():
            channel = guild.channels.get(channel_id)
            if channel is not None:
                return guild, channel
        return None

    def user(self, user_id: str) -> User | None:
        if user_id == self.bot.id:
            return self.bot
        for guild in self.guilds.values():
            if user_id in guild.members:
                return guild.members[user_id].user
        return None

    def bot_permissions(self, guild: Guild, channel: Channel) -> int:
        return guild.channel_permissions(guild.members[self.bot.id], channel)

    def delete_channel(self, channel_id: str) -> None:
        found = self.channel(channel_id)
        if found is None:
            raise KeyError(f"no channel {channel_id}")
        guild, channel = found
        del guild.channels[channel_id]
        self.deleted_channels.add(channel_id)
        self.dispatch("CHANNEL_DELETE", channel.payload(), guild.id)
        self.touch()

    def update_channel(self, guild: Guild, channel: Channel) -> None:
        self.dispatch("CHANNEL_UPDATE", channel.payload(), guild.id)
        self.touch()

    # -- messages -----------------------------------------------------------------------
    def build_message(
        self,
        channel_id: str,
        author: dict[str, Any],
        body: dict[str, Any],
        *,
        type: int = 0,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        content = body.get("content") or ""
        mentions = []
        for uid in dict.fromkeys(_MENTION_RE.findall(content)):
            user = self.user(uid)
            if user is not None:
                mentions.append(user.payload())
        message: dict[str, Any] = {
            "type": type,
            "content": content,
            "mentions": mentions,
            "mention_roles": list(dict.fromkeys(_ROLE_MENTION_RE.findall(content))),
            "attachments": body.get("_attachments", []),
            "embeds": [normalize_embed(e) for e in body.get("embeds") or []],
            "timestamp": iso_timestamp(),
            "edited_timestamp": None,
            "flags": body.get("flags") or 0,
            "components": normalize_components(body.get("components") or []),
            "id": self.ids.next(),
            "channel_id": channel_id,
            "author": author,
            "pinned": False,
            "mention_everyone": False,
            "tts": bool(body.get("tts")),
        }
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if extra:
            message.update(extra)
        return message

    def store_message(self, message: dict[str, Any], *, guild_id: str | None) -> None:
        self.messages[message["id"]] = message
        if not message["flags"] & EPHEMERAL:
            self.history.setdefault(message["channel_id"], []).append(message["id"])
            found = self.channel(message["channel_id"])
            if found:
                found[1].last_message_id = message["id"]
            self.dispatch("MESSAGE_CREATE", self._event_message(message, guild_id), guild_id)
        self.touch()

    def edit_message(self, message_id: str, body: dict[str, Any], *, guild_id: str | None) -> dict[str, Any]:
        message = self.messages[message_id]
        if body.get("content") is not None:
            message["content"] = body["content"]
        if "embeds" in body:
            message["embeds"] = [normalize_embed(e) for e in body["embeds"] or []]
        if "components" in body:
            message["components"] = normalize_components(body["components"] or [])
        if "_attachments" in body or "attachments" in body:
            message["attachments"] = body.get("_attachments", [])
        old, new = message["flags"], body.get("flags")
        message["flags"] = (old if new is None else new | (old & EPHEMERAL)) & ~LOADING
        message["edited_timestamp"] = iso_timestamp()
        if not message["flags"] & EPHEMERAL:
            self.dispatch("MESSAGE_UPDATE", self._event_message(message, guild_id), guild_id)
        self.touch()
        return message

    def delete_message(self, message_id: str, *, guild_id: str | None) -> None:
        message = self.messages.pop(message_id)
        ids = self.history.get(message["channel_id"], [])
        if message_id in ids:
            ids.remove(message_id)
            data = {"id": message_id, "channel_id": message["channel_id"]}
            if guild_id:
                data["guild_id"] = guild_id
            self.dispatch("MESSAGE_DELETE", data, guild_id)
        self.touch()

    def _event_message(self, message: dict[str, Any], guild_id: str | None) -> dict[str, Any]:
        data = dict(message)
        if guild_id:
            data["guild_id"] = guild_id
            guild = self.guilds.get(guild_id)
            member = guild.members.get(message["author"]["id"]) if guild else None
            if member is not None and "webhook_id" not in message:
                data["member"] = member.payload(with_user=False)
        return data

    def recent_nonce(self, channel_id: str, nonce: Any) -> dict[str, Any] | None:
        hit = self.nonces.get((channel_id, str(nonce)))
        if hit and time.monotonic() - hit[1] < NONCE_WINDOW and hit[0] in self.messages:
            return self.messages[hit[0]]
        return None

    def remember_nonce(self, channel_id: str, nonce: Any, message_id: str) -> None:
        self.nonces[(channel_id, str(nonce))] = (message_id, time.monotonic())

    # -- webhooks and interactions ------------------------------------------------------
    def create_webhook(self, guild: Guild, channel: Channel, name: str) -> Webhook:
        hook = Webhook(self.ids.next(), webhook_token(), channel.id, guild.id, name, self.application_id)
        self.webhooks[hook.id] = hook
        return hook

    def new_interaction(
        self, type: int, payload: dict[str, Any], channel_id: str, guild_id: str | None, deadline: float
    ) -> InteractionRecord:
        record = InteractionRecord(
            id=self.ids.next(), token=interaction_token(), type=type, payload=payload,
            channel_id=channel_id, guild_id=guild_id, deadline=deadline,
        )
        payload.update(id=record.id, token=record.token, type=type)
        self.interactions[record.id] = record
        return record

    def interaction_by_token(self, token: str) -> InteractionRecord | None:
        for record in self.interactions.values():
            if record.token == token:
                return record
        return None


def normalize_embed(embed: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in embed.items() if v is not None}
    out.setdefault("type", "rich")
    out["content_scan_version"] = 0
    return out


def normalize_components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counter = iter(range(1, 10_000))

    def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        result = []
        for comp in items:
            comp = {k: v for k, v in comp.items() if v is not None}
            comp.setdefault("id", next(counter))
            if "components" in comp:
                comp["components"] = walk(comp["components"])
            result.append(comp)
        return result

    return walk(components)
