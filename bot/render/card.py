"""Transport-neutral answers: a Reply is one or more Cards (pages); Discord and the console draw them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Discord's documented embed limits.
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
CONTENT_MAX = 2000
# A page is kept well under the limits so it reads comfortably on a phone.
PAGE_CHARS = 3000
PAGE_ITEMS = 8


def clip(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters, ending with "…" when something was cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    # Back up to the last whole word, unless the cut already falls between two words.
    if not text[limit - 1].isspace() and space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Card:
    title: str
    description: str = ""
    fields: tuple[Field, ...] = ()
    footer: str | None = None
    url: str | None = None
    kind: str = "status"  # what it shows; Discord draws each kind in its colour (bot/render/embed.py)
    # An instant the card is about (ISO 8601 with its offset): Discord shows it in each reader's time.
    timestamp: str | None = None
    # The file name of one of the reply's attachments, drawn inside the card.
    image: str | None = None


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    description: str = ""


@dataclass(frozen=True)
class Reply:
    cards: tuple[Card, ...] = ()
    content: str | None = None
    ephemeral: bool = False
    files: tuple[Attachment, ...] = ()

    @classmethod
    def text(cls, content: str, *, ephemeral: bool = False) -> Reply:
        return cls(content=clip(content, CONTENT_MAX), ephemeral=ephemeral)


def paginate(title: str, items: Iterable[str], *, intro: str = "", footer: str | None = None,
             page_chars: int = PAGE_CHARS, page_items: int = PAGE_ITEMS, kind: str = "status") -> tuple[Card, ...]:
    """Pack item blocks into pages without ever splitting an item; one overlong item is clipped."""
    pages: list[list[str]] = [[]]
    size = len(intro)
    for item in items:
        item = clip(item, page_chars - len(intro) - 2)
        if pages[-1] and (size + len(item) + 2 > page_chars or len(pages[-1]) >= page_items):
            pages.append([])
            size = len(intro)
        pages[-1].append(item)
        size += len(item) + 2
    cards = []
    for i, page in enumerate(pages, 1):
        body = "\n\n".join(([intro] if intro else []) + page)
        page_note = f"Page {i}/{len(pages)}" if len(pages) > 1 else None
        foot = " · ".join(x for x in (footer, page_note) if x) or None
        cards.append(Card(title=title, description=body, footer=foot, kind=kind))
    return tuple(cards)
