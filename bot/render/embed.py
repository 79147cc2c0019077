"""Cards to Discord embeds, always within Discord's limits."""

from __future__ import annotations

import datetime as dt

import discord

from bot.render.card import (
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    FOOTER_MAX,
    TITLE_MAX,
    Card,
    clip,
)

COLOURS = {
    "status": discord.Colour(0x2B6CB0),   # blue
    "quotes": discord.Colour(0x805AD5),   # purple
    "events": discord.Colour(0xDD6B20),   # orange
    "sources": discord.Colour(0x718096),  # grey
    "answer": discord.Colour(0x2C7A7B),   # teal
    "digest": discord.Colour(0x2F855A),   # green
    "admin": discord.Colour(0x4A5568),    # slate
    "error": discord.Colour(0xC53030),    # red
}


def to_embed(card: Card) -> discord.Embed:
    title = clip(card.title, TITLE_MAX)
    footer = clip(card.footer, FOOTER_MAX) if card.footer else None
    budget = EMBED_TOTAL_MAX - len(title) - len(footer or "")
    fields = []
    for f in card.fields[:FIELDS_MAX]:
        name = clip(f.name, FIELD_NAME_MAX) or "\u200b"
        value = clip(f.value, FIELD_VALUE_MAX) or "\u200b"
        if len(name) + len(value) > budget - 100:
            break
        budget -= len(name) + len(value)
        fields.append((name, value, f.inline))
    description = clip(card.description, min(DESCRIPTION_MAX, budget)) if card.description else None
    url = card.url if card.url and card.url.startswith(("https://", "http://")) else None
    when = dt.datetime.fromisoformat(card.timestamp) if card.timestamp else None
    embed = discord.Embed(title=title, description=description, url=url, colour=COLOURS.get(card.kind, COLOURS["status"]),
                          timestamp=when)
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    if footer:
        embed.set_footer(text=footer)
    if card.image:
        embed.set_image(url=f"attachment://{card.image}")
    return embed
