"""Dates in running text, resolved against the publication date.

Weekday names are read by tense: the nearest tense marker before the weekday decides
("would travel … on Thursday" is the coming Thursday, "declared … Sunday" the one just past).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.engine.lexicon import WEEKDAYS

# Month names and their usual abbreviations → the month's number.
MONTHS = {
    m: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_WD = "|".join(WEEKDAYS)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("mdy", re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b(?!-)", re.I)),
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("month", re.compile(rf"\b(?:(?:in|since|by|until|during|of)\s+)(?:(early|mid|late)[-\s])?({_MONTH_RE})(?:\s+(\d{{4}}))?\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|by|until|during|of)\s+((?:19|20)\d{2})\b(?![-–]\d)", re.I)),
    ("named", re.compile(
        r"\b(Palm Sunday|Orthodox Easter(?: Sunday)?|Easter(?: Sunday| Monday)?|Good Friday|Orthodox Christmas"
        r"|Christmas(?: Day| Eve)?|New Year['’]s (?:Day|Eve)|Victory Day)\b(?:,?\s+(?:of\s+)?((?:19|20)\d{2})\b)?"
    )),
    ("weekday", re.compile(rf"\b(?:(last|this|next|coming|past|on)\s+)?({_WD})\b", re.I)),
    ("relday", re.compile(r"\b(today|tonight|yesterday|tomorrow|this morning|this afternoon|this evening|last night)\b", re.I)),
    ("relweek", re.compile(r"\b(last|this|next|coming|past)\s+(week|weekend|month)\b", re.I)),
    ("ago", re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|days|week|weeks)\s+(ago|earlier|prior|before|later|after)\b", re.I)),
    ("nextday", re.compile(r"\bthe\s+(following|next|previous)\s+day\b|\bthe\s+day\s+(before|after)\b", re.I)),
]
# Every pattern needs a digit, a month name (at a word boundary) or one of these words.
_DATE_WORDS = ("day", "week", "month", "night", "morrow", "morning", "afternoon", "evening", "easter", "christmas", "day")
_MONTH_OR_DIGIT = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d", re.I)
_MAYBE_DATE = re.compile("|".join(_DATE_WORDS) + "|" + _MONTH_OR_DIGIT.pattern, re.I)


_DATE_FOLLOWS = re.compile(rf",?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})\b|(?:{_MONTH_RE})\.?\s+\d{{1,2}}\b)", re.I)


def _maybe_date(text: str) -> bool:
    """False only where no pattern can match: most sentences, found much faster than trying each."""
    if text.isascii():
        low = text.lower()
        return any(w in low for w in _DATE_WORDS) or _MONTH_OR_DIGIT.search(text) is not None
    return _MAYBE_DATE.search(text) is not None  # the patterns' own case folding (ſ, K, ı, İ)

# Past verbs whose "to" clause is told as done, not planned.
_DONE_TO = frozenset({"appeared", "seemed", "began", "started", "continued", "tried", "managed", "failed", "happened", "helped"})
FUTURE_MARKERS = frozenset(
    ["will", "would", "'ll", "shall", "going", "scheduled", "set", "expected", "due", "planned", "plans", "plan", "upcoming", "ready", "intends", "intend", "aims", "aim", "could", "might", "should", "hopes", "hope", "slated", "poised", "tomorrow", "next"]
)
PAST_MARKERS = frozenset(
    ["said", "says", "was", "were", "had", "did", "met", "held", "told", "wrote", "spoke", "made", "came", "took", "gave", "went", "began", "sent", "saw", "left", "brought", "ran", "won", "lost", "fell", "rose", "struck", "hit", "put", "read", "led", "met", "sought", "thought", "brought", "agreed", "declared", "announced", "issued", "rejected", "warned", "urged", "insisted", "stated", "added", "replied", "ago", "yesterday", "last"]
)
_NOT_INFINITIVE = frozenset(
    ["the", "a", "an", "his", "her", "their", "its", "this", "that", "these", "those", "be", "them", "him", "us", "me", "it", "our", "your", "my", "each", "all", "any", "some"]
)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    date: dt.date
    precision: str  # day | week | month | year
    tense: str  # past | future | unknown
    relative: bool  # resolved from the publication date rather than written out


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _infer_year(month: int, day: int, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    try:
        candidate = dt.date(published.year, month, day)
    except ValueError:
        return None
    if (candidate - published).days > 183:
        candidate = candidate.replace(year=candidate.year - 1)
    elif (published - candidate).days > 183:
        candidate = candidate.replace(year=candidate.year + 1)
    return candidate


def _replace_year(d: dt.date, year: int) -> dt.date | None:
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February
        return None


def tense_at(text: str, pos: int, lo: int, hi: int) -> str:
    """'future' or 'past' from the nearest marker before pos (then after), within [lo, hi)."""
    before = re.findall(r"[A-Za-z’']+", text[lo:pos])
    for i in range(len(before) - 1, max(-1, len(before) - 13), -1):
        verdict = _marker(before, i)
        if verdict:
            return verdict
    after = re.findall(r"[A-Za-z’']+", text[pos:hi])
    for i in range(1, min(len(after), 10)):
        verdict = _marker(after, i)
        if verdict:
            return verdict
    return "unknown"


def _marker(words: list[str], i: int) -> str | None:
    w = words[i].lower().replace("’", "'")
    if w in FUTURE_MARKERS or w.endswith("'ll"):
        return "future"
    if w == "to" and i > 0 and words[i - 1].lower() in _DONE_TO:
        return "past"  # "appeared to open on Friday", "failed to agree on Monday": it happened (or not)
    if w == "to" and i + 1 < len(words):
        nxt = words[i + 1]
        plural = nxt.endswith("s") and not nxt.endswith("ss")
        if nxt.islower() and nxt not in _NOT_INFINITIVE and not plural and not nxt.endswith(("ed", "ing")):
            return "future"
        return None
    if w in PAST_MARKERS or (len(w) > 4 and w.endswith("ed")):
        return "past"
    return None


def find_dates(
    text: str,
    start: int,
    end: int,
    published: dt.date | None,
    anchor: dt.date | None = None,
    skip: list[tuple[int, int]] | None = None,
) -> list[DateMatch]:
    """Every resolvable date in text[start:end], outside the `skip` spans (quotations)."""
    if not _maybe_date(text[start:end]):
        return []
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = list(skip or [])
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            hit = _resolve(kind, m, text, start, end, published, anchor)
            if hit:
                found.append(hit)
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _resolve(kind, m, text, lo, hi, published, anchor) -> DateMatch | None:
    def make(d: dt.date, precision: str, tense: str = "unknown", relative: bool = True):
        if tense == "unknown" and published is not None:
            tense = "future" if d > published else "past" if d < published else tense_at(text, m.start(), lo, hi)
        return DateMatch(m.start(), m.end(), d, precision, tense, relative)

    if kind == "iso":
        try:
            return make(dt.date(int(m[1]), int(m[2]), int(m[3])), "day", relative=False)
        except ValueError:
            return None
    if kind in ("mdy", "dmy"):
        month_s, day_s, year_s = (m[1], m[2], m[3]) if kind == "mdy" else (m[2], m[1], m[3])
        month, day = MONTHS[month_s.lower().rstrip(".")], int(day_s)
        if month_s.lower() == "may" and m[0][0].islower() if kind == "mdy" else False:
            return None
        try:
            d = dt.date(int(year_s), month, day) if year_s else _infer_year(month, day, published)
        except ValueError:
            return None
        if d and not year_s and published is not None:
            # Told in the past tense it is the last such day, in the future the next one.
            # (Only a day more than a month away: "proposed that talks be held on 2 June" is near.)
            tense = tense_at(text, m.start(), lo, hi) if abs((d - published).days) > 31 else "unknown"
            if tense == "past" and d > published:
                d = _replace_year(d, d.year - 1)
            elif tense == "future" and d < published:
                d = _replace_year(d, d.year + 1)
        return make(d, "day", relative=not year_s) if d else None
    if kind == "month":
        month_s = m[2]
        if month_s == "may" or month_s.lower() not in MONTHS:  # the verb "may"
            return None
        month = MONTHS[month_s.lower()]
        if m[3]:
            return make(dt.date(int(m[3]), month, 1), "month", relative=False)
        if published is None:
            return None
        year = published.year - (1 if month > published.month + 6 else 0)
        return make(dt.date(year, month, 1), "month")
    if kind == "named":
        return _named_day(m, text, lo, hi, published, make)
    if kind == "year":
        return make(dt.date(int(m[1]), 1, 1), "year", relative=False)
    if published is None:
        return None
    if kind == "weekday":
        if m[2][0].islower() and not m[1]:
            return None
        if _DATE_FOLLOWS.match(text, m.end(), hi):
            return None  # "Friday 12 December": the date written out says which Friday
        return _weekday(m, text, lo, hi, published, make)
    if kind == "relday":
        word = m[1].lower()
        delta = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
        return make(published + dt.timedelta(days=delta), "day", "past" if delta < 0 else "unknown")
    if kind == "relweek":
        which, unit = m[1].lower(), m[2].lower()
        step = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[which]
        if unit in ("week", "weekend"):
            base = _monday(published) + dt.timedelta(weeks=step)
            if unit == "weekend":
                return make(base, "week")
            return make(base, "week", "past" if step < 0 else "future" if step > 0 else "unknown")
        month = published.month + step
        year = published.year + (month - 1) // 12
        return make(dt.date(year, (month - 1) % 12 + 1, 1), "month")
    if kind == "ago":
        if text[m.end() : m.end() + 6].lower().startswith((" than", ",than")):
            return None  # "a day later than planned": counted from the plan
        if m[3].lower() in ("after", "before") and re.match(r"\s+(?:the|a|an|his|her|their|its|[A-Z]\w*)\b", text[m.end() : m.end() + 12]):
            return None  # "a day after the delegations arrived": counted from that event, not a known day
        n = int(m[1]) if m[1].isdigit() else _NUM_WORDS[m[1].lower()]
        days = n * (7 if m[2].lower().startswith("week") else 1)
        direction = m[3].lower()
        base = published if direction == "ago" else (anchor or published)
        sign = 1 if direction in ("later", "after") else -1
        precision = "week" if m[2].lower().startswith("week") else "day"
        return make(base + dt.timedelta(days=sign * days), precision)
    if kind == "nextday":
        word = (m[1] or m[2]).lower()
        sign = -1 if word in ("previous", "before") else 1
        return make((anchor or published) + dt.timedelta(days=sign), "day")
    return None


def _weekday(m, text, lo, hi, published, make) -> DateMatch:
    qualifier = (m[1] or "").lower()
    target = WEEKDAYS.index(m[2].lower())
    monday = _monday(published)
    if qualifier == "this":
        return make(monday + dt.timedelta(days=target), "day")
    if qualifier in ("next", "coming"):
        ahead = (target - published.weekday()) % 7 or 7
        d = published + dt.timedelta(days=ahead)
        if qualifier == "next" and d < monday + dt.timedelta(days=7):
            d += dt.timedelta(days=7)
        return make(d, "day", "future")
    if qualifier in ("last", "past"):
        back = (published.weekday() - target) % 7 or 7
        return make(published - dt.timedelta(days=back), "day", "past")
    tense = tense_at(text, m.start(), lo, hi)
    if tense == "future":
        ahead = (target - published.weekday()) % 7
        return make(published + dt.timedelta(days=ahead), "day", "future")
    back = (published.weekday() - target) % 7
    return make(published - dt.timedelta(days=back), "day", "past" if back else tense)


def _easter(year: int, orthodox: bool = False) -> dt.date:
    """Easter Sunday: the Gregorian computus, or the Julian one shifted to the Gregorian calendar."""
    if orthodox:
        a, b, c = year % 4, year % 7, year % 19
        d = (19 * c + 15) % 30
        e = (2 * a + 4 * b - d + 34) % 7
        month, day = divmod(d + e + 114, 31)
        return dt.date(year, month, day + 1) + dt.timedelta(days=13)
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _named_date(name: str, year: int) -> dt.date:
    name = name.lower().replace("’", "'")
    if "easter" in name or name in ("palm sunday", "good friday"):
        easter = _easter(year, orthodox=name.startswith("orthodox"))
        shift = {"palm sunday": -7, "good friday": -2, "easter monday": 1}.get(name, 0)
        return easter + dt.timedelta(days=shift)
    fixed = {"orthodox christmas": (1, 7), "christmas eve": (12, 24), "new year's eve": (12, 31),
             "new year's day": (1, 1), "victory day": (5, 9)}
    month, day = fixed.get(name, (12, 25))
    return dt.date(year, month, day)


def _named_day(m, text, lo, hi, published, make) -> DateMatch | None:
    """A named day ("Palm Sunday", "Orthodox Easter") in its year, or in the one the tense says."""
    if m[2]:
        return make(_named_date(m[1], int(m[2])), "day", relative=False)
    if published is None:
        return None  # which year is not known
    year = published.year
    after = text[m.end() : m.end() + 12].strip().lower()
    if after.startswith(("next year", "last year")):
        year += 1 if after.startswith("next") else -1
        return make(_named_date(m[1], year), "day")
    d = _named_date(m[1], year)
    tense = tense_at(text, m.start(), lo, hi)
    if tense == "past" and d > published:
        d = _named_date(m[1], year - 1)
    elif tense == "future" and d < published:
        d = _named_date(m[1], year + 1)
    return make(d, "day")
