""""What did X say (about Y)?": X's own words, merged across sources, and never anyone else's.

X's quotes come first (those about Y when the question names a topic, those of a day it
names); then sentences that report X's words ("X said that …", "…, X told reporters"); else
the answer says the sources quote no words of X.
"""

from __future__ import annotations

import re

from bot.engine import lexicon as lx
from bot.engine.answer import NO_ANSWER, Answer, Citation, join_sentences, one_per_source
from bot.engine.dates import find_dates
from bot.engine.evidence import Evidence, Index
from bot.engine.from_sentences import from_sentences
from bot.engine.models import Quote
from bot.engine.question import STOP, Question
from bot.engine.text import words

MOST = 3  # quotes in one answer
_TITLES = frozenset(w.rstrip(".") for w in lx.PERSON_TITLES) | {"us", "u", "s", "uk", "un", "eu", "nato", "ukrainian",
                                                               "russian", "american", "turkish", "french", "german"}
_ON_TOPIC = 0.35  # the least share of the topic's weighted terms a quote's sentences must hold
# The lexicon's reporting verbs, and "thanked", which reports words in a sentence about them.
_VERBS = "|".join(sorted(lx.REPORTING_VERBS | {"thanked"}, key=len, reverse=True))
# What may stand between a speaker's name and the verb: "Zelenskyy on Monday reiterated …",
# "Trump also told …"; a conjunction or a place means the name belongs to another clause.
_GAP = r"(?:on|has|had|have|also|later|then|again|earlier|once|reportedly|repeatedly|publicly|recently|previously|today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|himself|herself|the|president|minister|spokesman|spokeswoman|who)"
# Verbs whose speaker may follow them ("…, said Medinsky"); after "thanked" or "praised" the name
# is the one thanked, not the speaker.
_INVERTED = r"said|says|added|adds|wrote|stated|noted|stressed|declared|explained|continued|insisted|replied|emphasi[sz]ed|according\s+to"
_SAID = re.compile(r"\b(?:said|says|told|wrote|stated|declared|added|stressed|noted)\b")
_PLATFORM = re.compile(r"\b(?:on\s+(?:x|twitter|telegram|facebook|instagram|social\s+media)|posted|tweeted|wrote|in\s+a\s+post)\b", re.I)


def said(index: Index, q: Question) -> Answer:
    who = q.who or ""
    speakers, name = _speakers(index, who)
    quotes = [quote for term in speakers for quote in index.quotes_by_term.get(term, ())]
    quotes += _by_speaker_name(index, who, speakers)
    if q.day is not None:
        quotes = [quote for quote in quotes if _said_on_day(index, quote, q)]
    topic = Evidence(index, _topic_question(q))
    chosen = _choose(index, q, topic, quotes)
    reported = _reported(index, q, topic, speakers, who)
    if q.social and reported and not any(_PLATFORM.search(p.sentence) for c in chosen for p in c.provenance):
        posted = tuple(c for c in reported if _PLATFORM.search(c.text))
        if posted:  # "what did X post": what X wrote on a platform, though not in quotation marks
            return Answer(q.text, join_sentences(c.text for c in posted), posted)
    if chosen:
        return _quoted(index, q, name, chosen)
    if reported:
        return Answer(q.text, join_sentences(c.text for c in reported), reported)
    if not speakers and not any(c.isupper() for c in who):  # "what does the leaked plan say": no speaker
        return from_sentences(index, Question(q.text, "what", q.terms, day=q.day))
    about = f" about {_topic_text(q)}" if q.topic else ""
    when = " on that day" if q.day is not None else ""
    return Answer(q.text, f"{NO_ANSWER[:-1]}: they quote no words of {name}{about}{when}.", ())


