"""Small text helpers shared by the engine's stages."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F0-9](?:[\w\u00C0-\u024F.’'\-]*[\w\u00C0-\u024F])?\.?")
_ABBREVIATED = re.compile(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{0,3}\.")
_SLUG = re.compile(r"[^a-z0-9]+")
WORDS = re.compile(r"[a-z0-9]+")
# A hyphen inside a word (cease-fire = ceasefire); the lookbehind comes after the hyphen so
# that the search can skip ahead to hyphens (six times faster than (?<=\w)[-‐‑–](?=\w)).
JOINED = re.compile(r"[-‐‑–](?<=\w[-‐‑–])(?=\w)")
_SPACE = re.compile(r"\s+")


def plural(n: int, word: str) -> str:
    """"1 source", "2 sources": never "source(s)"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def fold(text: str) -> str:
    """Lower case without accents, for comparisons (Erdoğan = Erdogan)."""
    if text.isascii():  # nothing to decompose: the common case, and much faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    return _SLUG.sub("-", fold(text)).strip("-") or "x"


def words(text: str) -> tuple[str, ...]:
    """Folded words, punctuation and hyphens dropped: 'cease-fire!' → ('ceasefire',)."""
    joined = JOINED.sub("", fold(text)).replace("’", "'")
    return tuple(WORDS.findall(joined.replace("'", "")))


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Word tokens of text[start:end] with absolute offsets; a possessive ’s is split off."""
    out = []
    end = len(text) if end is None else end
    for m in _TOKEN.finditer(text, start, end):
        word, s, e = m.group(0), m.start(), m.end()
        if word.endswith(".") and not _ABBREVIATED.fullmatch(word):
            word, e = word[:-1], e - 1
        if "’" not in word and "'" not in word:
            out.append((word, s, e))
            continue
        for poss in ("’s", "'s", "’", "'"):
            if word.endswith(poss) and len(word) > len(poss) + 1:
                out.append((word[: -len(poss)], s, e - len(poss)))
                out.append(("'s", e - len(poss), e))
                break
        else:
            out.append((word, s, e))
    return out


def short_hash(*parts: str, n: int = 12) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:n]


def squash(text: str) -> str:
    """Collapse white space (masked noise leaves runs of spaces)."""
    return _SPACE.sub(" ", text).strip()
