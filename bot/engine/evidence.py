"""What /ask searches with: the briefing's terms and names, and how much of a question a sentence holds."""

from __future__ import annotations

import itertools
import re
import weakref
from collections import defaultdict

from bot.engine.dates import find_dates
from bot.engine.models import Actor, Briefing, Quote
from bot.engine.question import STOP, Question
from bot.engine.search import SentenceIndex, search_words
from bot.engine.stems import same_name, skeleton
from bot.engine.stems import stem as _stem
from bot.engine.text import words

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
CLAUSE_BREAK = re.compile(
    r"[;:()\[\]—–]|\s-\s|,(?!\s*(?:scheduled|slated|set|due|expected|headed|led|chaired|accompanied)\b)"
    r"|\b(?:that|which|who|whom|whose|while|whereas|although|though|because|despite|following|amid|but)\b",
    re.I,
)


class Index:
    """One briefing's sentences searchable by term, its actors and quotes by their surname's term."""

    def __init__(self, briefing: Briefing, previous: Index | None = None) -> None:
        # Weakly: ask's cache of indexes must not keep old briefings (and their indexes) alive.
        self._briefing = weakref.ref(briefing)
        self.alias, self.skeletons = aliases(briefing.actors)
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


def aliases(actors: tuple[Actor, ...]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
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


def question_terms(index: Index, found: list[str]) -> list[str]:
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


class Evidence:
    """The question's terms in sentences: weighted coverage, with the sentences around."""

    def __init__(self, index: Index, q: Question) -> None:
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


def date_clause(text: str, start: int, end: int) -> str:
    """The clause that holds text[start:end]. A date that is a clause of its own ("On Monday, …",
    "Just one day prior, …", "…, on Monday") dates the clause next to it."""
    before = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, start)]
    after = [m.start() for m in CLAUSE_BREAK.finditer(text, end)]
    lo, hi = (before[-1] if before else 0), (after[0] if after else len(text))
    if not any(w not in STOP and len(w) > 1 for w in words(text[lo:start] + " " + text[end:hi])):
        if after:
            hi = after[1] if len(after) > 1 else len(text)
        elif before:
            lo = before[-2] if len(before) > 1 else 0
    return text[lo:hi]


