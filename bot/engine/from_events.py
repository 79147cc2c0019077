"""Answers from the briefing's events: when something happened or comes, where, who hosts."""

from __future__ import annotations

import datetime as dt
import itertools

from bot.engine.answer import (
    NO_ANSWER,
    Answer,
    Citation,
    format_date,
    join_sentences,
    label,
    one_per_source,
)
from bot.engine.dates import find_dates
from bot.engine.evidence import ENOUGH, Evidence, Index, date_clause
from bot.engine.models import UPCOMING_STATUSES, Briefing, Event, Provenance
from bot.engine.question import Question
from bot.engine.text import words


def from_events(index: Index, q: Question) -> Answer | None:
    ev = Evidence(index, q)
    hits = index.search(q.terms, 100)
    top = hits[0][0] if hits else 1.0
    bm25 = {index.doc(d)[::2]: s / top for s, d in hits}  # (source, start) → share of the best
    ranked = []
    for n, event in enumerate(index.briefing.events):
        if q.kind == "when" and event.date is None:
            continue
        if q.kind == "where" and event.place is None:
            continue
        if q.kind == "who" and event.host is None:
            continue
        if q.kind == "where" and set(words(event.place or "")) <= set(words(q.text)):
            continue  # "Where in Alaska …" is not answered "Alaska"
        coverage = ev.coverage(index.event_terms(n))
        if q.day is not None and q.day.matches(event.date, event.date_precision):
            coverage += ev.day_weight / ev.total
        if coverage < ENOUGH:
            continue
        if q.kind == "when":
            if q.past is False and _over_when_reported(event, index.published):
                continue  # "when is …" asks about now or later
            if q.past and event.status in UPCOMING_STATUSES:
                continue  # "when did …" asks when it happened, not what was planned next
        matched = max((bm25.get((p.source, p.start), 0.0) for p in event.provenance[:_MATCHED]), default=0.0)
        score = coverage + 0.1 * matched + (0.05 if event.status == "planned" else 0) + 0.01 * len(event.sources)
        ranked.append((-score, n, event))
    best, best_dated = None, []
    for _, _, event in sorted(ranked, key=lambda r: r[:2])[:_TRIED]:  # the best first: dates read only for them
        dated: list[Provenance] = []
        if q.kind == "when":  # the first few sentences that date it (an event may have thousands)
            read = event.provenance[:_READ]
            dated = list(itertools.islice((p for p in read if _dates_term(index, p, event, q.terms)), 3))
            if not dated:
                continue  # the date is about something else in the sentence
        best, best_dated = event, dated
        break
    if best is None:
        return None
    return _event_answer(q.text, index.briefing, best, q.kind, best_dated)


# Events whose sentences are read for a date about what was asked, and sentences read per event:
# enough for what a question asks, few enough for an answer within 50 ms at 10,000 sources.
_TRIED = 12
_READ = 8
_MATCHED = 64  # an event's sentences looked up among the best BM25 hits


def _over_when_reported(event: Event, published: dict[str, dt.date | None]) -> bool:
    """Occurred before the first source reported it (planned events, or today's, are not)."""
    if event.status in UPCOMING_STATUSES or event.date is None:
        return False
    days = [d for d in (published.get(s) for s in event.sources) if d]
    return bool(days) and event.date < min(days)


def _dates_term(index: Index, p: Provenance, event: Event, content: list[str]) -> bool:
    """Does sentence p date what was asked? One of the asked terms (actors aside) must be in the
    clause that holds the event's date, not only elsewhere in the sentence: in "X will meet on
    Thursday, despite calls for a ceasefire", Thursday is the meeting's date, not the ceasefire's."""
    wanted = [t for t in content if t not in index.actor_terms] or content
    text = p.sentence
    for m in find_dates(text, 0, len(text), index.published.get(p.source)):
        if m.date == event.date and m.precision == event.date_precision:
            clause = set(index.norm(date_clause(text, m.start, m.end)))
            if any(t in clause for t in wanted):
                return True
    return False


def _event_answer(
    question: str, briefing: Briefing, event: Event, qtype: str, dated: list[Provenance] | None = None
) -> Answer:
    cites = []
    for p in sorted(event.provenance, key=lambda p: p not in (dated or ())):  # dating sentences first
        if qtype == "where" and event.place and event.place not in p.sentence:
            continue
        if qtype == "who" and event.host and not any(
            w in words(p.sentence) for a in [briefing.actor(event.host)] if a for w in words(a.name)[-1:]
        ):
            continue
        cites.append(Citation(p.source, p.sentence))
    cites = cites or [Citation(p.source, p.sentence) for p in event.provenance[:1]]
    if qtype == "when":
        text = format_date(event.date, event.date_precision)
        if event.status in UPCOMING_STATUSES:
            lead = "planned for"
        else:  # on a day; in a week, a month, a year
            lead = "in" if event.date_precision in ("week", "month", "year") else "on"
        answer = f"{lead[0].upper()}{lead[1:]} {text}" + (f", in {event.place}" if event.place else "")
    elif qtype == "where":
        answer = event.place or NO_ANSWER
    else:
        actor = briefing.actor(event.host)
        answer = label(actor) if actor else NO_ANSWER
    return Answer(question, answer, one_per_source(cites))


def on_day(index: Index, q: Question) -> Answer:
    """"What happened on May 16?": the events of that day."""
    events = [e for e in index.briefing.events if q.day.matches(e.date, e.date_precision)]
    events.sort(key=lambda e: (-len(e.sources), e.id))
    cites = one_per_source(Citation(p.source, p.sentence) for e in events for p in e.provenance)[:3]
    if not cites:
        return Answer(q.text, NO_ANSWER, ())
    return Answer(q.text, join_sentences(c.text for c in cites), cites)
