"""Extractive answers with citations. Never composes facts: every answer is read from a sentence.

A question is read for what it asks (question.py): "what did X say" is answered from X's
quotes (said.py); when / where / who questions from the briefing's events first; every kind
then from the sentences that hold most of the question's terms, weighted by how rare each
term is, with the part of the sentence that answers that kind of question (spans.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import weakref
from collections import defaultdict
from dataclasses import dataclass

from bot.engine import lexicon as lx
from bot.engine import spans
from bot.engine.dates import find_dates
from bot.engine.models import UPCOMING_STATUSES, Actor, Briefing, Event, Provenance, Quote
from bot.engine.question import STOP, Question, parse
from bot.engine.search import SentenceIndex, search_words
from bot.engine.stems import same_name, skeleton
from bot.engine.stems import stem as _stem
from bot.engine.text import fold, words

NO_ANSWER = "The sources do not say."
# The least share of a question's weighted terms the best evidence must hold to be answered;
# set on the development set (at most 1 in 10 unanswerable questions answered).
ENOUGH = 0.7
# A term no source has weighs half the question's average term: it lowers the evidence
# without ruling out an answer on its own.
_ABSENT = 0.5
_CONTEXT = 0.5  # a term in the sentence before or after counts half
_PHRASE = 0.1  # what the question's words next to each other, next to each other in a sentence, add
# Where a clause ends: punctuation, or a word that starts a subordinate clause or phrase. A comma
# before a scheduling participle ("…, scheduled for Thursday") does not end one.
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]—–]|\s-\s|,(?!\s*(?:scheduled|slated|set|due|expected|headed|led|chaired|accompanied)\b)"
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
        self.alias, self.skeletons = _aliases(briefing.actors)
        self.actor_terms = set(self.alias.values())
        self.published = {s.id: s.published for s in briefing.sources}
        self.titles = {s.id: s.title for s in briefing.sources}
        self.actors_by_term: dict[str, list[Actor]] = defaultdict(list)
        for actor in briefing.actors:
            self.actors_by_term[self.canon(actor)].append(actor)
        self.quotes_by_term: dict[str, list[Quote]] = defaultdict(list)
        by_id = {a.id: a for a in briefing.actors}
        for quote in briefing.quotes:
            actor = by_id.get(quote.speaker or "")
            if actor is not None:
                self.quotes_by_term[self.canon(actor)].append(quote)
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

    def canon(self, actor: Actor) -> str:
        names = words(actor.name)
        return self.alias.get(names[-1], _stem(names[-1])) if names else actor.id

    def term(self, word: str) -> str:
        return self.alias.get(word) or _stem(word)

    def asked(self, word: str) -> str:
        """A question word's term; a word no source has may be another spelling of a known
        name (Zelenskiy, Umyerov)."""
        term = self.term(word)
        if len(word) >= 5 and word.isalpha() and not self.sentences.has(term):
            known = self.skeletons.get(skeleton(word))
            if known is not None and same_name(word, known[0]):
                return known[1]
        return term

    def searched_term(self, word: str) -> str | None:
        term = self.alias.get(word) or _stem(word)
        return None if term in STOP else term  # no question asks for these

    def norm(self, text: str) -> list[str]:
        return [self.term(w) for w in search_words(text)]

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

    def weights(self, terms: list[str]) -> dict[str, float]:
        """How much each term counts as evidence: its rarity, and the average for terms no source has."""
        known = {t: self.sentences.idf(t) for t in terms if self.sentences.has(t)}
        mean = sum(known.values()) / len(known) if known else 1.0
        return {t: known.get(t, _ABSENT * mean) for t in terms}


def _aliases(actors: tuple[Actor, ...]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Surname → the actor's term, and the skeleton of a surname → its term: spellings of one
    surname (Umerov, Umierov) share one term. First names are nobody's: Vladimir Putin and
    Vladimir Medinsky share one, and a common word in a mistaken actor's name ("Peace Talks
    Stall") must not become a name."""
    skeletons: dict[str, tuple[str, str]] = {}  # skeleton → (surname, its term)
    surname: dict[str, str] = {}
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            ws = words(name)
            if not ws:
                continue
            last = ws[-1]
            key = skeleton(last)
            known = skeletons.get(key)
            if len(last) < 5:
                canon = _stem(last)
            elif known is not None and same_name(last, known[0]):
                canon = known[1]
            else:
                canon = _stem(last)
                skeletons.setdefault(key, (last, canon))
            surname.setdefault(last, canon)
    return surname, skeletons


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
    from bot.engine.said import said  # said.py reads this module's index

    question = question.strip()
    index = _index(briefing)
    q = parse(question)
    q.terms = _terms(index, q.terms)
    q.topic = _terms(index, q.topic)
    if q.kind == "say":
        return said(index, q)
    if not q.terms:
        return _on_day(index, q) if q.day is not None else Answer(question, NO_ANSWER, ())
    if q.kind == "who":
        found = _who_is(index, q)
        if found is not None:
            return found
    if (q.kind == "when" and "time" not in words(q.text)) or (q.kind == "who" and "host" in q.terms):
        found = _from_events(index, q)
        if found is not None:
            return found
    found = _from_sentences(index, q)
    if q.kind == "where" and not found.answered:  # a place an event was given, though no sentence says "in …"
        return _from_events(index, q) or found
    return found


