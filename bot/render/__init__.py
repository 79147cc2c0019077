"""One renderer for commands, digests and the console."""

from bot.render.card import Card, Field, Reply, clip, paginate
from bot.render.format import DISCORD, PLAIN, PlainFormat

__all__ = ["DISCORD", "PLAIN", "Card", "Field", "PlainFormat", "Reply", "clip", "paginate"]
