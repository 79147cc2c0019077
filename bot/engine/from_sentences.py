"""Answers from the sentences that hold most of a question: the part that answers its kind
(a name, a date, a place, a number, a length of time), or the sentences themselves."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from bot.engine import lexicon as lx
from bot.engine import spans
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
from bot.engine.evidence import CLAUSE_BREAK, ENOUGH, Evidence, Index, date_clause
from bot.engine.question import STOP, Question
from bot.engine.text import fold, words

_WHO_IS = re.compile(r"^\s*who\s+(?:is|was|are|were)\s+(?P<name>[^?]+?)\s*\??$", re.I)


def who_is(index: Index, q: Question) -> Answer | None:
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
    return Answer(q.text, label(actor), cites) if cites else None


_APPOSITIVE_AFTER = re.compile(r"^\s*,\s+((?:the\s+)?[^,;:.()\"“”]{3,90}?)\s*(?:[,;:.()]|$)")
_ROLE_WORD = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(lx.ROLE_NOUNS | lx.PERSON_TITLES, key=len, reverse=True)) + r")s?\b", re.I
)


_NOT_APPOSITIVE = frozenset(
    "while who which that when where and but as after before said says told adding according who's whose".split()
)


def _appositive(index: Index, sentence: str, surname: str) -> str | None:
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


def from_sentences(index: Index, q: Question) -> Answer:
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


def _typed(index: Index, q: Question, ev: Evidence, source: str, sentence: str) -> tuple[str, float] | None:
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
                 and any(t in set(index.norm(date_clause(sentence, m.start, m.end))) for t in ev.weights)]
    else:
        named = {index.asked(w) for w in words(q.text)}
        found = [(a, b, label(actor)) for a, b, actor in spans.people(sentence, index.briefing.actors)
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
                if between and CLAUSE_BREAK.search(between):
                    far *= 2
            best = min(best, far)
        total += best * places[0][1]
    return total


def _positions(index: Index, sentence: str, weights: dict[str, float]) -> dict[str, list[tuple[int, float]]]:
    """Where each asked term is in the sentence: term → [(offset, weight)]."""
    out: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for m in re.finditer(r"[a-z0-9]+", fold(sentence)):
        t = index.term(m.group(0))
        if t in weights:
            out[t].append((m.start(), weights[t]))
    return out