def _terms(index: _Index, found: list[str]) -> list[str]:
    """The terms of a question's words; a compound no source has ("two-day") by its parts."""
    out = []
    for w in found:
        term = index.asked(w)
        if "-" in w:  # the compound as the sources write it, else its parts if they all have them
            joined = index.asked(w.replace("-", ""))
            parts = [index.asked(p) for p in w.split("-") if p and p not in STOP]
            whole = index.sentences.has(joined) or not parts or not all(index.sentences.has(p) for p in parts)
            out += [joined] if whole else parts
        else:
            out.append(term)
    return list(dict.fromkeys(t for t in out if t not in STOP))


def _on_day(index: _Index, q: Question) -> Answer:
    """"What happened on May 16?": the events of that day."""
    events = [e for e in index.briefing.events if q.day.matches(e.date, e.date_precision)]
    events.sort(key=lambda e: (-len(e.sources), e.id))
    cites = one_per_source(Citation(p.source, p.sentence) for e in events for p in e.provenance)[:3]
    if not cites:
        return Answer(q.text, NO_ANSWER, ())
    return Answer(q.text, join_sentences(c.text for c in cites), cites)


_WHO_IS = re.compile(r"^\s*who\s+(?:is|was|are|were)\s+(?P<name>[^?]+?)\s*\??$", re.I)


def _who_is(index: _Index, q: Question) -> Answer | None:
    """"Who is Witkoff?": what the sources call the person, from the sentence that says it
    ("Kyrylo Budanov, head of military intelligence"), else the role the engine read."""
    m = _WHO_IS.match(q.text)
    if not m:
        return None
    name = m.group("name").strip()
    terms = [index.asked(w) for w in words(name) if w not in STOP]
    if not terms or len(terms) > 5 or not (spans.is_person_name(name) and name[:1].isupper()):
        return None  # "who is the US ambassador" asks for a name, not about one
    actors = [a for t in terms for a in index.actors_by_term.get(t, ())]
    surname = terms[-1]
    for _, d in index.search([surname], 300):
        source, sentence, _ = index.doc(d)
        said = _appositive(index, sentence, surname)
        if said:
            return Answer(q.text, f"{name}: {said}", (Citation(source, sentence),))
    actor = max(actors, key=lambda a: (a.role is not None, len(a.name)), default=None)
    if actor is None or actor.role is None:
        return None
    role = fold(actor.role)
    cites = one_per_source(Citation(*index.doc(d)[:2]) for _, d in index.search([index.canon(actor)], 300)
                           if role in fold(index.doc(d)[1]))[:3]
    return Answer(q.text, _label(actor), cites) if cites else None


_APPOSITIVE_AFTER = re.compile(r"^\s*,\s+((?:the\s+)?[^,;:.()\"“”]{3,90}?)\s*(?:[,;:.()]|$)")
_ROLE_WORD = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(lx.ROLE_NOUNS | lx.PERSON_TITLES, key=len, reverse=True)) + r")s?\b", re.I
)


_NOT_APPOSITIVE = frozenset(
    "while who which that when where and but as after before said says told adding according who's whose".split()
)


