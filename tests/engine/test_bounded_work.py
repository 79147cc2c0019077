"""One article's work is bounded by its size: no step grows with the square of what it holds.
(Times are measured by `python -m benchmarks.limits`; these tests pin the bounds themselves.)"""

from __future__ import annotations

import datetime as dt
import random
import tracemalloc

from bot.engine import keypoints
from bot.engine.briefing import build
from bot.engine.keypoints import lexrank
from bot.engine.sources import MAX_SOURCE_BYTES, parse_source
from bot.engine.summarize import MAX_EVENTS_PER_SOURCE, MAX_SENTENCE_CHARS, summarize

WORDS = ["talks", "peace", "envoy", "truce", "deal", "army", "border", "grain", "port", "prisoners"]
HEAD = "---\ntitle: T\npublished: 2025-05-12\n---\n"


def tiny_sentences(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return " ".join(f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.choice(WORDS)}." for _ in range(n))


def read(body: str):
    return summarize(parse_source((HEAD + body + "\n").encode(), "x", "x.md"))


def test_an_article_over_the_limit_is_refused_with_the_limit(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "long.md").write_text(HEAD + tiny_sentences(40_000))
    (seeds / "ok.md").write_text(HEAD + "Envoys met in Istanbul on Monday.\n")
    result = build(seeds)
    size = (seeds / "long.md").stat().st_size
    assert [str(p) for p in result.fatal] == [f"{seeds / 'long.md'}:1: file is {size:,} bytes; the limit is {MAX_SOURCE_BYTES:,}"]
    assert [s.id for s in result.briefing.sources] == ["ok"]


def test_key_points_of_thousands_of_tiny_sentences_take_little_memory():
    body = tiny_sentences(3000)
    tracemalloc.start()
    try:
        summary = read(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, f"{peak / 1e6:.0f} MB"  # a 3000 × 3000 graph alone is 72 MB
    assert len(summary.key_points) == 5
    lead = body[: body.index(".", len(body) // 7)]  # the first 400 or so sentences
    assert all(kp.text in lead for kp in summary.key_points)


def test_lexrank_ranks_the_first_sentences_and_the_sparse_sums_agree(monkeypatch):
    sentences = tiny_sentences(1000).split(". ")
    scores = lexrank(sentences)
    assert len(scores) == 1000
    assert max(scores[: keypoints.MAX_SENTENCES]) == 1.0
    assert set(scores[keypoints.MAX_SENTENCES :]) == {0.0}
    monkeypatch.setattr(keypoints, "DENSE_CELLS", 0)
    assert lexrank(sentences) == scores


def test_one_huge_sentence_is_read_in_pieces():
    rng = random.Random(2)
    body = " ".join(rng.choice(WORDS) for _ in range(20_000)) + " and Zelensky met Putin in Istanbul on May 16."
    summary = read(body)
    assert max(len(s.text) for s in summary.sentences) <= MAX_SENTENCE_CHARS
    assert sum(len(s.text) for s in summary.sentences) >= len(body) - 200
    assert [e.date for e in summary.events] == [dt.date(2025, 5, 16)]


def test_events_past_the_limit_are_not_read_and_a_warning_says_so():
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=n) for n in range(MAX_EVENTS_PER_SOURCE + 50)]
    body = "\n\n".join(f"Envoys met in Geneva on {d:%B} {d.day}, {d.year}." for d in days)
    summary = read(body)
    assert len(summary.events) == MAX_EVENTS_PER_SOURCE
    assert any(f"more than {MAX_EVENTS_PER_SOURCE} dated events" in w for w in summary.warnings)


def test_thousands_of_names_keep_a_bounded_set_of_actors():
    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = {f"{rng.choice(letters).upper()}{''.join(rng.sample(letters, 5))} "
             f"{rng.choice(letters).upper()}{''.join(rng.sample(letters, 7))}enko" for _ in range(1000)}
    body = " ".join(f"President {n} spoke." for n in sorted(names))
    summary = read(body)
    assert 100 <= len(summary.actors) <= 150
