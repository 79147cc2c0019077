"""A digest as Discord messages: the renderer's cards, packed within Discord's limits.

Items are never cut: a section too long for one embed continues in the next, and embeds
too many or too long for one message continue in the next message. Every message ends with
a marker (the last embed's footer, or the text of a one-line note) that names the digest and
the part, so a part posted just before a crash is recognised in the channel afterwards.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from bot.answers.common import Context, cite, plural, quote_block
from bot.digest.content import Digest
from bot.engine.models import Event, Source
from bot.render.card import DESCRIPTION_MAX, EMBED_TOTAL_MAX, Card, Field, clip
from bot.render.format import plain_date

EMBEDS_PER_MESSAGE = 10
# Headroom under Discord's limits: the marker footer is added after packing.
CARD_DESCRIPTION = DESCRIPTION_MAX - 196
MESSAGE_CHARS = EMBED_TOTAL_MAX - 300


@dataclass(frozen=True)
class Part:
    """One message: embeds drawn from `cards`, or a one-line `content`."""

    cards: tuple[Card, ...] = ()
    content: str | None = None

    @property
    def marker(self) -> str:
        if self.cards:
            return self.cards[-1].footer or ""
        return self.content or ""

    def size(self) -> int:
        return sum(_card_size(c) for c in self.cards) + len(self.content or "")


def dump_parts(parts: tuple[Part, ...]) -> str:
    """The messages as JSON, to be stored with the delivery that posts them."""
    return json.dumps([asdict(part) for part in parts], ensure_ascii=False, separators=(",", ":"))


def load_parts(text: str) -> tuple[Part, ...]:
    return tuple(
        Part(cards=tuple(Card(**{**card, "fields": tuple(Field(**f) for f in card["fields"])}) for card in part["cards"]),
             content=part["content"])
        for part in json.loads(text))


def title(digest: Digest, *, on_request: bool = False) -> str:
    # On request it reads differently, so the scheduled digest of the same day is never
    # mistaken for it when the channel is checked after a crash.
    return f"{'Digest on request' if on_request else 'Daily digest'} · {plain_date(digest.local_date)}"


def layout(digest: Digest, ctx: Context, *, note_when_quiet: bool = True,
           on_request: bool = False) -> tuple[Part, ...]:
    """The messages to post; none on a quiet day that should be skipped."""
    name = title(digest, on_request=on_request)
    if digest.quiet:
        if not note_when_quiet:
            return ()
        return (Part(content=f"**{name}** — no new developments since {_since(digest)}."),)
    cards = [_header(digest, name)]
    sections = (
        ("New events", (_event_block(ctx, e) for e in digest.events)),
        ("New quotes", (quote_block(ctx, q, whole=True) for q in digest.quotes)),
        ("New sources", (_source_line(ctx, s) for s in digest.sources)),
        (f"Coming up · next {plural(digest.upcoming_days, 'day')}", (_event_block(ctx, e) for e in digest.upcoming)),
    )
    for section, items in sections:
        cards += _section_cards(section, items)
    parts = _pack(cards)
    n = len(parts)
    return tuple(
        Part(cards=(*part[:-1], _with_footer(part[-1], f"{name} · part {i}/{n}" if n > 1 else name)))
        for i, part in enumerate(parts, 1)
    )


def _since(digest: Digest) -> str:
    return f"<t:{calendar.timegm(digest.since.utctimetuple())}:f>"


def _header(digest: Digest, name: str) -> Card:
    lines = [f"New since {_since(digest)}: {digest.news()}."]
    if not digest.upcoming:
        lines.append(f"Nothing planned in the sources for the next {plural(digest.upcoming_days, 'day')}.")
    return Card(title=name, description="\n".join(lines))


def _event_block(ctx: Context, event: Event) -> str:
    """As /timeline shows an event, but whole: a digest never shortens an item."""
    fmt = ctx.fmt
    head = [fmt.bold(fmt.date(event.date, event.date_precision)), event.status]
    if event.place:
        head.append(fmt.text(event.place))
    return f"{' · '.join(head)}\n{fmt.text(event.summary)}\n{cite(ctx, event.sources)}"


def _source_line(ctx: Context, source: Source) -> str:
    fmt = ctx.fmt
    about = [fmt.text(source.outlet) if source.outlet else "outlet not named",
             f"published {fmt.date(source.published)}" if source.published else "date not given"]
    return f"{fmt.link(clip(source.title, 300), source.url)}\n{' · '.join(about)}"


def _section_cards(name: str, items: Iterable[str]) -> list[Card]:
    chunks: list[list[str]] = []
    size = 0
    for item in items:
        item = clip(item, CARD_DESCRIPTION)  # never in practice: the answers bound their items
        if not chunks or size + len(item) + 2 > CARD_DESCRIPTION:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item) + 2
    return [Card(title=name if i == 0 else f"{name} (continued)", description="\n\n".join(chunk))
            for i, chunk in enumerate(chunks)]


def _card_size(card: Card) -> int:
    return len(card.title) + len(card.description) + len(card.footer or "")


def _pack(cards: list[Card]) -> list[list[Card]]:
    parts: list[list[Card]] = []
    size = 0
    for card in cards:
        if not parts or len(parts[-1]) >= EMBEDS_PER_MESSAGE or size + _card_size(card) > MESSAGE_CHARS:
            parts.append([])
            size = 0
        parts[-1].append(card)
        size += _card_size(card)
    return parts


def _with_footer(card: Card, footer: str) -> Card:
    return Card(title=card.title, description=card.description, fields=card.fields, footer=footer, url=card.url)
