"""The parts of a sentence that answer a kind of question: amounts, lengths of time, places, people."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.engine import lexicon as lx
from bot.engine.models import Actor
from bot.engine.text import fold, words

Span = tuple[int, int, str]  # start, end, text

_NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|a\s+dozen)"
_NUMBER = rf"(?:\d[\d,.]*\d|\d|{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*)"
_QUALIFIER = r"(?:(?:at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|roughly|over|some|only|just(?:\s+over|\s+under)?|up\s+to|an?\s+additional|another)\s+)?"
_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"
_DURATION = re.compile(
    rf"\b{_QUALIFIER}(?:{_NUMBER}(?:\s+and\s+a\s+half)?|an?|half\s+an?)[\s-]+{_UNIT}\b(?:[\s-]+long)?",
    re.I,
)
_AMOUNT = re.compile(rf"\b{_QUALIFIER}{_NUMBER}(?!\w)(?:[\s-]+(?:for|to)[\s-]+{_NUMBER})?(?:\s*(?:%|per\s*cent|percent))?", re.I)
# After an amount, the words that say what was counted ("1,000 prisoners of war each").
# The counted words stop at a function word ("800,000 soldiers rather than …", "four documents
# ahead of …"); "of" joins only a noun to them ("prisoners of war", "thousands of soldiers").
_COUNTED = re.compile(
    r"(?:(?:[\s-]+(?!(?:and|or|but|that|which|who|in|on|at|to|from|with|by|as|for|since|after|before|during|the|a|an"
    r"|was|were|is|are|will|would|had|has|have|of|rather|than|ahead|about|into|over|under|across|through|per|off|out"
    r"|so|too|very|not|also|only|still|yet|then|there|here|while|when|where|if|because|against|between|among"
    r"|toward|towards|via|amid|despite|instead|within|without|it|its|they|their|he|his|she|her|we|our)\b)[A-Za-z][\w’'-]*){1,3}"
    r"|(?=\s+of\s))(?:\s+of\s+[a-z]+)?"
)
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")
_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.I)
_PLACE_AT = re.compile(
    r"\b(?:in|at|inside|near|to)\s+(?:the\s+)?((?:[A-Z\u00C0-\u024F][\w\u00C0-\u024F’'.\-]*)(?:\s+(?:of\s+)?[A-Z\u00C0-\u024F][\w\u00C0-\u024F’'.\-]*){0,3})"
)


def amounts(text: str) -> list[Span]:
    """Counts and sums ("at least 1,000 prisoners of war", "nearly 400 abducted children"),
    not years, days of a month or lengths of time."""
    taken = [(m.start(), m.end()) for m in _DURATION.finditer(text)]
    out: list[Span] = []
    for m in _AMOUNT.finditer(text):
        number = m.group(0).strip()
        bare = re.sub(r"^\D*", "", number) or number
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if _YEARISH.match(bare) or _MONTHS.search(text[max(0, m.start() - 10) : m.start()]):
            continue
        if re.fullmatch(r"\d{1,2}", bare) and re.match(r"\s*(?:st|nd|rd|th)?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", text[m.end():], re.I):
            continue
        if m.start() > 0 and text[m.start() - 1] in "-–" and text[max(0, m.start() - 2)].isdigit():
            continue  # "28-point" is counted once, from its start
        end = m.end()
        counted = _COUNTED.match(text, end)
        if counted:
            end = counted.end()
        out.append((m.start(), end, text[m.start() : end].strip(" ,;")))
    return out


_ORDINAL = re.compile(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))\b(?:\s+[a-z]+)?", re.I)


def ordinals(text: str) -> list[Span]:
    """"sixth visit": how many times, counted by the article."""
    return [(m.start(), m.end(), m.group(0)) for m in _ORDINAL.finditer(text)]


# "2:43 p.m. local time", "16:00 GMT", "7pm local time", "7 p.m."
_TIME = re.compile(
    r"\b(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*(?:[ap]\.m\.|[ap]m\b))"
    r"(?:\s+(?:local\s+time|GMT|UTC|Moscow\s+time|Kyiv\s+time|ET|EST|EDT))?",
    re.I,
)


def times(text: str) -> list[Span]:
    """Times of day: "2:43 p.m.", "13:10 local time"."""
    return [(m.start(), m.end(), m.group(0).strip()) for m in _TIME.finditer(text)]


def durations(text: str) -> list[Span]:
    """Lengths of time: "less than two hours", "a five-hour discussion", "two and a half hours";
    not the time since something ("their first talks in over three years")."""
    return [(m.start(), m.end(), m.group(0).strip()) for m in _DURATION.finditer(text)
            if not _SINCE.search(text, 0, m.start())]


_SINCE = re.compile(r"\b(?:in|since|for\s+the\s+first\s+time\s+in)\s*$", re.I)


_PLACE_NAME = re.compile(r"[A-Z\u00C0-\u024F][a-z\u00C0-\u024F’'\-]+(?:\s+[A-Z\u00C0-\u024F][a-z\u00C0-\u024F’'\-]+){0,2}")


_CITY_OF = re.compile(r"\b(?:city|town|village|port|resort|capital|region|province)\s+of\s+([A-Z\u00C0-\u024F][\w\u00C0-\u024F’'\-]+)")


def places(text: str) -> list[Span]:
    """Named places after in/at/near: known cities and countries, and named buildings or bases;
    else a name after "in" or "near" that is no month, person or organization."""
    out: list[Span] = []
    unknown: list[Span] = []
    for m in _PLACE_AT.finditer(text):
        name = m.group(1).rstrip(".,’'")
        parts = name.split()
        known = None
        for n in range(len(parts), 0, -1):
            key = fold(" ".join(parts[:n]))
            if key in lx.CITIES or key in lx.COUNTRIES:
                known = " ".join(parts[:n])
                break
        building = re.search(r"(?:Palace|Base|House|Hotel|Centre|Center|Hall|Airport|Kremlin|Summit|Forum|Building|Residence)\b", name)
        if known is None and not building:
            if m.group(0).split()[0].lower() not in ("in", "near") or not _PLACE_NAME.fullmatch(name):
                continue
            if any(w in _NOT_PERSON and w not in ("region", "oblast", "city") for w in words(name)):
                continue
            unknown.append((m.start(1), m.start(1) + len(name), name))  # "in Valdai": a place no list has
            continue
        place = known or name
        out.append((m.start(1), m.start(1) + len(place), place))
    for m in _CITY_OF.finditer(text):  # "the southern Russian resort city of Sochi"
        out.append((m.start(1), m.end(1), m.group(1)))
    return out or unknown


# Words that make a capitalized phrase a thing, not a person: "Emirates Palace", "Joint Declaration".
_NOT_PERSON = lx.ORG_WORDS | frozenset(
    """palace declaration security countries country coalition base summit plan war talks stall special
    presidential national joint general staff defense defence intelligence state states united republic
    kingdom emirates arab federation region oblast city airport hotel resort residence conference
    memorandum agreement ceasefire peace foreign affairs prime minister president secretary envoy
    spokesman spokeswoman chancellor chief head deputy adviser advisor aide monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september october
    november december telegram day thanksgiving christmas easter new year sea ocean river lake bay gulf
    strait island islands peninsula coast mountains north south east west northern southern eastern western
    central street square avenue""".split()
)
_HONORIFIC = frozenset({"his", "her", "highness", "excellency", "sheikh", "h.h.", "hh", "emir", "crown", "prince"})
_PARTICLES = frozenset({"bin", "al", "von", "der", "de", "van", "da", "ibn", "el"})
_NAME = re.compile(r"[A-Z\u00C0-\u024F][\w\u00C0-\u024F’'\-]+(?:\s+(?:(?:bin|al|von|der|de|van|da|ibn|el)\s+)*[A-Z\u00C0-\u024F][\w\u00C0-\u024F’'\-]+){0,4}")


_ROMAN = re.compile(r"[IVX]+")
# After a possessive name, the words that make someone else meant: "Putin's aide", "Trump's son-in-law".
_SOMEONES = re.compile(
    r"(?:'s|’s)\s+(?:(?:[a-z-]+\s+){0,2})(?:" + "|".join(sorted(lx.ROLE_NOUNS, key=len, reverse=True))
    + r"|son|daughter|wife|husband|son-in-law|brother|sister|family|office|team|spokesman|spokeswoman|envoy)s?\b",
    re.I,
)


# "… in Donald Trump's push to broker a deal": his initiative is told, he is not there.
_WHOSE_INITIATIVE = re.compile(
    r"(?:'s|’s)\s+(?:[a-z-]+\s+)?(?:push|efforts?|bid|campaign|plan|proposals?|administration|government|initiative"
    r"|invitation|policy|demands?|request|order|decision|war|invasion)\b",
    re.I,
)


def _someones(text: str, at: int) -> bool:
    """The name ending at `at` is a possessive that names someone else ("Putin's aide") or only
    its owner's initiative ("Trump's push")."""
    return bool(_SOMEONES.match(text, at) or _WHOSE_INITIATIVE.match(text, at))


