"""Merging across sources: one quote, event or actor however many outlets reported it.

Each merge reads only the fields of what it is given: models, or named tuples with the same
fields (the briefing keeps those while it reads 10,000 sources).
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from bot.engine.actors import same_person, skeleton
from bot.engine.events import content_words, country_of, event_kinds, is_party, places_compatible
from bot.engine.models import UPCOMING_STATUSES, Actor, Event, Provenance, Quote
from bot.engine.text import fold, short_hash, words

QUOTE_SIMILARITY = 90
EVENT_OVERLAP = 0.35
_STATUS_RANK = {"planned": 0, "proposed": 1, "occurred": 2, "background": 3}


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return sorted(out.values(), key=lambda g: g[0])


def _unique(items: Iterable) -> tuple:
    return tuple(dict.fromkeys(items))


def _unique_provenance(items: Iterable[Provenance]) -> tuple[Provenance, ...]:
    """As _unique, keyed by the fields (what model equality compares), which is much faster."""
    seen: dict[tuple, Provenance] = {}
    for p in items:
        seen.setdefault((p.source, p.start, p.end, p.sentence), p)
    return tuple(seen.values())


# -- actors ------------------------------------------------------------------------------
def merge_actors(actors: Sequence[Actor]) -> tuple[list[Actor], dict[str, str]]:
    """Merge per-source actors; returns the merged list and a map old id → canonical id."""
    union = _Union(len(actors))
    by_id: dict[str, int] = {}
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, a in enumerate(actors):
        if a.id in by_id:
            union.join(by_id[a.id], i)
            continue  # one representative per id is enough for the pairwise comparison
        by_id[a.id] = i
        surname = a.name.split()[-1] if a.name.split() else ""
        buckets[(a.kind, skeleton(surname)[:3])].append(i)
    for bucket in buckets.values():
        for x in range(len(bucket)):
            for y in range(x + 1, len(bucket)):
                a, b = actors[bucket[x]], actors[bucket[y]]
                if a.kind == "person" and same_person(a.name.split(), b.name.split()):
                    union.join(bucket[x], bucket[y])
    merged: list[Actor] = []
    remap: dict[str, str] = {}
    for group in union.groups():
        members = [actors[i] for i in group]
        counts: dict[str, int] = defaultdict(int)
        for m in members:
            counts[m.id] += 1
        # A curated id (an alias list is a sign of actors.toml) wins, then the fullest name.
        best = max(members, key=lambda m: (len(m.name.split()), counts[m.id]))  # ties: the earliest
        aliases = sorted({x for m in members for x in (*m.aliases, m.name)} - {best.name})
        roles = Counter(m.role for m in members if m.role)
        role = max(roles, key=lambda r: (len(r.split()), roles[r], r)) if roles else None
        actor = Actor(id=best.id, name=best.name, kind=best.kind, aliases=tuple(aliases), role=role)
        merged.append(actor)
        for m in members:
            remap[m.id] = best.id
    return sorted(merged, key=lambda a: a.id), remap


# -- quotes ------------------------------------------------------------------------------
def merge_quotes(quotes: Sequence[Quote], quote_id: Callable[[str | None, str, bool], str]) -> list[Quote]:
    union = _Union(len(quotes))
    exact: dict[tuple, int] = {}
    speakers_of: dict[tuple, set[str]] = defaultdict(set)
    said = _words_of([q.text for q in quotes])
    described: set[tuple] = set()  # said by someone described, not named ("a White House official")
    for i, q in enumerate(quotes):
        key = (q.partial, said[i], q.speaker)
        if key in exact:
            union.join(exact[key], i)
        else:
            exact[key] = i
        if q.speaker:
            speakers_of[key[:2]].add(q.speaker)
        elif q.speaker_name:
            described.add(key)
    # An outlet that did not name the speaker joins the one speaker others named; a word or two
    # ("productive") is not enough to tell it is the same quotation.
    for (partial, w, speaker), i in list(exact.items()):
        if (partial, w, speaker) in described or (partial and len(w) < 4):
            continue
        if speaker is None and len(speakers_of[(partial, w)]) == 1:
            union.join(exact[(partial, w, next(iter(speakers_of[(partial, w)])))], i)
    # Near-identical wording (a word changed, punctuation moved): compare within blocks.
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, q in enumerate(quotes):
        w = said[i]
        if exact[(q.partial, w, q.speaker)] != i:
            continue  # identical wording is already merged; compare one representative
        if len(w) >= 4:
            blocks[(q.speaker, q.partial, w[:3])].append(i)
            blocks[(q.speaker, q.partial, w[-3:])].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                if union.find(a) == union.find(b):
                    continue
                if fuzz.ratio(" ".join(said[a]), " ".join(said[b])) >= QUOTE_SIMILARITY:
                    union.join(a, b)
    out = []
    for group in union.groups():
        members = [quotes[i] for i in group]
        text = max((m.text for m in members), key=len)
        speaker = next((m.speaker for m in members if m.speaker), None)
        name = next((m.speaker_name for m in members if m.speaker == speaker and m.speaker_name), None)
        dates = [m.said_on for m in members if m.said_on]
        out.append(
            Quote(
                id=quote_id(speaker, text, members[0].partial),
                speaker=speaker,
                speaker_name=name,
                text=text,
                partial=members[0].partial,
                said_on=min(dates) if dates else None,
                sources=_unique(s for m in members for s in m.sources),
                provenance=_unique_provenance(p for m in members for p in m.provenance),
            )
        )
    return out


def _words_of(texts: list[str]) -> list[tuple[str, ...]]:
    """words() of each text; the same quotation reported by many outlets is read once."""
    cache: dict[str, tuple[str, ...]] = {}
    return [cache[t] if t in cache else cache.setdefault(t, words(t)) for t in texts]


# -- events ------------------------------------------------------------------------------
def _same_event(a: Event, b: Event, wa: frozenset[str], wb: frozenset[str]) -> bool:
    """Same date at the same precision, and: the same place; or, where an outlet names no place,
    the same kind of action (talks, a call, an exchange …) and, within one outlet or with no
    place at all, alike words or people."""
    if a.date is None or a.date != b.date or a.date_precision != b.date_precision:
        return False
    if a.provenance[0] == b.provenance[0]:
        return False  # one sentence told two actions on purpose
    ka, kb = event_kinds(wa), event_kinds(wb)
    if ka and kb and ka.isdisjoint(kb):
        return False  # an arrival and the talks after it are two events
    overlap = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    if not set(a.sources).isdisjoint(b.sources):
        # One outlet telling two things that happened on one day ("handed over a memorandum",
        # "the round ended") keeps both; what is still to come is one plan told again and again.
        if a.place and b.place and not places_compatible(a.place, b.place):
            return False
        upcoming = a.status in UPCOMING_STATUSES and b.status in UPCOMING_STATUSES
        return overlap >= EVENT_OVERLAP or (upcoming and bool(a.place and b.place))
    if a.place and b.place:
        return places_compatible(a.place, b.place)
    if overlap >= EVENT_OVERLAP:
        return True
    if not ka & kb:
        return False
    if a.place or b.place:
        return True
    people = {x for x in a.actors if not is_party(x)} & {x for x in b.actors if not is_party(x)}
    return overlap >= EVENT_OVERLAP / 2 or bool(people)


def _in_week(week: Event, day: Event) -> bool:
    """A 'this week' item belongs to the one dated item of that week at the same place."""
    return (
        week.date is not None
        and day.date is not None
        and 0 <= (day.date - week.date).days < 7
        and places_compatible(week.place, day.place)
        and (week.status in UPCOMING_STATUSES) == (day.status in UPCOMING_STATUSES)
    )


def _representative(e: Event) -> tuple:
    return (
        e.date_precision == "day",
        e.place is not None and fold(e.place) != country_of(e.place),
        e.host is not None,
        len(e.actors),
    )


def merge_events(events: Sequence[Event]) -> list[Event]:
    return [event for _, event in _merge_event_groups(events)]


def _merge_event_groups(events: Sequence[Event]) -> list[tuple[int, Event]]:
    """Each merged event with the index of its group's first member, in that order."""
    union = _Union(len(events))
    buckets: dict[tuple, list[int]] = defaultdict(list)
    same: dict[tuple, int] = {}
    for i, e in enumerate(events):
        if e.date is None:
            continue
        key = (e.date, e.date_precision, e.place, e.summary)
        if key in same:
            union.join(same[key], i)  # the same sentence reported again: no need to compare
            continue
        same[key] = i
        buckets[e.date.isocalendar()[:2]].append(i)
    for members in buckets.values():
        by_date: dict[tuple, list[int]] = defaultdict(list)
        for i in members:
            by_date[(events[i].date, events[i].date_precision)].append(i)
        for alike in by_date.values():
            said = [frozenset(content_words(events[i].summary)) for i in alike]
            # Two events one outlet kept apart are never joined through a third outlet's.
            # The most alike pairs are joined first.
            told: dict[int, set[str]] = {}
            pairs = sorted(
                (
                    (-len(said[x] & said[y]), x, y)
                    for x in range(len(alike))
                    for y in range(x + 1, len(alike))
                    if _same_event(events[alike[x]], events[alike[y]], said[x], said[y])
                ),
            )
            for _, x, y in pairs:
                a, b = alike[x], alike[y]
                ra, rb = union.find(a), union.find(b)
                if ra != rb:
                    sa = told.get(ra) or set(events[a].sources)
                    sb = told.get(rb) or set(events[b].sources)
                    if sa & sb and set(events[a].sources).isdisjoint(events[b].sources):
                        continue
                    union.join(a, b)
                    told[union.find(a)] = sa | sb
        for w in members:
            if events[w].date_precision != "week":
                continue
            roots = {
                union.find(d)
                for d in members
                if events[d].date_precision == "day" and _in_week(events[w], events[d])
            }
            if len(roots) == 1:
                union.join(w, roots.pop())
    out = []
    for group in union.groups():
        members = [events[i] for i in group]
        best = max(members, key=_representative)  # ties: the earliest
        places = [m.place for m in members if m.place]
        place = max(places, key=lambda p: fold(p) != country_of(p)) if places else None
        status = min((m.status for m in members), key=_STATUS_RANK.__getitem__)
        first = members[0].provenance[0]
        out.append((group[0],
            Event(
                # A sentence telling two actions gives two events: the clause tells them apart.
                id="e-" + short_hash(
                    str(best.date), best.date_precision or "", country_of(place) or "", first.source, str(first.start),
                    *([members[0].summary] if members[0].summary != first.sentence else []),
                ),
                date=best.date,
                date_precision=best.date_precision,
                place=place,
                summary=best.summary,
                actors=_unique(a for m in [best, *members] for a in m.actors),
                host=next((m.host for m in [best, *members] if m.host), None),
                status=status,
                sources=_unique(s for m in members for s in m.sources),
                provenance=_unique_provenance(p for m in [best, *members] for p in m.provenance),
                date_inferred=all(m.date_inferred for m in members),
            ),
        ))
    return out


