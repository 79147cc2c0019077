"""The invite URL: the scopes and the channel permissions the bot needs, nothing more."""

from __future__ import annotations

import base64
import binascii

import discord

SCOPES = ("bot", "applications.commands")
# Seeing the channel, posting digests and update posts with their embeds, and reading the
# channel's history: after a restart that is how the bot tells a post that went out from one that
# did not, so it never posts twice. Slash command replies need none of these (they answer an
# interaction).
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True, read_message_history=True)


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


def application_id_from_token(token: str) -> int | None:
    """A bot token starts with its user id in base64, the same as its application's id
    (for every application made since 2020); None when it does not look like one."""
    head = token.strip().split(".", 1)[0]
    try:
        text = base64.b64decode(head + "=" * (-len(head) % 4), validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return int(text) if text.isdigit() and 15 <= len(text) <= 21 else None
