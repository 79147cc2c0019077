"""A briefing with the lookups commands need, computed once per reload rather than per command."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from functools import cached_property
from typing import TypeVar

from bot.engine.models import Actor, Briefing, Event, Quote, Source
from bot.engine.text import fold, short_hash, squash

T = TypeVar("T")
REMEMBERED = 32  # answers kept per story; a /sources of 10,000 articles is a few MB


def event_key(event: Event) -> str:
    """What an event says, not where it was read. Its id holds the offset in its source where
    it was first read, so an edit higher up in the file (or a re-summarize) would make an old
    event look new; the reload diff and the digests compare what it says."""
    return "e-" + short_hash(str(event.date or ""), event.date_precision or "", event.place or "",
                             squash(event.summary), event.status, n=24)


def quote_key(quote: Quote) -> str:
    """Who said what, as the article wrote it: the same words are the same quote, whatever
    the engine's version or the quote's place in the file."""
    return "q-" + short_hash(quote.speaker_name or quote.speaker or "", squash(quote.text),
                             "p" if quote.partial else "f", n=24)


class Story:
    """Read-only: every index is derived from the one briefing it wraps."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.sources_by_id: dict[str, Source] = {s.id: s for s in briefing.sources}
        self.actors_by_id: dict[str, Actor] = {a.id: a for a in briefing.actors}
        self._quote_dates: dict[str, tuple[tuple[str, ...], dt.date | None]] = {}
        self._remembered: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()` once per key while this story is served (the last REMEMBERED keys are kept).

        For answers: they depend only on the story and their arguments, and a story never
        changes (a reload makes a new one), so a repeated command costs a lookup.
        """
        with self._lock:
            if key in self._remembered:
                self._remembered.move_to_end(key)
                return self._remembered[key]  # type: ignore[return-value]
        value = make()
        with self._lock:
            self._remembered[key] = value
            while len(self._remembered) > REMEMBERED:
                self._remembered.popitem(last=False)
        return value

    def source(self, source_id: str) -> Source | None:
        return self.sources_by_id.get(source_id)

    def actor(self, actor_id: str | None) -> Actor | None:
        return self.actors_by_id.get(actor_id) if actor_id else None

    def quote_date(self, quote: Quote) -> dt.date | None:
        """When the words were said, else when they were first reported."""
        if quote.said_on:
            return quote.said_on
        # A quote many outlets repeat has thousands of sources: look them up once per quote.
        known = self._quote_dates.get(quote.id)
        if known is not None and known[0] is quote.sources:
            return known[1]
        by_id = self.sources_by_id
        date = min((s.published for s in map(by_id.get, quote.sources) if s and s.published), default=None)
        self._quote_dates[quote.id] = (quote.sources, date)
        return date

    @cached_property
    def quotes_newest_first(self) -> tuple[Quote, ...]:
        floor = dt.date.min
        return tuple(sorted(self.briefing.quotes, key=lambda q: (self.quote_date(q) or floor, q.id), reverse=True))

    @cached_property
    def quotes_by_speaker(self) -> dict[str, tuple[Quote, ...]]:
        out: dict[str, list[Quote]] = defaultdict(list)
        for quote in self.quotes_newest_first:
            if quote.speaker:
                out[quote.speaker].append(quote)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def events_by_date(self) -> tuple[Event, ...]:
        """Dated events, oldest first."""
        return tuple(sorted((e for e in self.briefing.events if e.date), key=lambda e: (e.date, e.id)))

    @cached_property
    def events_by_actor(self) -> dict[str, tuple[Event, ...]]:
        out: dict[str, list[Event]] = defaultdict(list)
        for event in self.events_by_date:
            for actor in {*event.actors, *([event.host] if event.host else [])}:
                out[actor].append(event)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def counts_by_source(self) -> dict[str, tuple[int, int]]:
        """Source id → (quotes, events) it contributed."""
        quotes = Counter(s for q in self.briefing.quotes for s in q.sources)
        events = Counter(s for e in self.briefing.events for s in e.sources)
        return {s.id: (quotes[s.id], events[s.id]) for s in self.briefing.sources}

    @cached_property
    def _names(self) -> list[tuple[str, str, Actor]]:
        """(folded name or alias, shown label, actor), people with quotes first."""
        quoted = self.quotes_by_speaker
        order = sorted(self.briefing.actors, key=lambda a: (-len(quoted.get(a.id, ())), a.name))
        out = []
        for actor in order:
            out.append((fold(actor.name), actor.name, actor))
            out += [(fold(alias), f"{alias} ({actor.name})", actor) for alias in actor.aliases]
        return out

    def find_actor(self, text: str) -> Actor | None:
        """An actor by id, name or alias; a unique partial match also counts."""
        if not text.strip():
            return None
        if text in self.actors_by_id:
            return self.actors_by_id[text]
        key = fold(text)
        exact = [a for name, _, a in self._names if name == key]
        if exact:
            return exact[0]
        partial = {a.id: a for name, _, a in self._names if key in name}
        return next(iter(partial.values())) if len(partial) == 1 else None

    def actor_choices(self, typed: str, limit: int = 25) -> list[tuple[str, str]]:
        """(label, actor id) pairs for autocomplete: prefix matches first, then substrings."""
        key = fold(typed)
        prefix, inner, seen = [], [], set()
        for name, label, actor in self._names:
            if actor.id in seen:
                continue
            if not key or name.startswith(key) or any(w.startswith(key) for w in name.split()):
                prefix.append((label, actor.id))
                seen.add(actor.id)
            elif key in name:
                inner.append((label, actor.id))
                seen.add(actor.id)
        return (prefix + inner)[:limit]

    @cached_property
    def latest_published(self) -> dt.date | None:
        return max((s.published for s in self.briefing.sources if s.published), default=None)