def is_person_name(name: str) -> bool:
    ws = [w for w in words(name) if w not in _PARTICLES]
    return bool(ws) and not any(w in _NOT_PERSON or w in lx.CITIES or w in lx.COUNTRIES or w in lx.DEMONYMS for w in ws)


def people(text: str, actors: Iterable[Actor]) -> list[tuple[int, int, Actor]]:
    """Where people are named: the actors (by any name), and other names of two words or more
    ("Igor Kostyukov"), not as a possessive ("Putin's aide") and not things ("Emirates Palace")."""
    folded = fold(text)
    out: list[tuple[int, int, Actor]] = []
    for actor in actors:
        if actor.kind != "person" or not is_person_name(actor.name):
            continue
        for name in {actor.name, *actor.aliases}:
            key = fold(name)
            if not words(key):
                continue
            for m in re.finditer(rf"\b{re.escape(key)}\b", folded):
                if _someones(folded, m.end()):
                    continue
                out.append((m.start(), m.end(), actor))
    for m in _NAME.finditer(text):
        raw = m.group(0)
        if raw.endswith(("'s", "’s")):
            if _someones(text, m.end() - 2):
                continue
            raw = raw[:-2]
        parts = raw.split()
        while parts and (fold(parts[0]).rstrip(".") in lx.PERSON_TITLES or fold(parts[0]) in _NOT_PERSON
                         or fold(parts[0]) in _HONORIFIC):
            parts = parts[1:]
        name = " ".join(parts)
        if len(parts) < 2 or not is_person_name(name) or any(p.isupper() and not _ROMAN.fullmatch(p) for p in parts):
            continue
        start = m.start() + m.group(0).index(name)
        out.append((start, start + len(name), Actor(id=name, name=name)))
    # One person per place in the text: the longest name read there, an actor's when as long.
    out.sort(key=lambda x: (x[0], -(x[1] - x[0]), x[2].id == x[2].name))
    kept: list[tuple[int, int, Actor]] = []
    for span in out:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


