"""What the two seed articles must give, exactly."""

from __future__ import annotations

import datetime as dt

from bot.engine.models import Briefing, Quote
from bot.engine.sources import read_source
from bot.engine.summarize import summarize
from tests.engine.conftest import SEED_A, SEED_B, SEEDS


def quote(b: Briefing, fragment: str, partial: bool = False) -> Quote:
    hits = [q for q in b.quotes if fragment in q.text and q.partial is partial]
    assert len(hits) == 1, [q.text for q in hits]
    return hits[0]


def test_trump_post_is_two_quotes_citing_both_seeds(seed_briefing):
    first = quote(seed_briefing, "Ukraine should agree to this, IMMEDIATELY")
    second = quote(seed_briefing, "can proceed accordingly")
    for q in (first, second):
        assert q.speaker == "donald-trump"
        assert set(q.sources) == {SEED_A, SEED_B}
        assert {p.source for p in q.provenance} == {SEED_A, SEED_B}
    assert first.text == "Ukraine should agree to this, IMMEDIATELY"
    assert second.text.startswith("At least they will be able to determine whether or not a deal is possible")
    assert first.said_on == dt.date(2025, 5, 11)


def test_zelensky_quotes_and_the_inner_cant_stays_inside(seed_briefing):
    killings = quote(seed_briefing, "There is no point in prolonging the killings")
    assert killings.speaker == "volodymyr-zelensky"
    assert killings.text == "There is no point in prolonging the killings"
    hope = quote(seed_briefing, "Putin won’t be looking for excuses")
    assert hope.speaker == "volodymyr-zelensky"
    assert hope.text == "And I hope that this time, Putin won’t be looking for excuses as to why he ‘can’t’ make it"
    assert not [q for q in seed_briefing.quotes if q.text.strip("‘’") == "can’t" or q.text == "can"]


def test_macron_three_sentences_whole(seed_briefing):
    q = quote(seed_briefing, "There can be no negotiations while weapons are speaking.")
    assert q.speaker == "emmanuel-macron"
    assert q.text == (
        "There can be no negotiations while weapons are speaking. There can be no dialogue if, "
        "at the same time, civilians are being bombed. A ceasefire is needed now, so that talks can begin"
    )
    assert q.sources == (SEED_B,)


def test_partial_quotes(seed_briefing):
    assert quote(seed_briefing, "personally", partial=True).speaker == "volodymyr-zelensky"
    assert quote(seed_briefing, "appreciate", partial=True).speaker == "volodymyr-zelensky"
    assert quote(seed_briefing, "IMMEDIATELY", partial=True).speaker == "donald-trump"
    assert not [q for q in seed_briefing.quotes if "root causes" in q.text]


def test_every_quote_is_attributed_and_exact(seed_briefing):
    assert len([q for q in seed_briefing.quotes if not q.partial]) == 5
    for q in seed_briefing.quotes:
        assert q.speaker is not None
        for p in q.provenance:
            assert q.text.rstrip("!.?") in p.sentence


def test_events(seed_briefing):
    by_date = {}
    for e in seed_briefing.events:
        by_date.setdefault(e.date, []).append(e)
    post = [e for e in by_date[dt.date(2025, 5, 11)] if "donald-trump" in e.actors]
    assert post and post[0].status == "occurred"
    demand = [e for e in by_date[dt.date(2025, 5, 12)] if not e.date_inferred]
    assert len(demand) == 1 and "cease-fire" in demand[0].summary
    assert "volodymyr-zelensky" in demand[0].actors and demand[0].status == "occurred"
    # the declaration itself is that day's news: its day is the article's, marked inferred
    (declared,) = [e for e in by_date[dt.date(2025, 5, 12)] if e.date_inferred]
    assert declared.summary.startswith("Zelensky declared he would travel to Turkey")
    (talks,) = by_date[dt.date(2025, 5, 15)]
    assert talks.place == "Istanbul" and talks.status == "planned" and talks.date_precision == "day"
    assert talks.host == "erdogan" and "erdogan" in talks.actors
    assert set(talks.sources) == {SEED_A, SEED_B}
    assert any("would host the talks in Istanbul" in p.sentence for p in talks.provenance)


def test_nothing_from_the_embedded_post(seed_briefing):
    everything = " ".join(
        [q.text for q in seed_briefing.quotes]
        + [p.sentence for e in seed_briefing.events for p in e.provenance]
        + [k.text for k in seed_briefing.key_points]
        + [a.name for a in seed_briefing.actors]
        + [s.text for entry in seed_briefing.sentences for s in entry.sentences]
    )
    for word in ("Vancouver", "Lapu", "Nawfal", "SUV", "t.co", "RECAP"):
        assert word not in everything
    assert all(e.date != dt.date(2025, 4, 27) for e in seed_briefing.events)


def test_actors_merge_spellings_and_keep_roles(seed_briefing):
    actors = {a.id: a for a in seed_briefing.actors if a.kind == "person"}
    assert set(actors) == {"donald-trump", "emmanuel-macron", "erdogan", "vladimir-putin", "volodymyr-zelensky"}
    countries = {a.id for a in seed_briefing.actors if a.kind == "organization"}
    assert {"russia", "ukraine", "turkey"} <= countries  # parties to the events
    zelensky = actors["volodymyr-zelensky"]
    assert {"Zelensky", "Zelenskyy"} <= set(zelensky.aliases)
    assert zelensky.role == "Ukrainian President"
    assert actors["emmanuel-macron"].role == "French President"
    assert actors["erdogan"].role == "Turkish President"


def test_provenance_points_at_the_sentence(seed_briefing):
    from tests.engine.conftest import SEEDS

    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.md")}
    for item in [*seed_briefing.quotes, *seed_briefing.events]:
        for p in item.provenance:
            raw = texts[p.source][p.start : p.end]
            assert " ".join(raw.split()) == p.sentence


def test_bullets_are_key_points():
    summaries = [summarize(read_source(p)) for p in sorted(SEEDS.glob("*.md"))]
    bullets = [k for s in summaries for k in s.key_points if k.bullet]
    assert len(bullets) == 5
    assert any(k.text.startswith("Zelenskyy has accepted Putin’s invitation") for k in bullets)