def _appositive(index: _Index, sentence: str, surname: str) -> str | None:
    """The role a sentence gives a person right after their name: "X, head of …"."""
    for m in re.finditer(r"[A-Za-z\u00C0-\u024F]+", sentence):
        if index.term(fold(m.group(0))) != surname:
            continue
        after = _APPOSITIVE_AFTER.match(sentence[m.end():])
        if not after:
            continue
        phrase = after.group(1).strip()
        first = " ".join(phrase.split()[:6])
        if phrase.split()[0].lower() not in _NOT_APPOSITIVE and _ROLE_WORD.search(first):
            return phrase
    return None


# --- evidence -------------------------------------------------------------------------------


class Evidence:
    """The question's terms in sentences: weighted coverage, with the sentences around."""

    def __init__(self, index: _Index, q: Question) -> None:
        self.index, self.q = index, q
        self.weights = index.weights(q.terms)
        # A day the question names weighs as much as one of its terms.
        self.day_weight = sum(self.weights.values()) / max(1, len(self.weights)) if q.day else 0.0
        self.total = (sum(self.weights.values()) + self.day_weight) or 1.0
        self.pairs = set(itertools.pairwise(q.terms))
        self._terms: dict[int, set[str]] = {}
        self._titles: dict[str, set[str]] = {}

    def terms(self, d: int) -> set[str]:
        got = self._terms.get(d)
        if got is None:
            got = self._terms[d] = set(self.index.norm(self.index.doc(d)[1]))
        return got

    def title(self, d: int) -> set[str]:
        """The terms of the title of sentence d's source: what the whole article is about."""
        source = self.index.doc(d)[0]
        got = self._titles.get(source)
        if got is None:
            got = self._titles[source] = set(self.index.norm(self.index.titles.get(source, "")))
        return got

    def day_in(self, d: int) -> bool:
        if self.q.day is None:
            return False
        source, text, _ = self.index.doc(d)
        published = self.index.published.get(source)
        return any(self.q.day.matches(m.date, m.precision) for m in find_dates(text, 0, len(text), published))

    def score(self, d: int, context: bool = True) -> float:
        own = self.terms(d)
        near: set[str] = set()
        if context:
            for n in self.index.sentences.neighbours(d):
                near |= self.terms(n)
            near |= self.title(d)
        got = 0.0
        for t, w in self.weights.items():
            if t in own:
                got += w
            elif t in near:
                got += _CONTEXT * w
        if self.day_weight and self.day_in(d):
            got += self.day_weight
        return got / self.total + _PHRASE * self.phrases(d)

    def phrases(self, d: int) -> float:
        """The share of the question's neighbouring terms ("Ukrainian delegation") that are
        neighbours in sentence d too."""
        if not self.pairs:
            return 0.0
        seq = [t for t in self.index.norm(self.index.doc(d)[1]) if t not in STOP]
        have = set(itertools.pairwise(seq))
        return sum(p in have for p in self.pairs) / len(self.pairs)

    def coverage(self, bag: set[str]) -> float:
        return sum(w for t, w in self.weights.items() if t in bag) / self.total

    def candidates(self, limit: int = 40, around: int = 12) -> list[int]:
        """The sentences BM25 ranks best, then the ones next to the first few of them."""
        hits = [d for _, d in self.index.sentences.search(self.q.terms, limit)]
        out = dict.fromkeys(hits)
        for d in hits[:around]:
            for n in self.index.sentences.neighbours(d):
                out.setdefault(n)
        return list(out)


# --- events ---------------------------------------------------------------------------------


def _from_events(index: _Index, q: Question) -> Answer | None:
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
        answer = _label(actor) if actor else NO_ANSWER
    return Answer(question, answer, one_per_source(cites))


def _label(actor: Actor) -> str:
    return f"{actor.name} ({actor.role})" if actor.role else actor.name


# --- sentences ------------------------------------------------------------------------------


