"""Extractive answers with citations. Never composes facts: every answer is read from a sentence.

A question is read for what it asks (question.py): "what did X say" is answered from X's
quotes (said.py); when / where / who questions from the briefing's events first; every kind
then from the sentences that hold most of the question's terms, weighted by how rare each
term is, with the part of the sentence that answers that kind of question (spans.py).
"""

from __future__ import annotations

import weakref

from bot.engine.answer import NO_ANSWER, Answer, Citation, format_date
from bot.engine.evidence import Index, question_terms
from bot.engine.from_events import from_events, on_day
from bot.engine.from_sentences import from_sentences, who_is
from bot.engine.models import Briefing
from bot.engine.question import parse
from bot.engine.said import said
from bot.engine.text import words

__all__ = ["NO_ANSWER", "Answer", "Citation", "ask", "format_date", "prepare"]
_Index = Index  # the name the index tests know

_INDEXES: list[tuple[weakref.ref, Index]] = []  # the last few live briefings' (a reload makes a new one)


def prepare(briefing: Briefing) -> None:
    """Build `briefing`'s index now (a reload does, in its worker thread), not on the first question."""
    _index(briefing)


def _index(briefing: Briefing) -> Index:
    # By identity: hashing a frozen briefing of 10,000 sources costs more than an answer.
    for ref, index in _INDEXES:
        if ref() is briefing:
            return index
    index = Index(briefing, _INDEXES[-1][1] if _INDEXES else None)
    # An index goes when its briefing does (tens of MB at 10,000 sources), not at the next reload.
    _INDEXES[:] = [(r, i) for r, i in _INDEXES[-3:] if r() is not None] + [(weakref.ref(briefing, _forget), index)]
    return index


def _forget(ref: weakref.ref) -> None:
    _INDEXES[:] = [(r, i) for r, i in _INDEXES if r is not ref]


def ask(briefing: Briefing, question: str) -> Answer:
    question = question.strip()
    index = _index(briefing)
    q = parse(question)
    q.terms = question_terms(index, q.terms)
    q.topic = question_terms(index, q.topic)
    if q.kind == "say":
        return said(index, q)
    if not q.terms:
        return on_day(index, q) if q.day is not None else Answer(question, NO_ANSWER, ())
    if q.kind == "who":
        found = who_is(index, q)
        if found is not None:
            return found
    if (q.kind == "when" and "time" not in words(q.text)) or (q.kind == "who" and "host" in q.terms):
        found = from_events(index, q)
        if found is not None:
            return found
    found = from_sentences(index, q)
    if q.kind == "where" and not found.answered:  # a place an event was given, though no sentence says "in …"
        return from_events(index, q) or found
    return found
