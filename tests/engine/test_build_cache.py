"""A build with a BuildCache (what /reload does) gives exactly what a build from scratch gives."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from bot.engine import briefing as briefing_module
from bot.engine.briefing import BuildCache, BuildResult, build
from tests.engine.conftest import ARTICLES, SEED_A, SEEDS, article

EXTRA = "\nOfficials said on Monday that the next round would take place in Geneva.\n"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    seeds, out = tmp_path / "seeds", tmp_path / "summaries"
    shutil.copytree(SEEDS, seeds)
    for one in sorted(ARTICLES.iterdir()):
        shutil.copy(one, seeds / one.name)
    (seeds / "variants_b.md").unlink()  # added by a test below
    build(seeds, out, write=True)
    return seeds, out


def same(cached: BuildResult, cold: BuildResult) -> None:
    assert cached.briefing == cold.briefing
    assert cached.problems == cold.problems
    assert (cached.summarized, cached.reused, cached.kept_reviewed) == (cold.summarized, cold.reused, cold.kept_reviewed)


def rebuilt(seeds: Path, out: Path, cache: BuildCache) -> BuildResult:
    """The cached build, checked against a build from scratch of the same files (written after)."""
    cold = build(seeds, out)
    cached = build(seeds, out, write=True, cache=cache)
    same(cached, cold)
    same(build(seeds, out, cache=cache), build(seeds, out))  # and once everything is written
    return cached


def test_nothing_changed_reads_nothing(folders, monkeypatch):
    seeds, out = folders
    cache = BuildCache()
    first = rebuilt(seeds, out, cache)
    assert len(cache) == len(first.briefing.sources)

    def no_reading(*args, **kwargs):
        raise AssertionError("an unchanged source was read again")

    monkeypatch.setattr(briefing_module, "read_source_bytes", no_reading)
    monkeypatch.setattr(briefing_module, "read_summary", no_reading)
    cached = build(seeds, out, cache=cache)
    monkeypatch.undo()
    same(cached, build(seeds, out))


def test_one_seed_changed(folders):
    seeds, out = folders
    cache = BuildCache()
    build(seeds, out, write=True, cache=cache)
    seed = seeds / f"{SEED_A}.md"
    seed.write_text(seed.read_text() + EXTRA)
    assert rebuilt(seeds, out, cache).summarized == [SEED_A]


def test_a_summary_edited_and_reviewed_is_read_again(folders):
    seeds, out = folders
    cache = BuildCache()
    first = build(seeds, out, write=True, cache=cache)
    path = out / f"{SEED_A}.json"
    data = json.loads(path.read_text())
    data["reviewed"] = True
    data["quotes"] = data["quotes"][1:]
    data["source"]["title"] = "Edited by an editor"
    path.write_text(json.dumps(data, indent=2))
    result = rebuilt(seeds, out, cache)
    assert result.briefing != first.briefing
    assert result.briefing.source(SEED_A).title == "Edited by an editor"
    # then its seed changes: the reviewed summary is kept, with the same note as from scratch
    seed = seeds / f"{SEED_A}.md"
    seed.write_text(seed.read_text() + EXTRA)
    assert rebuilt(seeds, out, cache).kept_reviewed == [SEED_A]


def test_one_added(folders):
    seeds, out = folders
    cache = BuildCache()
    build(seeds, out, write=True, cache=cache)
    shutil.copy(ARTICLES / "variants_b.md", seeds / "variants_b.md")
    assert rebuilt(seeds, out, cache).summarized == ["variants_b"]


def test_one_removed(folders):
    seeds, out = folders
    cache = BuildCache()
    build(seeds, out, write=True, cache=cache)
    before = len(cache)
    (seeds / "variants_a.md").unlink()
    result = rebuilt(seeds, out, cache)
    assert "variants_a" not in {s.id for s in result.briefing.sources}
    assert len(cache) == before - 1
    (out / "variants_a.json").unlink()  # its orphaned summary, reported until then
    rebuilt(seeds, out, cache)


def test_actors_file_changed(folders):
    seeds, out = folders
    cache = BuildCache()
    build(seeds, out, write=True, cache=cache)
    actors = seeds / "actors.toml"
    actors.write_text('[[actor]]\nid = "jane-doe"\nname = "Jane Doe"\nrole = "Envoy"\n')
    rebuilt(seeds, out, cache)
    seed = seeds / f"{SEED_A}.md"  # summarized again, with the new list
    seed.write_text(seed.read_text() + EXTRA)
    actors.write_text(actors.read_text() + 'aliases = ["J. Doe"]\n')
    assert rebuilt(seeds, out, cache).summarized == [SEED_A]
    actors.write_text("not = [valid")
    rebuilt(seeds, out, cache)


def test_a_broken_file_is_reported_every_time(folders):
    seeds, out = folders
    cache = BuildCache()
    build(seeds, out, write=True, cache=cache)
    (seeds / "broken.md").write_bytes(b"\xff\xfe not text")
    assert rebuilt(seeds, out, cache).fatal
    (out / "noise.json").write_text("{}")
    assert len(rebuilt(seeds, out, cache).fatal) == 2


def test_key_points_of_sources_that_become_the_newest_are_read_again(folders, monkeypatch):
    monkeypatch.setattr(briefing_module, "RECENT_SOURCES_FOR_RANKING", 2)
    seeds, out = folders
    cache = BuildCache()
    first = rebuilt(seeds, out, cache)
    newest = max(first.briefing.sources, key=lambda s: (s.published or dt.date.min, s.id))
    (seeds / f"{newest.id}.md").unlink()
    (out / f"{newest.id}.json").unlink()
    result = rebuilt(seeds, out, cache)
    assert result.briefing.key_points
    assert newest.id not in {s for kp in result.briefing.key_points for s in kp.sources}


def test_the_cache_holds_key_points_of_the_newest_sources_only_also_while_building(folders, monkeypatch):
    monkeypatch.setattr(briefing_module, "RECENT_SOURCES_FOR_RANKING", 2)
    seeds, out = folders
    cache = BuildCache()
    held: list[int] = []
    store = cache.store

    def counting_store(*args, **kwargs):
        store(*args, **kwargs)
        held.append(sum(entry.key_points is not None for entry in cache._entries.values()))

    monkeypatch.setattr(cache, "store", counting_store)
    result = rebuilt(seeds, out, cache)
    assert len(held) == len(result.briefing.sources) > 2
    assert max(held) == 2
    assert result.briefing.key_points


def test_without_summaries_folder_the_cache_is_not_used(folders):
    seeds, _ = folders
    cache = BuildCache()
    same(build(seeds, cache=cache), build(seeds))
    assert len(cache) == 0


QUESTIONS = (
    "Where will the talks take place?", "When will the talks in Istanbul take place?", "Who will host the talks?",
    "What did Trump say about the ceasefire?", "Who leads the new delegation?", "What happened in Geneva?",
    "When was the ceasefire demanded?", "What about the weather on Mars?",
)


def same_index(briefing) -> None:
    """The index made from the previous one answers exactly as one made from scratch."""
    from bot.engine import ask

    ask.prepare(briefing)
    reused = ask._index(briefing)
    fresh = ask._Index(briefing)
    assert reused is not fresh
    assert reused.sentences.n == fresh.sentences.n
    assert (reused.sentences.length == fresh.sentences.length).all()
    for term in [*fresh.sentences.terms, "zzz-never"]:
        assert reused.sentences.has(term) == fresh.sentences.has(term), term
        assert reused.sentences.search([term]) == fresh.sentences.search([term]), term
    for question in QUESTIONS:
        terms = fresh.norm(question)
        assert reused.search(terms) == fresh.search(terms)
        assert ask.ask(briefing, question) == _fresh_answer(briefing, question)


def _fresh_answer(briefing, question):
    from bot.engine import ask

    saved = ask._INDEXES[:]
    ask._INDEXES.clear()
    try:
        return ask.ask(briefing, question)
    finally:
        ask._INDEXES[:] = saved


def test_the_ask_index_of_a_rebuilt_briefing_is_the_same(folders):
    from bot.engine import ask

    seeds, out = folders
    cache = BuildCache()
    same_index(build(seeds, out, write=True, cache=cache).briefing)
    seed = seeds / f"{SEED_A}.md"
    seed.write_text(seed.read_text() + EXTRA)
    same_index(build(seeds, out, write=True, cache=cache).briefing)
    shutil.copy(ARTICLES / "variants_b.md", seeds / "variants_b.md")  # new actors, new aliases
    same_index(build(seeds, out, write=True, cache=cache).briefing)
    (seeds / "variants_a.md").unlink()
    before = build(seeds, out, write=True, cache=cache).briefing
    same_index(before)
    # a new person whose first name is a word already indexed: it now means that person
    (seeds / "envoy.md").write_text(
        "---\ntitle: Envoy\npublished: 2025-05-14\n---\n"
        'Swiss envoy Hope Keller said on Monday: "We are ready to host the next round in Geneva."\n')
    rebuilt = build(seeds, out, write=True, cache=cache).briefing
    assert ask._Index(rebuilt).alias != ask._index(before).alias
    same_index(rebuilt)


def test_merging_events_part_by_part_gives_what_merging_them_all_gives():
    import random

    from bot.engine.merge import EventMerger, merge_events

    events = [e for name in sorted(p.name for p in ARTICLES.iterdir()) for e in article(name).events]
    events += [e for s in SEEDS.glob("*.md") for e in article_at(s).events]
    merger = EventMerger()
    rng = random.Random(3)
    for _ in range(20):
        rng.shuffle(events)
        chosen = events[: rng.randint(1, len(events))]
        assert merger.merge(chosen) == merge_events(chosen)
        assert merger.merge(chosen) == merge_events(chosen)  # every part remembered


def article_at(path: Path):
    from bot.engine.sources import read_source
    from bot.engine.summarize import summarize

    return summarize(read_source(path))