_BODY = re.compile(
    r"\b(?:[Tt]he\s+)?(?:[A-Z\u00C0-\u024F][\w\u00C0-\u024F’'.\-]*\s+){0,3}[A-Z\u00C0-\u024F][\w\u00C0-\u024F’'.\-]*"
)


def bodies(text: str) -> list[Span]:
    """Countries, cities that stand for a government ("the Vatican") and organizations ("the
    Kremlin", "NATO", "the Turkish Foreign Ministry"): who acts when no person does."""
    out: list[Span] = []
    for m in _BODY.finditer(text):
        name = m.group(0).rstrip(".,’'")
        ws = words(name)
        key = " ".join(w for w in ws if w != "the")
        if not (key in lx.COUNTRIES or key in lx.CITIES or (ws and ws[-1] in lx.ORG_WORDS)
                or name.split()[-1] in lx.ORG_ACRONYMS):
            continue
        before = (text[: m.start()].split()[-1:] or [""])[0].lower().strip("“\"'(")
        if before in _PREPOSITIONS or not (before in _PARTNER or _ACTS.match(text, m.start() + len(name))):
            continue  # a place something happens in, not who does it or is done to
        out.append((m.start(), m.start() + len(name), name))
    return out


_PREPOSITIONS = frozenset("in at from of for on between near into over against across about and or".split())
_PARTNER = frozenset({"to", "with", "by"})  # "spoke to The Associated Press", "hosted by the Vatican"
# A verb right after a name: the name is who acts ("the Vatican … has stated", "the United States will oversee").
_ACTS = re.compile(r"(?:,[^,]{1,60},)?\s+(?:has|have|had|will|would|is|are|was|were|can|could|should|may|might|must|did|does|also|[a-z]+ed|[a-z]+s)\b")
