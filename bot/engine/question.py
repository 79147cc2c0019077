"""What a question asks: its kind, whose words, which terms, and a day it names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.engine.dates import MONTHS
from bot.engine.search import search_prepared
from bot.engine.stems import stem

# Words no answer is looked up by: function words, question words, and words of asking.
STOP = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "and", "or", "but", "by", "from", "that", "this", "these", "those", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "should", "shall", "may", "might", "must", "what", "when", "where", "who", "whom", "whose", "which", "why", "how", "there", "their", "they", "them", "he", "she", "it", "its", "his", "her", "i", "you", "we", "our", "your", "my", "me", "us", "about", "into", "over", "than", "then", "so", "if", "as", "not", "no", "yes", "any", "all", "some", "just", "also", "up", "out", "much", "many", "more", "most", "very", "take", "place", "happen", "happening", "going", "go", "gone", "currently", "exactly", "actually", "really", "latest", "news", "know", "think", "tell", "anything", "something", "thing", "things", "get", "got", "make", "according", "between", "among", "kind", "type", "sort", "during", "after", "before", "since", "until", "while", "both", "each", "either", "long", "time", "date", "day", "number"]
)
_SPEECH = (
    r"say|said|saying|tell|told|write|wrote|written|post|posted|tweet|tweeted|announce|announced|claim|claimed"
    r"|warn|warned|state|stated|declare|declared|think|reply|replied|respond|responded|mean|meant|add|added"
    r"|stress|stressed|note|noted|promise|promised|comment|commented|argue|argued|insist|insisted"
)
# "What did X say (about Y)?", "What has X said …", "What was X's message …", "How did X respond …".
_SAY = [
    re.compile(rf"^\s*what\s+(?:did|does|do|has|have|had|is|was|were|will)\s+(?P<who>.+?)\s+(?:{_SPEECH})\b(?P<rest>.*)$", re.I),
    re.compile(r"^\s*what\s+(?:was|were|is|are)\s+(?P<who>.+?)['’]s?\s+(?:words?|message|reaction|response|remarks?|statement|comments?|position)\b(?P<rest>.*)$", re.I),
    re.compile(r"^\s*how\s+(?:did|does|has)\s+(?P<who>.+?)\s+(?:respond|react|reply|describe|describes|characteri[sz]e)\b(?P<rest>.*)$", re.I),
]
_KIND = [
    ("how many", re.compile(r"^\s*(?:(?:to|by|for|of|in|from|with|at)\s+)?(?:how\s+(?:many|much)|what\s+(?:number|amount))\b", re.I)),
    ("how long", re.compile(r"^\s*(?:for\s+)?how\s+long\b", re.I)),
    ("when", re.compile(r"^\s*(?:when|(?:(?:by|on|at|until|from|since|in|for)\s+)?(?:what|which)\s+(?:date|day|time|month|year))\b", re.I)),
    ("where", re.compile(r"^\s*(?:where|in\s+(?:which|what)\s+(?:city|country|place)|which\s+(?:city|country))\b", re.I)),
    ("who", re.compile(r"^\s*(?:who|whom|which\s+(?:[a-z]+\s+)?(?:officials?|leaders?|ministers?|persons?|people|envoys?|negotiators?|presidents?|diplomats?|politicians?))\b", re.I)),
    ("yes/no", re.compile(r"^\s*(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could)\b", re.I)),
]
_LENGTH_VERBS = frozenset({"last", "lasted", "lasting", "take", "took", "taken", "run", "ran", "go", "went"})
_PAST = re.compile(r"^\s*(?:when|(?:(?:by|on|at|until|from|since|in|for)\s+)?(?:what|which)\s+(?:date|day|time|month|year))\s+(?:was|were|did|had|has|have)\b", re.I)
# "When were the talks set to resume?": a plan, whatever the tense of the question.
_PLANNED = re.compile(r"\b(?:set|scheduled|planned|expected|due|supposed|going|meant)\s+to\b|\bscheduled\b|\bplanned\b", re.I)
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY_MONTH = re.compile(rf"\b(?:{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH})\b(?:,?\s+(\d{{4}}))?", re.I)
# A month alone ("the June talks", "in May 2025"); "may" only where it cannot be the verb.
_MONTH_ONLY = re.compile(
    r"\b(january|february|march|april|june|july|august|september|october|november|december|(?<=in )may|(?<=of )may|(?<=since )may|May(?= talks| meeting| round| summit| exchange))\b(?:\s+(\d{4}))?",
    re.I,
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# A question about posts: the words of a platform are a wish, not terms every answer must have.
_SOCIAL = re.compile(r"\b(?:on\s+)?(?:social\s+media|social\s+networks?|twitter|telegram|facebook|instagram|x)\b(?=\W*(?:about|\?|$|,))|\bon\s+(?:social\s+media|x|twitter|telegram|facebook)\b", re.I)


@dataclass(frozen=True)
class Day:
    """A day a question names; a year it leaves out matches any year."""

    month: int
    day: int | None  # None: any day of the month
    year: int | None = None

    def matches(self, date: dt.date | None, precision: str | None = "day") -> bool:
        if date is None or date.month != self.month or self.year not in (None, date.year):
            return False
        return precision in ("day", "week", "month") if self.day is None else precision == "day" and date.day == self.day


@dataclass
class Question:
    text: str
    kind: str  # say | who | when | where | how many | how long | yes/no | what
    terms: list[str]  # the words looked up; ask() makes them terms
    past: bool | None = False  # when: asks what happened (True), what comes (False), either (None)
    who: str | None = None  # say: whose words, as the question wrote it
    topic: list[str] = field(default_factory=list)  # say: what about (words, then terms)
    day: Day | None = None
    social: bool = False  # asks about posts on social media


def _month(name: str) -> int:
    return MONTHS[name.lower()[:3]]  # every month's first three letters are one of its names


def named_day(text: str) -> tuple[Day | None, str]:
    """The day a question names ("May 12", "12 May 2025", "2025-05-12"), and the text without it."""
    m = _ISO.search(text)
    if m:
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None, text
        return Day(d.month, d.day, d.year), text[: m.start()] + text[m.end():]
    m = _DAY_MONTH.search(text)
    if not m:
        m = _MONTH_ONLY.search(text)
        if not m:
            return None, text
        year = int(m.group(2)) if m.group(2) else None
        return Day(_month(m.group(1)), None, year), text[: m.start()] + text[m.end():]
    month = _month(m.group(1) or m.group(4))
    day = int(m.group(2) or m.group(3))
    if not 1 <= day <= 31:
        return None, text
    year = int(m.group(5)) if m.group(5) else None
    return Day(month, day, year), text[: m.start()] + text[m.end():]


_QUESTION_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def words_of(text: str) -> list[str]:
    """The words of a question that are looked up (before they become terms); a compound
    keeps its hyphens ("cease-fire"): ask() looks it up whole, or by its parts."""
    prepared = re.sub(r"[‐‑–]", "-", search_prepared(text))
    out = [w for w in _QUESTION_WORDS.findall(prepared) if w not in STOP and (len(w) > 1 or w.isdigit())]
    return [w for w in out if "-" in w or stem(w) not in STOP]


def parse(question: str) -> Question:
    text = question.strip()
    day, rest = named_day(text)
    social = bool(_SOCIAL.search(rest))
    if social:
        rest = _SOCIAL.sub(" ", rest)
    for pattern in _SAY:
        m = pattern.match(rest)
        if m:
            return Question(text, "say", words_of(rest), who=m.group("who").strip(" ,"),
                            topic=[w for w in words_of(m.group("rest")) if stem(w) != "say"], day=day, social=social)
    kind = next((k for k, p in _KIND if p.match(text)), "what")
    found = [w for w in words_of(rest) if kind == "what" or stem(w) != "say"]
    if kind == "how long":  # "how long did it last / take": the verb asks for the length
        found = [w for w in found if w not in _LENGTH_VERBS]
    past = None if _PLANNED.search(text) else bool(_PAST.match(text))
    return Question(text, kind, found, past=past, day=day, social=social)
