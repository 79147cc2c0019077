"""What a digest says: what is new since the channel's last digest, then what is coming up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.engine.models import UPCOMING_STATUSES, Event, Quote, Source
from bot.engine.text import plural
from bot.story import Story, event_key, quote_key

# A month- or year-precise date says too little to list under "the next 7 days".
UPCOMING_PRECISIONS = ("day", "week", None)


def source_key(source: Source) -> str:
    return source.id  # the file name: stable


def item_keys(story: Story) -> dict[str, set[str]]:
    """Every item's key, by kind: what "first seen" is recorded under."""
    b = story.briefing
    return {"source": {source_key(s) for s in b.sources}, "quote": {quote_key(q) for q in b.quotes},
            "event": {event_key(e) for e in b.events}}


@dataclass(frozen=True)
class NewItems:
    """Keys (see item_keys) of the items first seen in the period a digest covers."""

    sources: frozenset[str] = frozenset()
    quotes: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Digest:
    local_date: dt.date
    since: dt.datetime
    upcoming_days: int
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    sources: tuple[Source, ...] = ()
    upcoming: tuple[Event, ...] = ()

    @property
    def quiet(self) -> bool:
        """Nothing new. What is coming up is not news, so it does not count."""
        return not (self.events or self.quotes or self.sources)

    def news(self) -> str:
        """"2 new events, 1 new quote", or "no new developments"."""
        if self.quiet:
            return "no new developments"
        return ", ".join(plural(len(items), f"new {word}") for items, word in
                         ((self.events, "event"), (self.quotes, "quote"), (self.sources, "source")) if items)

    def summary(self) -> str:
        """What a delivery record and /digest list say about it."""
        return f"{self.news()}; {len(self.upcoming)} coming up"


def compose(story: Story, new: NewItems, *, local_date: dt.date, since: dt.datetime,
            upcoming_days: int) -> Digest:
    """Only items still in the story are reported: something removed since is not news."""
    floor = dt.date.min
    events = tuple(sorted((e for e in story.briefing.events if event_key(e) in new.events),
                          key=lambda e: (e.date or floor, e.id)))
    quotes = tuple(sorted((q for q in story.briefing.quotes if quote_key(q) in new.quotes),
                          key=lambda q: (story.quote_date(q) or floor, q.id), reverse=True))
    sources = tuple(sorted((s for s in story.briefing.sources if source_key(s) in new.sources),
                           key=lambda s: (s.published or floor, s.id), reverse=True))
    last = local_date + dt.timedelta(days=upcoming_days)
    upcoming = tuple(e for e in story.events_by_date
                     if local_date <= e.date <= last and e.status in UPCOMING_STATUSES
                     and e.date_precision in UPCOMING_PRECISIONS)
    return Digest(local_date, since, upcoming_days, events, quotes, sources, upcoming)
