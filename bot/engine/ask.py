"""Extractive answers with citations. Never composes facts: every answer is read from a sentence."""

from __future__ import annotations

import datetime as dt
import re
import weakref
from dataclasses import dataclass

from bot.engine.dates import find_dates
from bot.engine.events import place_in
from bot.engine.models import UPCOMING_STATUSES, Briefing, Event, Provenance
from bot.engine.search import SentenceIndex
from bot.engine.stems import stem as _stem
from bot.engine.text import fold, words

NO_ANSWER = "The sources do not say."
STOP = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "and", "or", "but", "by", "from", "that", "this", "these", "those", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "should", "shall", "may", "might", "must", "what", "when", "where", "who", "whom", "whose", "which", "why", "how", "there", "their", "they", "them", "he", "she", "it", "its", "his", "her", "i", "you", "we", "our", "your", "my", "me", "us", "about", "into", "over", "than", "then", "so", "if", "as", "not", "no", "yes", "any", "all", "some", "just", "also", "up", "out", "much", "many", "more", "most", "very", "take", "place", "happen", "happening", "going", "go", "gone", "currently", "exactly", "actually", "really", "latest", "news", "know", "think", "tell", "anything", "something", "thing", "things", "get", "got", "make", "according", "between", "among"]
)
_QTYPE = re.compile(r"^\s*(when|where|who|whom|which|what|why|how)\b", re.I)
_PAST_QUESTION = re.compile(r"^\s*when\s+(?:was|were|did|had|has|have)\b", re.I)
# Where a clause ends: punctuation, or a word that starts a subordinate clause or phrase. A comma
# before a scheduling participle ("…, scheduled for Thursday") does not end one.
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]—–]|\s-\s|,(?!\s*(?:scheduled|slated|set|due|expected)\b)"
    r"|\b(?:that|which|who|whom|whose|while|whereas|although|though|because|despite|following|amid|but)\b",
    re.I,
)


@dataclass(frozen=True)
class Citation:
    source: str
    text: str


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    citations: tuple[Citation, ...]

    @property
    def answered(self) -> bool:
        return bool(self.citations)


class _Index:
    def __init__(self, briefing: Briefing, previous: _Index | None = None) -> None:
        # Weakly: the cache below must not keep old briefings (and their indexes) alive.
        self._briefing = weakref.ref(briefing)
        self.alias: dict[str, str] = {}
        for actor in briefing.actors:
            canon = _stem(words(actor.name)[-1]) if words(actor.name) else actor.id
            for name in (actor.name, *actor.aliases):
                for w in words(name):
                    self.alias.setdefault(w, canon)
        self.actor_terms = set(self.alias.values())
        self.published = {s.id: s.published for s in briefing.sources}
        # The previous briefing's index: sources it had (the same sentences) are not read again.
        self.sentences = SentenceIndex(
            briefing.sentences, self.searched_term, norm_key=self.alias,
            previous=previous.sentences if previous is not None else None,
        )
        self._event_terms: list[set[str]] | None = None

    @property
    def briefing(self) -> Briefing:
        briefing = self._briefing()
        assert briefing is not None, "asked about a briefing that is gone"
        return briefing

    def term(self, word: str) -> str:
        return self.alias.get(word, _stem(word))

    def searched_term(self, word: str) -> str | None:
        term = self.term(word)
        return None if term in STOP else term  # ask() drops these from every question

    def norm(self, text: str) -> list[str]:
        return [self.term(w) for w in words(text)]

    def event_terms(self, n: int) -> set[str]:
        """The terms of briefing.events[n]'s sentences (read once, not per question)."""
        if self._event_terms is None:
            self._event_terms = [
                set(self.norm(" ".join(p.sentence for p in e.provenance))) for e in self.briefing.events
            ]
        return self._event_terms[n]

    def doc(self, d: int) -> tuple[str, str, int]:
        """(source, sentence, start)."""
        return self.sentences.doc(d)

    def search(self, query: list[str], limit: int = 8) -> list[tuple[float, int]]:
        return self.sentences.search(query, limit)


_INDEXES: list[tuple[weakref.ref, _Index]] = []  # the last few live briefings' (a reload makes a new one)


def prepare(briefing: Briefing) -> None:
    """Build `briefing`'s index now (a reload does, in its worker thread), not on the first question."""
    _index(briefing)


def _index(briefing: Briefing) -> _Index:
    # By identity: hashing a frozen briefing of 10,000 sources costs more than an answer.
    for ref, index in _INDEXES:
        if ref() is briefing:
            return index
    index = _Index(briefing, _INDEXES[-1][1] if _INDEXES else None)
    # An index goes when its briefing does (tens of MB at 10,000 sources), not at the next reload.
    _INDEXES[:] = [(r, i) for r, i in _INDEXES[-3:] if r() is not None] + [(weakref.ref(briefing, _forget), index)]
    return index


def _forget(ref: weakref.ref) -> None:
    _INDEXES[:] = [(r, i) for r, i in _INDEXES if r is not ref]