def _speakers(index: Index, who: str) -> tuple[set[str], str]:
    """The terms of the actors the question names (by any spelling of a name, or by their role),
    and the name to show."""
    found: list[str] = []
    for w in words(who):
        if w in STOP or len(w) < 3:
            continue
        term = index.asked(w)
        if term in index.actors_by_term and term not in found:
            found.append(term)
    if not found:  # "the Kremlin spokesman": an actor whose role it is
        asked = [w for w in words(who) if w not in STOP]
        if asked:
            for term, actors in index.actors_by_term.items():
                if any(a.role and all(w in words(a.role) for w in asked) for a in actors):
                    found.append(term)
            if len(found) > 1:
                found = []
    given = [w for w in words(who) if w not in STOP and w not in _TITLES]
    others = [w for w in given if index.asked(w) in found]  # "Putin and Trump": each other's names
    found = [t for t in found if _all_named(index, t, [w for w in given if w not in others])]
    if found:
        quotes = index.quotes_by_term.get(found[0], ())
        best = max(index.actors_by_term[found[0]],
                   key=lambda a: (sum(quote.speaker == a.id for quote in quotes), len(a.name)))
        names = [best.name, *(index.actors_by_term[t][0].name for t in found[1:])]
        return set(found), " and ".join(names)
    return set(), re.sub(r"^(?:the)\s+", "the ", who.strip()) or "them"


def _all_named(index: Index, term: str, given: list[str]) -> bool:
    """Every name word the question gives belongs to the actor: "Melania Trump" is not Donald Trump."""
    actors = index.actors_by_term.get(term, ())
    if any(a.role and set(given) <= set(words(a.role)) for a in actors):
        return True
    known = {w for a in actors for n in (a.name, *a.aliases) for w in words(n)}
    return all(w in known or index.asked(w) == term for w in given)


def _by_speaker_name(index: Index, who: str, speakers: set[str]) -> list[Quote]:
    """Quotes of a speaker that is no known actor ("the ministry"), by the words of its name."""
    asked = [index.term(w) for w in words(who) if w not in STOP]
    if not asked or speakers:
        return []
    out = []
    for quote in index.briefing.quotes:
        if quote.speaker is None and quote.speaker_name:
            have = set(index.norm(quote.speaker_name))
            if asked[-1] in have and sum(t in have for t in asked) * 2 >= len(asked):
                out.append(quote)
    return out


def _said_on_day(index: Index, quote: Quote, q: Question) -> bool:
    if quote.said_on is not None:
        return q.day.matches(quote.said_on)
    for p in quote.provenance:
        d = index.sentences.doc_at(p.source, p.start)
        if d is None:
            continue
        published = index.published.get(p.source)
        # The day in the quote's own sentence; else the one in the sentence before it.
        for n in (d, *[n for n in index.sentences.neighbours(d) if n < d]):
            text = index.doc(n)[1]
            days = [m.date for m in find_dates(text, 0, len(text), published) if m.precision == "day"]
            if days:
                if any(q.day.matches(day) for day in days):
                    return True
                break
    return False


def _topic_question(q: Question) -> Question:
    return Question(q.text, "what", list(q.topic))


def _topic_text(q: Question) -> str:
    m = re.search(r"\b(?:about|on|regarding|concerning|of)\s+(.+?)[?.!]*$", q.text, re.I)
    return m.group(1) if m else " ".join(q.topic)


def _choose(index: Index, q: Question, topic: Evidence, quotes: list[Quote]) -> list[Quote]:
    scored = []
    for quote in quotes:
        on_topic = 1.0
        if q.topic:
            on_topic = max(_quote_topic(index, topic, quote, p) for p in quote.provenance)
            if on_topic < _ON_TOPIC:
                continue
        posted = q.social and any(_PLATFORM.search(p.sentence) for p in quote.provenance)
        size = min(len(words(quote.text)), 40)
        scored.append((round(on_topic, 2), posted, not quote.partial and size >= 4, len(quote.sources), size, quote))
    scored.sort(key=lambda s: s[:5], reverse=True)
    if scored:  # what is much less about the topic than the best is left out
        scored = [x for x in scored if x[0] >= 0.75 * scored[0][0]]
    chosen: list[Quote] = []
    also: dict[int, list] = {}  # the same words reported by other sources: cited too
    for *_, quote in scored:
        text = " ".join(words(quote.text))
        same = next((k for k, c in enumerate(chosen)
                     if text in " ".join(words(c.text)) or " ".join(words(c.text)) in text), None)
        if same is not None:
            also.setdefault(same, []).extend(quote.provenance)
            continue
        if len(chosen) < MOST:
            chosen.append(quote)
    return [c.model_copy(update={"provenance": (*c.provenance, *also.get(k, ()))}) for k, c in enumerate(chosen)]


