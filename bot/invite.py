"""The invite URL: the scopes and the channel permissions the bot needs, nothing more."""

from __future__ import annotations

import base64
import binascii

import discord

SCOPES = ("bot", "applications.commands")
# Reading the channel, posting answers and digests, and their embeds. Slash command replies
# need none of these (they are answers to an interaction), digests need all three.
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)


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
