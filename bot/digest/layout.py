"""A digest as Discord messages: the renderer's cards, packed within Discord's limits.

Items are never cut: a section too long for one embed continues in the next, and embeds
too many or too long for one message continue in the next message. Every message ends with
a marker (the last embed's footer, or the text of a one-line note) that names the digest and
the part, so a part posted just before a crash is recognised in the channel afterwards.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from bot.answers.common import Context, event_line, quote_block
from bot.answers.refs import Refs
from bot.digest.content import Digest
from bot.engine.text import plural
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
        return (Part(content=f"{ctx.fmt.bold(name)} — no new developments since {ctx.fmt.moment(digest.since, 'f')}."),)
    cards = [_header(ctx, digest, name)]
    # One numbered list of sources for the whole digest, at its end: each item gives numbers only.
    refs = Refs(ctx)
    sections = (
        ("New events", "events", (event_line(ctx, e, refs, whole=True) for e in digest.events)),
        ("New quotes", "quotes", (quote_block(ctx, q, refs, whole=True) for q in digest.quotes)),
        (f"Coming up · next {plural(digest.upcoming_days, 'day')}", "events",
         (event_line(ctx, e, refs, whole=True) for e in digest.upcoming)),
    )
    for section, kind, items in sections:
        cards += _section_cards(section, items, kind=kind)
    new = {s.id for s in digest.sources}
    for source in digest.sources:
        refs.number(source.id)  # a new source is listed even when no item above cites it
    lines = [f"{line} · new" if sid in new else line for sid, line in zip(refs.numbers, refs.lines(), strict=True)]
    cards += _section_cards("Sources", lines, kind="sources", sep="\n")
    parts = _pack(cards)
    n = len(parts)
    return tuple(
        Part(cards=(*part[:-1], _with_footer(part[-1], f"{name} · part {i}/{n}" if n > 1 else name)))
        for i, part in enumerate(parts, 1)
    )


def _header(ctx: Context, digest: Digest, name: str) -> Card:
    lines = [f"New since {ctx.fmt.moment(digest.since, 'f')}: {digest.news()}."]
    if not digest.upcoming:
        lines.append(f"Nothing planned in the sources for the next {plural(digest.upcoming_days, 'day')}.")
    return Card(title=name, description="\n".join(lines), kind="digest")


def _section_cards(name: str, items: Iterable[str], *, kind: str, sep: str = "\n\n") -> list[Card]:
    chunks: list[list[str]] = []
    size = 0
    for item in items:
        item = clip(item, CARD_DESCRIPTION)  # never in practice: the answers bound their items
        if not chunks or size + len(item) + len(sep) > CARD_DESCRIPTION:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item) + len(sep)
    return [Card(title=name if i == 0 else f"{name} (continued)", description=sep.join(chunk), kind=kind)
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
    return dataclasses.replace(card, footer=footer)
