"""What a reload changed in the story, as update posts say it.

Five kinds: a new planned event, a planned event whose date or place changed, an event that
happened or was called off, a new quote by a main actor, a new source.

The same planned event in two briefings: articles word it differently, so it is recognised by
what stays — the same people, the same kind of meeting (talks, a summit, a call, a meeting)
and a date at most a few weeks away — and not by its wording. A later article giving it a
new date or place is "moved"; one giving the same date and place is no news at all. One that
speaks of a second round or of meeting again is another event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.answers.common import Context, quote_block
from bot.answers.refs import Refs
from bot.engine.models import Event, Quote, Source
from bot.render.card import clip
from bot.render.format import DISCORD, plain_date
from bot.story import Story, event_key, quote_key
from bot.updates.seen import Seen, identity, people, planned
from bot.updates.settings import UpdateSettings

KINDS = ("planned", "moved", "outcome", "quote", "source")
LABELS = {
    "planned": "new planned event",
    "moved": "date or place of a planned event changed",
    "outcome": "event happened or was called off",
    "quote": "new quote by a main actor",
    "source": "new source",
}
KEY_MAX = 200

# Checked in this order: "a phone call about the talks" is a call.
_MEETING_KINDS = (
    ("call", re.compile(r"\b(phone|tele(phone)?)[- ]?call|\bcall(ed)? with\b|\bspoke by (tele)?phone\b", re.I)),
    ("summit", re.compile(r"\bsummit", re.I)),
    ("talks", re.compile(r"\btalks\b|\bnegotiat", re.I)),
    ("meeting", re.compile(r"\bmeet(s|ing)?\b|\bmet\b", re.I)),
)
_CALLED_OFF = re.compile(r"\b(called off|cancel+ed|scrapped|will not (take place|go ahead)|won't (take place|go ahead))\b",
                         re.I)
_ANOTHER = re.compile(r"\b(second|third|fourth|another|next|new|further) (round|meeting|summit|session)\b|\bagain\b",
                      re.I)


@dataclass(frozen=True)
class Change:
    key: str
    kind: str
    actors: tuple[str, ...]
    headline: str
    body: str


def meeting_kind(summary: str) -> str | None:
    return next((kind for kind, pattern in _MEETING_KINDS if pattern.search(summary)), None)


def same_event(earlier: Event, later: Event, *, days: int) -> bool:
    """Whether `later` (from a newer briefing) speaks of the meeting `earlier` announced."""
    if earlier.date is None or later.date is None or _ANOTHER.search(later.summary):
        return False
    kind = meeting_kind(later.summary)
    if kind is None or kind != meeting_kind(earlier.summary):
        return False
    a, b = people(earlier), people(later)
    # The same people, or one article naming a host or a mediator more: two in common at least.
    if not (a == b or (len(a & b) >= 2 and (a <= b or b <= a))):
        return False
    return abs((later.date - earlier.date).days) <= days


def _day(event: Event, *, year: bool) -> str:
    if event.date is None or event.date_precision not in (None, "day"):
        return plain_date(event.date, event.date_precision)
    return f"{event.date:%a} {event.date.day} {event.date:%b}" + (f" {event.date.year}" if year else "")


def _with_sources(text: str, refs: Refs) -> str:
    """The text, then the numbered sources it cites, one per line."""
    return "\n".join([text.rstrip(), *refs.lines()])


def _key(kind: str, item: str) -> str:
    return f"{kind}:{item}"[:KEY_MAX]


def is_main(name: str | None, settings: UpdateSettings) -> bool:
    words = {w.casefold() for w in re.findall(r"[\w'-]+", name or "")}
    return any(main.casefold() in words for main in settings.main_actors)


class Detector:
    def __init__(self, settings: UpdateSettings) -> None:
        self.settings = settings

    def changes(self, previous: Seen, story: Story, today: dt.date) -> list[Change]:
        """Everything `story` has that was not seen before, worth an update post."""
        ctx = Context(story=story, fmt=DISCORD, today=today)
        return [*self._events(ctx, previous), *self._quotes(ctx, previous), *self._sources(ctx, previous)]

    # -- events --------------------------------------------------------------------------------
    def _events(self, ctx: Context, previous: Seen) -> Iterable[Change]:
        days = self.settings.same_event_days
        for event in ctx.story.briefing.events:
            if event_key(event) in previous.events or identity(event) in previous.identities:
                continue
            # The latest news of that meeting: moved twice is "from Friday to Saturday".
            earlier = next((p for p in reversed(previous.planned) if same_event(p, event, days=days)), None)
            if _CALLED_OFF.search(event.summary):
                yield self._event(ctx, "outcome", event, "Called off")
            elif planned(event):
                if earlier is None:
                    yield self._event(ctx, "planned", event, f"New planned event · {_day(event, year=True)}")
                elif (moved := self._moved(earlier, event)) is not None:
                    yield self._event(ctx, "moved", event, moved)
            elif event.status == "occurred" and earlier is not None:
                yield self._event(ctx, "outcome", event, f"Happened · {_day(event, year=True)}")

    @staticmethod
    def _moved(earlier: Event, event: Event) -> str | None:
        """"Moved from Thu 15 May to Fri 16 May"; None when date and place are the same."""
        said = []
        if (earlier.date, earlier.date_precision) != (event.date, event.date_precision):
            year = earlier.date.year != event.date.year  # type: ignore[union-attr]
            said.append(f"moved from {_day(earlier, year=year)} to {_day(event, year=year)}")
        if event.place and earlier.place and event.place.casefold() != earlier.place.casefold():
            said.append(f"{'and ' if said else 'moved '}from {earlier.place} to {event.place}")
        if not said:
            return None
        text = " ".join(said)
        return text[0].upper() + text[1:]

    def _event(self, ctx: Context, kind: str, event: Event, headline: str) -> Change:
        fmt = ctx.fmt
        where = f" · {fmt.text(event.place)}" if event.place and kind != "moved" else ""
        refs = Refs(ctx)
        body = _with_sources(f"{fmt.text(event.summary)} {refs.mark(event.sources)}", refs)
        return Change(_key(kind, event_key(event)), kind, tuple(sorted(people(event))), clip(headline + where, 250),
                      body)

    # -- quotes and sources ----------------------------------------------------------------------
    def _quotes(self, ctx: Context, previous: Seen) -> Iterable[Change]:
        for quote in ctx.story.briefing.quotes:
            if quote_key(quote) in previous.quotes:
                continue
            speaker = ctx.story.actor(quote.speaker)
            name = speaker.name if speaker else quote.speaker_name
            if is_main(name, self.settings):
                yield self._quote(ctx, quote, name or "")

    @staticmethod
    def _quote(ctx: Context, quote: Quote, name: str) -> Change:
        refs = Refs(ctx)
        return Change(_key("quote", quote_key(quote)), "quote", (quote.speaker,) if quote.speaker else (),
                      clip(f"New quote · {name}", 250), _with_sources(quote_block(ctx, quote, refs, whole=True), refs))

    def _sources(self, ctx: Context, previous: Seen) -> Iterable[Change]:
        briefing = ctx.story.briefing
        new = [s for s in briefing.sources if s.id[:200] not in previous.sources]
        if not new:
            return
        # Who each new source speaks of, in one pass over the quotes and events.
        actors: dict[str, set[str]] = {s.id: set() for s in new}
        for quote in briefing.quotes:
            for sid in quote.sources:
                if sid in actors and quote.speaker:
                    actors[sid].add(quote.speaker)
        for event in briefing.events:
            for sid in event.sources:
                if sid in actors:
                    actors[sid] |= people(event)
        for source in new:
            yield self._source(ctx, source, tuple(sorted(actors[source.id])))

    @staticmethod
    def _source(ctx: Context, source: Source, actors: tuple[str, ...]) -> Change:
        fmt = ctx.fmt
        about = [fmt.text(source.outlet) if source.outlet else "outlet not named",
                 f"published {plain_date(source.published)}" if source.published else "date not given"]
        body = f"{fmt.link(clip(source.title, 300), source.url)}\n{' · '.join(about)}"
        return Change(_key("source", source.id), "source", actors,
                      clip(f"New source · {source.title or source.outlet or source.id}", 250), body)