def ask(briefing: Briefing, question: str) -> Answer:
    question = question.strip()
    index = _index(briefing)
    qtype_m = _QTYPE.match(question)
    qtype = fold(qtype_m.group(1)) if qtype_m else "what"
    terms = [index.alias.get(w, _stem(w)) for w in words(question) if w not in STOP and len(w) > 1]
    terms = [t for t in terms if t not in STOP]
    content = [t for t in dict.fromkeys(terms) if t != "say"]
    if not content or any(not index.sentences.has(t) for t in content):
        return Answer(question, NO_ANSWER, ())
    hits = index.search(terms)
    if not hits:
        return Answer(question, NO_ANSWER, ())
    covered = [(s, d) for s, d in hits if _coverage(index, d, content) >= 0.6]
    if not covered:
        return Answer(question, NO_ANSWER, ())
    if qtype in ("when", "where") or (qtype == "who" and "host" in content):
        event, dated = _best_event(briefing, index, content, covered, qtype, _asks_past(question))
        if event is not None:
            return _event_answer(question, briefing, event, qtype, dated)
    if qtype in ("who", "whom"):
        named = {index.alias.get(w) for w in words(question)}
        for _, d in covered:
            source, sentence, _start = index.doc(d)
            for actor in briefing.actors:
                canon = index.alias.get(words(actor.name)[-1]) if words(actor.name) else None
                if canon in named or actor.kind != "person":
                    continue
                if any(w in words(sentence) for w in {words(actor.name)[-1], *(words(a)[-1] for a in actor.aliases if words(a))}):
                    label = f"{actor.name} ({actor.role})" if actor.role else actor.name
                    return Answer(question, label, (Citation(source, sentence),))
        return Answer(question, NO_ANSWER, ())
    if qtype == "where":
        for _, d in covered:
            source, sentence, _ = index.doc(d)
            place = place_in(sentence, 0, len(sentence), [])
            if place:
                return Answer(question, place, (Citation(source, sentence),))
        return Answer(question, NO_ANSWER, ())
    if qtype == "when":
        return Answer(question, NO_ANSWER, ())
    best = covered[:2]
    cites = tuple(Citation(*index.doc(d)[:2]) for _, d in best)
    seen: list[Citation] = []
    for c in cites:
        if all(words(c.text) != words(x.text) for x in seen):
            seen.append(c)
    return Answer(question, " ".join(c.text for c in seen), tuple(seen))


def _coverage(index: _Index, d: int, content: list[str]) -> float:
    """The share of the question's terms that sentence d has."""
    have = set(index.norm(index.doc(d)[1]))
    return sum(t in have for t in content) / len(content)


def _best_event(briefing, index, content, covered, qtype, past=False) -> tuple[Event | None, list[Provenance]]:
    """The event that answers best, and for "when" the sentences that date what was asked about."""
    sentences = {index.doc(d)[::2]: s for s, d in covered}
    best, best_score, best_dated = None, 0.0, []
    for n, event in enumerate(briefing.events):
        if qtype == "when" and event.date is None:
            continue
        if qtype == "where" and event.place is None:
            continue
        if qtype == "who" and event.host is None:
            continue
        score = max((sentences.get((p.source, p.start), 0.0) for p in event.provenance), default=0.0)
        bag = index.event_terms(n)
        coverage = sum(t in bag for t in content) / len(content)
        score = score * coverage + coverage + (0.5 if event.status == "planned" else 0)
        if coverage < 0.6 or score <= best_score:
            continue
        dated: list[Provenance] = []
        if qtype == "when":
            if not past and _over_when_reported(event, index.published):
                continue  # "when is …" asks about now or later
            if past and event.status in UPCOMING_STATUSES:
                continue  # "when did …" asks when it happened, not what was planned next
            dated = [p for p in event.provenance if _dates_term(index, p, event, content)]
            if not dated:
                continue  # the date is about something else in the sentence
        best, best_score, best_dated = event, score, dated
    return best, best_dated


def _asks_past(question: str) -> bool:
    return bool(_PAST_QUESTION.match(question))


def _over_when_reported(event: Event, published: dict[str, dt.date | None]) -> bool:
    """Occurred before the first source reported it (planned events, or today's, are not)."""
    if event.status in UPCOMING_STATUSES or event.date is None:
        return False
    days = [d for d in (published.get(s) for s in event.sources) if d]
    return bool(days) and event.date < min(days)


def _dates_term(index: _Index, p: Provenance, event: Event, content: list[str]) -> bool:
    """Does sentence p date what was asked? One of the asked terms (actors aside) must be in the
    clause that holds the event's date, not only elsewhere in the sentence: in "X will meet on
    Thursday, despite calls for a ceasefire", Thursday is the meeting's date, not the ceasefire's."""
    wanted = [t for t in content if t not in index.actor_terms] or content
    text = p.sentence
    for m in find_dates(text, 0, len(text), index.published.get(p.source)):
        if m.date == event.date and m.precision == event.date_precision:
            clause = set(index.norm(_date_clause(text, m.start, m.end)))
            if any(t in clause for t in wanted):
                return True
    return False


def _date_clause(text: str, start: int, end: int) -> str:
    """The clause that holds text[start:end]. A date that is a clause of its own ("On Monday, …",
    "Just one day prior, …", "…, on Monday") dates the clause next to it."""
    before = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    after = [m.start() for m in _CLAUSE_BREAK.finditer(text, end)]
    lo, hi = (before[-1] if before else 0), (after[0] if after else len(text))
    if not any(w not in STOP and len(w) > 1 for w in words(text[lo:start] + " " + text[end:hi])):
        if after:
            hi = after[1] if len(after) > 1 else len(text)
        elif before:
            lo = before[-2] if len(before) > 1 else 0
    return text[lo:hi]


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
        answer = (f"{actor.name} ({actor.role})" if actor and actor.role else actor.name) if actor else NO_ANSWER
    return Answer(question, answer, tuple(cites[:3]))


def format_date(date: dt.date | None, precision: str | None) -> str:
    if date is None:
        return "an unknown date"
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return date.strftime("%B %Y")
    if precision == "week":
        return f"the week of {date:%A} {date.day} {date:%B %Y}"
    return f"{date:%A} {date.day} {date:%B %Y} ({date.isoformat()})"