def _event_part(e: Event) -> tuple | None:
    """Events in different parts are never merged (merge_events compares within a week only);
    None: an undated event, merged with nothing."""
    return None if e.date is None else e.date.isocalendar()[:2]


class EventMerger:
    """merge_events, remembering each part's result: the next call merges only the parts
    (a week and a country) whose events changed. Gives exactly what merge_events gives."""

    def __init__(self) -> None:
        self._parts: dict[object, tuple[tuple[Event, ...], list[tuple[int, Event]]]] = {}
        self._keys: dict[int, tuple[Event, object]] = {}

    def merge(self, events: Sequence[Event]) -> list[Event]:
        parts: dict[object, list[int]] = {}
        keys: dict[int, tuple[Event, object]] = {}
        for i, e in enumerate(events):
            known = self._keys.get(id(e))
            key = known[1] if known is not None and known[0] is e else _event_part(e)
            keys[id(e)] = (e, key)
            parts.setdefault(("undated", id(e)) if key is None else key, []).append(i)
        self._keys = keys
        out: list[tuple[int, Event]] = []
        done: dict[object, tuple[tuple[Event, ...], list[tuple[int, Event]]]] = {}
        for key, members in parts.items():
            rows = tuple(events[i] for i in members)
            before = self._parts.get(key)
            if before is not None and len(before[0]) == len(rows) and all(map(operator.is_, before[0], rows)):
                merged = before[1]
            else:
                merged = _merge_event_groups(rows)
            done[key] = (rows, merged)
            out.extend((members[first], event) for first, event in merged)
        self._parts = done
        out.sort(key=operator.itemgetter(0))
        return [event for _, event in out]


def merge_events_in_source(events: Sequence[Event]) -> list[Event]:
    return sorted(merge_events(events), key=lambda e: (e.provenance[0].start))
