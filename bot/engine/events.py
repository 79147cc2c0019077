"""Events: what happened or is planned, dated against the publication date, with place and actors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.engine import lexicon as lx
from bot.engine.cleaning import MONTHS
from bot.engine.dates import DateMatch
from bot.engine.text import fold, squash, words

_PLACE = re.compile(r"\b(?:in|at|to|from|near|inside)\s+(?:the\s+)?(?:[A-Z][\w\-]*[’']s\s+)?((?:[A-Z][\w’'.\-]*)(?:\s+[A-Z][\w’'.\-]*){0,2})")
_PROPOSAL = re.compile(
    r"\b(propos\w*|offer\w*|invit\w*|suggest\w*|call(?:s|ed)? for|demand\w*|consider\w*|could|might|may|ready to|willing to|push\w* for)\b",
    re.I,
)
_PLAN = re.compile(r"\b(scheduled|will|set to|plans? to|planned|agreed to|agrees to|is to|are to|due to)\b", re.I)
_HOST = re.compile(r"\bhost(?:s|ed|ing)?\b|\bhosted by\b", re.I)
_STOP = frozenset(
    ["the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "and", "or", "but", "by", "from", "that", "this", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "as", "it", "its", "his", "her", "their", "they", "he", "she", "who", "which", "while", "after", "before", "into", "over", "than", "then", "there", "also", "not", "no"]
)


@dataclass
class RawEvent:
    date: dt.date | None
    precision: str | None
    place: str | None
    summary: str
    actors: list[str]
    status: str
    sentence: tuple[int, int]
    host: str | None = None
    extra: list[tuple[int, int]] = field(default_factory=list)  # more sentences (host hints)
    inferred: bool = False  # no day in the text: the article's own date


def place_in(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> str | None:
    """The most specific known place named after in/at/to, outside quotations."""
    best: tuple[int, str] | None = None
    for m in _PLACE.finditer(text, start, end):
        if any(a <= m.start(1) <= b for a, b in skip):
            continue
        cand = m.group(1).split()
        for n in range(len(cand), 0, -1):
            name = " ".join(cand[:n]).rstrip(".,’'")
            key = fold(name)
            if key in lx.CITIES:
                rank = 2
            elif key in lx.COUNTRIES:
                rank = 1
            else:
                continue
            if best is None or rank > best[0]:
                best = (rank, name)
            break
    return best[1] if best else None


@lru_cache(maxsize=4096)
def country_of(place: str | None) -> str | None:
    if place is None:
        return None
    key = fold(place)
    if key in lx.CITIES:
        return fold(lx.CITIES[key])
    if key in ("türkiye", "turkiye"):
        return "turkey"
    return key.removeprefix("the ")


@lru_cache(maxsize=4096)
def city_of(place: str | None) -> str | None:
    """The city a place is in ("the Kremlin" → moscow); None for a country or a region."""
    key = fold(place or "")
    if key in lx.LANDMARKS:
        return lx.LANDMARKS[key]
    return key if key in lx.CITIES and key not in lx.REGIONS else None


def places_compatible(a: str | None, b: str | None) -> bool:
    """One place, or one inside the other; two different cities of one country are not."""
    if a is None or b is None:
        return False
    if fold(a) == fold(b):
        return True
    ca, cb = city_of(a), city_of(b)
    if ca and cb:
        return ca == cb
    return country_of(a) == country_of(b)


# Kinds of action, by the words that tell them: two reports of one day's talks share "talks".
_KINDS = {
    kind: frozenset(ws.split())
    for kind, ws in {
        "talks": "talks talk negotiations negotiation negotiated negotiate meeting meetings met meet meets summit round consultations consulted convened discussions",
        "exchange": "exchange exchanged swap swapped prisoners pows captives released freed bodies",
        "call": "call called phone phoned spoke conversation",
        "visit": "arrived arrive arrives arrival visit visited visits trip landed travelled traveled",
        "strike": "attack attacks attacked strike strikes struck drones missiles shelling",
        "deal": "signed sign agreement deal memorandum accord",
    }.items()
}


def event_kinds(said: frozenset[str] | set[str]) -> set[str]:
    return {kind for kind, ws in _KINDS.items() if not ws.isdisjoint(said)}


def status_for(date: DateMatch, sentence: str, published: dt.date | None) -> str:
    if published is not None and date.precision == "year" and date.date.year < published.year:
        return "background"
    if published is not None and (published - date.date).days > 60:
        return "background"
    if date.tense == "future" or (published is not None and date.date > published):
        if _PLAN.search(sentence) and not _PROPOSAL.search(sentence):
            return "planned"
        return "proposed" if _PROPOSAL.search(sentence) else "planned"
    return "occurred"


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in _STOP and len(w) > 2}


def has_host(text: str) -> bool:
    return bool(_HOST.search(text))


def host_subject(text: str, start: int, end: int) -> int | None:
    """Offset where the host is named: before 'host' or after 'hosted by'."""
    m = _HOST.search(text, start, end)
    if not m:
        return None
    return m.end() if m.group(0).lower().endswith("by") else m.start()


def summary_of(text: str, start: int, end: int) -> str:
    return squash(text[start:end])


_SAID_ON = re.compile(
    r"\b(?:" + "|".join(sorted(lx.SPEECH_VERBS, key=len, reverse=True)) + r")\s+(?:\w+\s+)?(?:on\s+)?$", re.I
)


def event_dates(hits: list[DateMatch], text: str = "", start: int = 0) -> list[DateMatch]:
    """The dates a sentence tells events on: every day it names, and a month or year only when
    no day falls in it ("met on July 23 and proposed a summit in August": two). When the
    sentence names another day, the day of its attribution ("…, officials said on Tuesday")
    is when it was said, not an event."""
    if text and len(hits) > 1:
        told = [d for d in hits if not _SAID_ON.search(text, max(start, d.start - 40), d.start)]
        hits = told or hits
    days = [d for d in hits if d.precision == "day"]
    if not days:
        return hits[:1]
    out = list({d.date: d for d in days}.values())
    for d in hits:
        if d.precision == "month" and all((x.date.year, x.date.month) != (d.date.year, d.date.month) for x in days):
            out.append(d)
    return sorted(out, key=lambda d: d.start)


# Verbs that each tell one action; two of different kinds joined by "and" are two events.
_ACTION_VERBS = {
    "talks": "met|held talks|negotiated|convened",
    "visit": "arrived|landed|travell?ed|flew",
    "call": "called|phoned|spoke by phone",
    "exchange": "exchanged|swapped|released|freed",
    "deal": "signed",
    "host": "received|hosted|welcomed",
}
_ACTION = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _ACTION_VERBS.items()) + r")\b", re.I)


_AUX_TAIL = re.compile(r"(?:\s+(?:were|was|had|has|have|then|also|later))+$")


def action_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence cut before "and <verb>" where a second kind of action begins; else whole."""
    seen: list[tuple[str, int]] = []
    for m in _ACTION.finditer(text, start, end):
        kind = m.lastgroup or ""
        if seen and seen[-1][0] == kind:
            continue
        seen.append((kind, m.start()))
    cuts: list[tuple[int, int]] = []  # (end of one clause, start of the next)
    for _kind, at in seen[1:]:
        before = _AUX_TAIL.sub("", text[start:at].rstrip())  # "…, were received by …"
        joint = re.search(r"(?:,|,? and(?: then)?)$", before)
        if joint:
            cuts.append((start + joint.start(), at))
    if not cuts:
        return [(start, end)]
    spans, lo = [], start
    for cut, nxt in cuts:
        spans.append((lo, cut))
        lo = nxt
    spans.append((lo, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# "WASHINGTON, Aug 19 —", "ISTANBUL, May 16. /TASS/.": the day the article was filed.
_DATELINE = re.compile(
    rf"[A-Z][A-Z.'’\- ]{{2,40}}(?:,\s*[A-Z][\w.'’\- ]{{1,30}}?)?,\s*"
    rf"(?P<date>(?:{MONTHS})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTHS}))\b\.?\s*(?:[,(/—–-]|$)"
)


# "Dec 5 (Reuters) -", "Dec 5 -": a wire's dateline without its city.
_BARE_DATELINE = re.compile(
    rf"(?P<date>(?:{MONTHS})\.?\s+\d{{1,2}})\s*(?:\([A-Za-z .]{{2,20}}\)\s*)?[—–-]\s"
)


def dateline(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a dateline's date at the start of text[start:end], if there is one."""
    m = _DATELINE.match(text, start, end) or _BARE_DATELINE.match(text, start, end)
    return (m.start("date"), m.end("date")) if m else None


# What an article reports as its own news: "has begun a meeting", "held talks", "signed".
_NEWS = re.compile(
    r"\b(?:(?:has|have)\s+(?:\w+\s+)?(?:begun|started|ended|met|held|signed|agreed|arrived|announced|concluded|received|hosted|spoken|called|launched|released|exchanged)"
    r"|began|begins|begin|met|meets|held|holds|hosted|hosts|signed|signs|agreed|arrived|arrives|concluded|convened|received|receives|released|exchanged|took place|kicked off|wrapped up)\b",
    re.I,
)


def tells_news(sentence: str) -> bool:
    return bool(_NEWS.search(sentence)) and not _PLAN.search(sentence)


_SLUG_OR_WEEKDAY = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def only_a_date(text: str, start: int, end: int, hits: list[DateMatch]) -> bool:
    """A line that is a page's timestamp ("6 January 2026 - 23:47"), not a sentence about anything."""
    rest = text[start:end]
    for d in sorted(hits, key=lambda d: -d.start):
        rest = rest[: d.start - start] + rest[d.end - start :]
    # A page's chrome around its stamp ("regular-article-logo Thursday, 04 December 2025") says nothing.
    rest = _SLUG_OR_WEEKDAY.sub(" ", rest)
    return len(re.findall(r"[A-Za-z]{2,}", rest)) < 3


# Countries and bodies that act in the story ("Russia and Ukraine held talks", "a US official").
_CANONICAL = {"us": "United States", "u.s.": "United States", "usa": "United States", "america": "United States",
              "the united states": "United States", "türkiye": "Turkey", "turkiye": "Turkey",
              "uae": "United Arab Emirates", "eu": "European Union", "un": "United Nations",
              "the united kingdom": "United Kingdom", "britain": "United Kingdom", "uk": "United Kingdom",
              "kremlin": "Kremlin", "nato": "NATO", "osce": "OSCE", "white house": "White House"}
_NOT_PARTIES = {"europe", "middle east", "the west", "gaza", "korea", "vatican"}
_PARTY_NAMES = sorted(
    {c.title() for c in lx.COUNTRIES if c not in _NOT_PARTIES and not c.startswith("the ")}
    | {"US", "U.S.", "USA", "Türkiye", "UAE", "EU", "European Union", "UN", "United Nations", "Kremlin",
       "NATO", "OSCE", "White House", "United States", "United Kingdom", "United Arab Emirates", "Saudi Arabia"},
    key=len, reverse=True,
)
_PARTY = re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in _PARTY_NAMES) + r")(?![\w])")
_DEMONYM_GROUP = re.compile(
    r"\b(" + "|".join(d.title() for d in lx.DEMONYMS if lx.DEMONYMS[d] and "." not in d and d not in ("us", "uk")) + r"|US|U\.S\.|UK)"
    r"(?:\s+and\s+(\w+))?\s+(?:\w+\s+)?(?:delegations?|sides?|officials?|negotiators|government|forces|troops|team|diplomats?|authorities|military|army)\b"
)


_SPEAKS = re.compile(r"\s+(?:\w+ly\s+|also\s+)?(?:" + "|".join(sorted(lx.SPEECH_VERBS, key=len, reverse=True)) + r")\b", re.I)


def parties_in(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(name, start, end) of each country or body named as acting, outside quotations."""
    out: list[tuple[str, int, int]] = []
    for m in _PARTY.finditer(text, start, end):
        if not any(a <= m.start() < b for a, b in skip):
            out.append((_CANONICAL.get(fold(m[1]), m[1]), m.start(), m.end()))
    for m in _DEMONYM_GROUP.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in skip) or _SPEAKS.match(text, m.end(), end):
            continue  # "…, Turkish officials said": who tells it, not who takes part
        for word in (m[1], m[2]):
            country = lx.DEMONYMS.get(fold(word or ""))
            if country:
                out.append((country, m.start(), m.end()))
    return out


def is_party(actor_id: str) -> bool:
    return actor_id in _PARTY_IDS


_PARTY_IDS = frozenset(
    re.sub(r"[^a-z0-9]+", "-", fold(n)).strip("-") for n in [*_PARTY_NAMES, *_CANONICAL.values(), *lx.DEMONYMS.values()] if n
)


# A past act of announcing what is to come: "has proposed that …", "announced" (a source saying
# or confirming a known plan is not news of its own).
_ANNOUNCES = re.compile(r"\b(?:has|have)\s+(?:\w+\s+)?(?:proposed|announced|invited|offered)\b|\b(?:proposed|announced|declared)\b", re.I)


def announces(sentence: str) -> bool:
    return bool(_ANNOUNCES.search(sentence))
