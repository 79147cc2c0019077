"""Cards drawn in a terminal with rich: the console's transport."""

from __future__ import annotations

import datetime as dt

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from bot.render.card import Card, Reply
from bot.render.format import PLAIN


def card_renderable(card: Card) -> Panel:
    parts: list[Text] = []
    if card.description:
        parts.append(Text(card.description))
    for f in card.fields:
        parts.append(Text(f.name, style="bold"))
        parts.append(Text(f.value))
    title = Text(card.title, style="bold")
    footer = " · ".join(x for x in (card.footer, card.timestamp and PLAIN.moment(dt.datetime.fromisoformat(card.timestamp)))
                        if x)
    subtitle = Text(footer) if footer else None
    return Panel(Group(*parts), title=title, title_align="left", subtitle=subtitle,
                 subtitle_align="left", expand=False)


def print_reply(console: Console, reply: Reply) -> None:
    if reply.content:
        console.print(Text(reply.content))
    for card in reply.cards:
        console.print(card_renderable(card))
