"""One renderer for commands, digests and the console."""

from bot.render.card import Card, Field, Reply, clip, paginate
from bot.render.format import DISCORD, PLAIN, PlainFormat, discord_date

__all__ = ["DISCORD", "PLAIN", "Card", "Field", "PlainFormat", "Reply", "clip", "discord_date", "paginate"]