def _quote_topic(index: Index, topic: Evidence, quote: Quote, p) -> float:
    """How much of the topic the quote's words and sentence hold (the sentences around count half)."""
    own = set(index.norm(quote.text + " " + p.sentence))
    d = index.sentences.doc_at(p.source, p.start)
    near: set[str] = set(index.norm(index.titles.get(p.source, "")))
    if d is not None:
        for n in index.sentences.neighbours(d):
            near |= topic.terms(n)
    got = sum(w if t in own else 0.5 * w if t in near else 0.0 for t, w in topic.weights.items())
    return got / topic.total


def _quoted(index: Index, q: Question, name: str, chosen: list[Quote]) -> Answer:
    # "What did Putin and Trump say?": each quote under its own speaker's name.
    by = {quote.speaker for quote in chosen}
    parts = []
    for quote in chosen:
        words_of = (join_sentences([quote.provenance[0].sentence]) if quote.partial  # a fragment needs its sentence
                    else _in_marks(quote.text))
        if len(by) > 1:
            actor = index.briefing.actor(quote.speaker)
            words_of = f"{actor.name if actor else quote.speaker_name or name}: {words_of}"
        if words_of in parts:
            continue  # two fragments of one sentence ("very quickly", "surgical"): the sentence once
        parts.append(words_of)
    cites = one_per_source(Citation(p.source, p.sentence) for quote in chosen for p in quote.provenance)
    return Answer(q.text, (f"{name}: " if len(by) == 1 else "") + " ".join(parts), cites[:5])


def _in_marks(text: str) -> str:
    """The words in quotation marks, ended as a sentence is (the full stop outside when the words have none)."""
    text = text.strip()
    return f"“{text}”" if text[-1:] in ".!?…" else f"“{text}”."


def _reported(index: Index, q: Question, topic: Evidence, speakers: set[str], who: str) -> tuple[Citation, ...]:
    """Sentences that report the speaker's words: the speaker's name just before a verb of
    saying ("Zelenskyy on Monday reiterated …"), or just after one ("…, said Medinsky")."""
    if speakers:
        names = sorted({w for a_term in speakers for a in index.actors_by_term[a_term]
                        for n in (a.name, *a.aliases) for w in words(n)[-1:]}, key=len, reverse=True)
        names = [n for n in names if index.term(n) in speakers]
    else:
        phrase = " ".join(w for w in words(who))
        names = [phrase] if phrase else []
    if not names:
        return ()
    name_re = "|".join(re.escape(n) for n in names)
    pattern = re.compile(
        rf"\b(?:{name_re})s?(?:\s+(?:office|spokesman|spokeswoman|spokesperson|press\s+service|ministry|statement))?"
        rf"(?:\s+{_GAP}){{0,4}}\s+(?:{_VERBS})\b"
        rf"|\b(?:{_INVERTED})\s+(?:{_GAP}\s+|[a-z]+\s+){{0,4}}(?:{name_re})\b"
    )
    query = list(dict.fromkeys([*q.topic, *speakers, *(index.term(w) for w in words(who) if w not in STOP)]))
    found = []
    for score, d in index.sentences.search(query, 60):
        source, sentence, _ = index.doc(d)
        if not pattern.search(" ".join(words(sentence))):
            continue
        on_topic = topic.score(d) if q.topic else 1.0
        if on_topic < _ON_TOPIC:
            continue
        if q.day is not None and not Evidence(index, q).day_in(d):
            continue
        posted = q.social and bool(_PLATFORM.search(sentence))
        said_so = bool(_SAID.search(" ".join(words(sentence))))  # "said" before "accused", "described"
        found.append((posted, round(on_topic, 2), said_so, score, Citation(source, sentence)))
    found.sort(key=lambda f: f[:4], reverse=True)
    return one_per_source(c for *_, c in found)[:2]
