"""What changed between two briefings: sources added, removed or changed; quotes and events in and out."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.models import Briefing, Event, Quote, Source
from bot.story import event_key


@dataclass(frozen=True)
class BriefingDiff:
    sources_added: tuple[Source, ...] = ()
    sources_removed: tuple[Source, ...] = ()
    sources_changed: tuple[Source, ...] = ()  # same id, different content; the new version
    quotes_added: tuple[Quote, ...] = ()
    quotes_removed: tuple[Quote, ...] = ()
    events_added: tuple[Event, ...] = ()
    events_removed: tuple[Event, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)


def diff_briefings(old: Briefing, new: Briefing) -> BriefingDiff:
    if old is new:
        return BriefingDiff()
    before = {s.id: s for s in old.sources}
    after = {s.id: s for s in new.sources}
    quotes_before = {q.id: q for q in old.quotes}
    quotes_after = {q.id: q for q in new.quotes}
    events_before = {event_key(e): e for e in old.events}
    events_after = {event_key(e): e for e in new.events}
    return BriefingDiff(
        sources_added=tuple(after[k] for k in sorted(after.keys() - before.keys())),
        sources_removed=tuple(before[k] for k in sorted(before.keys() - after.keys())),
        sources_changed=tuple(
            after[k] for k in sorted(after.keys() & before.keys())
            if after[k] != before[k]
        ),
        quotes_added=tuple(q for k, q in quotes_after.items() if k not in quotes_before),
        quotes_removed=tuple(q for k, q in quotes_before.items() if k not in quotes_after),
        events_added=tuple(e for k, e in events_after.items() if k not in events_before),
        events_removed=tuple(e for k, e in events_before.items() if k not in events_after),
    )

