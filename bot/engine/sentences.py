"""Sentence splitting that keeps a multi-sentence quotation whole and knows abbreviations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.lexicon import SPEECH_VERBS

ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep", "rev", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "u.s.a"]
)
OPEN_QUOTES = "“«„‹"
CLOSE_QUOTES = "”»›"
_MARKS = re.compile("[" + re.escape(OPEN_QUOTES + CLOSE_QUOTES + '".!?…') + "]")
_CLOSERS = set("\"”’'»)]")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    # The run of letters and dots just before `dot`, starting at a letter (walked back rather
    # than searched for from the start of the text, which made long paragraphs quadratic).
    if dot and text[dot - 1] == "\n":
        dot -= 1  # as a regex `$` would: the run may end just before a final line break
    start = dot
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    while start < dot and text[start] == ".":
        start += 1
    if start == dot:
        return False
    word = text[start:dot].lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "U.S.", "D.C."
    return len(word) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def split(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split text[start:end] into sentence spans (offsets into text), trimmed of white space."""
    end = len(text) if end is None else end
    spans = _split(text, start, end, respect_quotes=True)
    if any(_unbalanced(text[s.start : s.end]) for s in spans):
        spans = _split(text, start, end, respect_quotes=False)
    return spans


def _unbalanced(s: str) -> bool:
    opens = sum(s.count(q) for q in OPEN_QUOTES)
    closes = sum(s.count(q) for q in CLOSE_QUOTES)
    return opens != closes or s.count('"') % 2 == 1


def _split(text: str, start: int, end: int, *, respect_quotes: bool) -> list[Span]:
    spans: list[Span] = []
    depth = 0
    straight_open = False
    sent_start = start
    i = start
    while i < end:
        hit = _MARKS.search(text, i, end)  # every other character just moves on
        if hit is None:
            break
        i = hit.start()
        ch = text[i]
        closed = False
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
            closed = depth == 0 and not straight_open
        elif ch == '"':
            straight_open = not straight_open
            closed = not straight_open and depth == 0
        if closed and respect_quotes and i > start and text[i - 1] in ".!?…":
            # `… a "just and lasting peace." Secretary Rubio echoed …`: a quotation ending in a
            # full stop ends the sentence, unless its attribution follows (`"…." Zelensky said`).
            k = i + 1
            while k < end and text[k] in " \t\n":
                k += 1
            if k > i + 1 and k < end and _starts_sentence(text[k]) and not _ATTRIBUTION.match(text, k, end):
                _add(spans, text, sent_start, i + 1)
                sent_start = k
                i = k
                continue
        if ch in OPEN_QUOTES or ch in CLOSE_QUOTES or ch == '"':
            pass
        elif ch in ".!?…" and (not respect_quotes or (depth == 0 and not straight_open)):
            j = i + 1
            while j < end and text[j] in ".!?…":
                j += 1
            while j < end and text[j] in _CLOSERS:
                if text[j] in CLOSE_QUOTES:
                    depth = max(0, depth - 1)
                elif text[j] == '"':
                    straight_open = not straight_open
                j += 1
            k = j
            while k < end and text[k] in " \t\n":
                k += 1
            boundary = k > j and (k >= end or _starts_sentence(text[k]))
            if boundary and ch == "." and _is_abbreviation(text, i) and not _strong_end(text, i, k):
                boundary = False
            if boundary:
                _add(spans, text, sent_start, j)
                sent_start = k
                i = k
                continue
            i = j
            continue
        i += 1
    _add(spans, text, sent_start, end)
    return spans


_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w.’'\-]*\s+){1,5}(?:\w+ly\s+|also\s+)?(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b"
)


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in "\"“‘'(«["


def _strong_end(text: str, dot: int, nxt: int) -> bool:
    # "…to the U.S. The next day…": an abbreviation still ends a sentence before a pronoun/article.
    word = re.match(r"[A-Za-z]+", text[nxt : nxt + 12])
    return bool(word) and word.group(0) in {"The", "He", "She", "They", "It", "We", "But", "In"}


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and re.search(r"\w", text[start:end]):
        spans.append(Span(start, end))
