"""The /ask index against BM25 computed the plain way, sentence by sentence."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import search
from bot.engine.models import Sentence, SourceSentences
from bot.engine.search import SentenceIndex
from bot.engine.sentencelist import SentenceList
from bot.engine.text import words

TEXTS = {
    "alpha": [
        "Delegations met in Geneva on Monday.",
        "The talks in Geneva went on late; talks resume Friday.",
        "No ceasefire was agreed.",
    ],
    "bravo": ["A ceasefire was proposed by the mediators.", "Mediators said the talks were serious talks."],
    "charlie": ["Geneva, again.", ""],
    "delta": ["Prisoner exchanges were discussed in Istanbul.", "Istanbul hosted the talks in May."],
}
STOPPED = {"the", "a", "in", "was", "on"}


def norm(word: str) -> str | None:
    return None if word in STOPPED else word


def entry(source: str, texts: list[str]) -> SourceSentences:
    sentences, at = [], 0
    for text in texts:
        sentences.append(Sentence(start=at, end=at + len(text), text=text))
        at += len(text) + 1
    return SourceSentences(source=source, sentences=SentenceList(sentences))


def plain_bm25(entries: list[SourceSentences], query: list[str]) -> list[tuple[float, int]]:
    docs = [[t for w in words(s.text) if (t := norm(w)) is not None] for e in entries for s in e.sentences]
    lengths = [len(words(s.text)) for e in entries for s in e.sentences]
    avg = sum(lengths) / len(lengths)
    scores: dict[int, float] = {}
    for term in sorted(set(query)):
        having = [d for d, terms in enumerate(docs) if term in terms]
        idf = math.log(1 + (len(docs) - len(having) + 0.5) / (len(having) + 0.5))
        for d in having:
            tf = Counter(docs[d])[term]
            scores[d] = scores.get(d, 0.0) + idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * lengths[d] / avg))
    return sorted(((s, d) for d, s in scores.items()), key=lambda x: (-x[0], x[1]))


QUERIES = [["talks"], ["geneva", "talks"], ["ceasefire"], ["istanbul", "prisoner"], ["mediators", "talks", "may"], ["nowhere"]]


def check(index: SentenceIndex, entries: list[SourceSentences]) -> None:
    for query in QUERIES:
        got = index.search(query, limit=100)
        want = plain_bm25(entries, query)
        assert [d for _, d in got] == [d for _, d in want], query
        assert [s for s, _ in got] == pytest.approx([s for s, _ in want]), query
    for d, (source, text) in enumerate((e.source, s.text) for e in entries for s in e.sentences):
        assert index.doc(d)[:2] == (source, text)


@pytest.mark.parametrize("chunk", [1, 5, 1 << 20])
def test_the_index_scores_as_bm25_does(monkeypatch, chunk):
    monkeypatch.setattr(search._Pairs, "CHUNK", chunk)  # postings counted in many chunks or one
    entries = [entry(k, v) for k, v in TEXTS.items()]
    index = SentenceIndex(entries, norm)
    check(index, entries)
    assert {d for _, d in index.search(["talks"], limit=2)} == {1, 4}  # "talks" twice
    assert not index.has("nowhere") and not index.has("the") and index.has("geneva")


def test_an_index_made_from_the_previous_one_is_the_index_made_anew(monkeypatch):
    monkeypatch.setattr(search._Pairs, "CHUNK", 3)
    entries = {k: entry(k, v) for k, v in TEXTS.items()}
    previous = SentenceIndex(list(entries.values()), norm, norm_key="k")
    # one source gone, one changed, one added, and the rest reused as they were
    tokens = search._tokens
    changed = [entries["alpha"], entry("bravo", ["Talks about talks in Vienna."]), entries["delta"],
               entry("echo", ["Vienna talks ended early.", "Geneva was not mentioned."])]
    read = []
    monkeypatch.setattr(search, "_tokens", lambda sentences: read.append(sentences) or tokens(sentences))
    updated = SentenceIndex(changed, norm, norm_key="k", previous=previous)
    assert read == [changed[1].sentences, changed[3].sentences]  # only the new sources' words
    anew = SentenceIndex(changed, norm)
    check(updated, changed)
    for query in [*QUERIES, ["vienna"], ["vienna", "talks"]]:
        assert updated.search(query, 100) == anew.search(query, 100)
    # out of order: the previous index does not apply, and everything is counted again
    reordered = list(reversed(changed))
    check(SentenceIndex(reordered, norm, norm_key="k", previous=updated), reordered)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["talks", "geneva", "ceasefire", "the", "may", "x"]), max_size=6),
                min_size=1, max_size=12), st.integers(1, 8))
def test_any_sentences_score_as_bm25_does(sentences, chunk):
    search._Pairs.CHUNK, saved = chunk, search._Pairs.CHUNK
    try:
        entries = [entry(f"s{i}", [" ".join(ws) for ws in sentences[i : i + 3]]) for i in range(0, len(sentences), 3)]
        check(SentenceIndex(entries, norm), entries)
    finally:
        search._Pairs.CHUNK = saved
