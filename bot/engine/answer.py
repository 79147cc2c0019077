"""An answer and its citations: the sentences it was read from, one per source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.engine.models import Actor
from bot.engine.text import words

NO_ANSWER = "The sources do not say."


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


def label(actor: Actor) -> str:
    return f"{actor.name} ({actor.role})" if actor.role else actor.name