def _from_sentences(index: _Index, q: Question) -> Answer:
    ev = Evidence(index, q)
    ranked = sorted(((ev.score(d), -k, d) for k, d in enumerate(ev.candidates())), reverse=True)
    ranked = [(s, d) for s, _, d in ranked if s >= ENOUGH]
    if not ranked:
        return Answer(q.text, NO_ANSWER, ())
    top = ranked[0][0]
    if q.kind in _TYPED:
        # Every sentence near the best offers its answer; the answer most sentences and
        # sources agree on wins among the best-supported ones.
        groups: list[tuple[str, list[float], list[Citation]]] = []
        for score, d in ranked:
            if score < top - 0.35:
                break
            source, sentence, _ = index.doc(d)
            typed = _typed(index, q, ev, source, sentence)
            if not typed:
                continue
            found, far = typed
            score /= 1 + far / _NEAR  # an answer far from what was asked is less likely its answer
            group = next((g for g in groups if _same(found, g[0])), None)
            if group is None:
                groups.append((found, [score], [Citation(source, sentence)]))
            else:
                group[1].append(score)
                group[2].append(Citation(source, sentence))
        if not groups:  # no sentence holds a name, a date, a place or a number for it
            return Answer(q.text, NO_ANSWER, ())

        def support(g: tuple[str, list[float], list[Citation]]) -> float:
            return max(g[1]) + min(0.15, 0.05 * (len({c.source for c in g[2]}) - 1)) + 0.01 * (len(g[1]) - 1)

        answer, scores, cites = max(groups, key=support)
        ordered = [c for _, c in sorted(zip(scores, cites, strict=True), key=lambda x: -x[0])]
        return Answer(q.text, answer, one_per_source(ordered)[:3])
    cites = one_per_source(Citation(*index.doc(d)[:2]) for s, d in ranked[:6] if s >= top - 0.05)[:2]
    return Answer(q.text, join_sentences(c.text for c in cites), cites)


_TYPED = ("when", "where", "who", "how many", "how long")


def _same(a: str, b: str) -> bool:
    wa, wb = set(words(a)), set(words(b))
    return bool(wa & wb) and (wa <= wb or wb <= wa or len(wa & wb) * 2 >= min(len(wa), len(wb)))


_TITLED = re.compile(r",\s*(?:[A-Z][\w.’'-]*\s+)*$")
_NEW_CLAUSE = re.compile(r"\s*,\s*(?:and|but|or|while|whereas)\b", re.I)
_NEAR = 80  # characters (about thirteen words) from the asked terms at which an answer counts half


def _typed(index: _Index, q: Question, ev: Evidence, source: str, sentence: str) -> tuple[str, float] | None:
    """The part of the sentence that answers the kind of question, nearest the asked terms,
    and how far from them it is (characters, on average over the terms, by weight)."""
    asked = set(words(q.text))
    body = False
    if q.kind == "how many":
        found = spans.amounts(sentence)
        plain = [s for s in found if not _SMALL.match(s[2])]
        found = plain or found or (spans.ordinals(sentence) if "times" in asked else [])
        if asked & _UNITS:  # "how many days": lengths of time count
            found = spans.durations(sentence) + found
    elif q.kind == "how long":
        found = spans.durations(sentence)
    elif q.kind == "where":
        found = [s for s in spans.places(sentence) if not set(words(s[2])) <= asked]
    elif q.kind == "when" and "time" in asked:  # "at what time": a time of day
        found = spans.times(sentence)
    elif q.kind == "when":
        published = index.published.get(source)
        found = [(m.start, m.end, format_date(m.date, m.precision))
                 for m in find_dates(sentence, 0, len(sentence), published)
                 if _tense_fits(q, m, published)
                 and any(t in set(index.norm(_date_clause(sentence, m.start, m.end))) for t in ev.weights)]
    else:
        named = {index.asked(w) for w in words(q.text)}
        found = [(a, b, _label(actor)) for a, b, actor in spans.people(sentence, index.briefing.actors)
                 if index.canon(actor) not in named and not set(words(actor.name)) & asked]
        if not found:  # no person: a country or an organization ("the Vatican … would host"), farther
            found = [s for s in spans.bodies(sentence) if not set(words(s[2])) - {"the"} <= asked]
            body = True
        if len(found) > 1:  # the nearest, with the people listed along with them
            at = _positions(index, sentence, ev.weights)
            k = found.index(min(found, key=lambda s: _distance(s, at, sentence))) if at else 0
            lo = hi = k
            while lo > 0 and _listed(sentence[found[lo - 1][1] : found[lo][0]]):
                lo -= 1
            while hi + 1 < len(found) and _listed(sentence[found[hi][1] : found[hi + 1][0]]):
                hi += 1
            names = list(dict.fromkeys(s[2] for s in found[lo : hi + 1]))[:6]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            found = [(found[k][0], found[k][1], listed)]
    if not found:
        return None
    at = _positions(index, sentence, ev.weights)
    if not at:
        return found[0][2], float(_NEAR)
    best = min(found, key=lambda s: _distance(s, at, sentence))
    if q.kind == "how many":  # "270 soldiers and 120 civilians": every count of what was asked
        counted = [s for s in found if s is not best and set(index.norm(s[2])) & set(ev.weights) - _digits(s[2])]
        if counted and set(index.norm(best[2])) & set(ev.weights):
            best = (best[0], best[1], " and ".join([best[2], *(s[2] for s in counted)]))
    absent = sum(w for t, w in ev.weights.items() if t not in at)  # a term not in the sentence is far
    far = (_distance(best, at, sentence) + absent * _NEAR) / sum(ev.weights.values())
    return best[2], far + (_NEAR if body else 0.0)


def _tense_fits(q: Question, m, published: dt.date | None) -> bool:
    """"When did …" asks for a date reported as past, "when is / will …" for one still to come."""
    if published is None or q.past is None:
        return True
    if q.past:
        return m.date <= published and m.tense != "future"
    return m.date >= published or m.tense == "future"


# What stands between names of one list: "A, B and C", "French President A, British Prime
# Minister B, and C", "A, head of X; B, chief of Y": separators and titles, never a verb.
_LISTED_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|had|has|have|by|said|says|told|led|headed|met|while|but|that|who|which|will|would)\b|[.!?:]",
    re.I,
)


def _listed(between: str) -> bool:
    return len(between) <= 80 and bool(re.search(r"[,;]|\band\b", between)) and not _LISTED_VERB.search(between)


def _digits(text: str) -> set[str]:
    return {w for w in words(text) if w.isdigit()}


_UNITS = frozenset({"minutes", "hours", "days", "weeks", "months", "years", "minute", "hour", "day", "week", "month", "year"})
# "two sides", "one of the few": small counts that describe rather than answer "how many".
_SMALL = re.compile(r"^(?:one|two|three|both)\b", re.I)


def _distance(span: tuple[int, int, str], at: dict[str, list[tuple[int, float]]], text: str = "") -> float:
    """How far the asked terms are from the span, each by its nearest place, weighted by rarity;
    a term after the span counts three times (the answer usually follows what it answers:
    "the Russian delegation, headed by … Medinsky"), and a term in another clause twice more."""
    total = 0.0
    for places in at.values():
        best = float("inf")
        for p, _ in places:
            if span[0] <= p <= span[1]:
                far = 0.0
            else:
                far = span[0] - p if p < span[0] else 3 * (p - span[1])
                # The comma right after a name opens its appositive ("Medinsky, the head of …").
                between = text[p : span[0]] if p < span[0] else text[span[1] : p]
                if p > span[1] and not _NEW_CLAUSE.match(between):
                    between = between.lstrip(", ")
                elif p < span[0]:  # "the head of the delegation, Defense Minister Umerov": one phrase
                    between = _TITLED.sub("", between)
                if between and _CLAUSE_BREAK.search(between):
                    far *= 2
            best = min(best, far)
        total += best * places[0][1]
    return total


def _positions(index: _Index, sentence: str, weights: dict[str, float]) -> dict[str, list[tuple[int, float]]]:
    """Where each asked term is in the sentence: term → [(offset, weight)]."""
    out: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for m in re.finditer(r"[a-z0-9]+", fold(sentence)):
        t = index.term(m.group(0))
        if t in weights:
            out[t].append((m.start(), weights[t]))
    return out


# --- citations ------------------------------------------------------------------------------


def one_per_source(cites) -> tuple[Citation, ...]:
    """The first sentence of each source, without a sentence twice."""
    seen_sources: set[str] = set()
    seen_words: set[tuple[str, ...]] = set()
    out = []
    for c in cites:
        key = words(c.text)
        if c.source in seen_sources or key in seen_words:
            continue
        seen_sources.add(c.source)
        seen_words.add(key)
        out.append(c)
    return tuple(out)


def join_sentences(texts) -> str:
    """Sentences one after the other, each ending as a sentence does."""
    out = []
    for t in texts:
        t = t.strip()
        if t and t[-1] not in ".!?…\"”’'»":
            t += "."
        out.append(t)
    return " ".join(out)


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
