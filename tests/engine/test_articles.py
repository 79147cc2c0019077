"""Each attribution pattern, date rule and kind of noise, on short articles written for the tests."""

from __future__ import annotations

import datetime as dt

from bot.engine.briefing import assemble
from tests.engine.conftest import article


def quotes(summary):
    return {q.text: (q.speaker, q.partial) for q in summary.quotes}


def test_attribution_after_the_quote():
    s = article("attribution_after.md")
    assert quotes(s) == {
        "We will not accept a settlement imposed from outside": ("elina-valtonen", False),
        "Any agreement must be signed by both governments": ("karin-keller-sutter", False),
        "The door remains open": ("karin-keller-sutter", False),  # "she added"
        "Patience is the only strategy we have left.": ("jonas-gahr-store", False),
    }
    roles = {a.id: a.role for a in s.actors}
    assert roles["elina-valtonen"] == "Finnish Foreign Minister"
    assert roles["jonas-gahr-store"] == "Norwegian mediator"


def test_attribution_before_the_quote_and_according_to():
    s = article("attribution_before.md")
    assert quotes(s) == {
        "The proposal deserves careful study, nothing more.": ("dmitry-peskov", False),
        "No date has been agreed for any meeting.": ("sergei-lavrov", False),
    }
    (event,) = s.events
    assert event.date == dt.date(2025, 6, 11) and event.status == "occurred"  # "Wednesday" on a Wednesday


def test_a_quote_without_a_cue_continues_the_same_speaker():
    s = article("continuation.md")
    assert quotes(s) == {
        "Europe must carry more of the weight": ("donald-tusk", False),
        "Nobody else will do it for us.": ("donald-tusk", False),
        "We have waited long enough. The time for half measures is over.": ("donald-tusk", False),
    }


def test_nested_marks_and_apostrophes():
    s = article("nested_apostrophes.md")
    assert quotes(s) == {
        "They keep telling us the offer is ‘final’ but nobody believes it": ("mohammed-al-khulaifi", False),
        "I don't think anyone's ready to give up on this": ("mohammed-al-khulaifi", False),
    }
    assert s.events == ()  # "this year" is not an event


def test_partial_quotes_and_scare_quotes():
    s = article("partial_and_scare.md")
    assert quotes(s) == {"never": ("friedrich-merz", True), "a trap": ("friedrich-merz", True)}


def test_weekdays_by_tense():
    s = article("dates_weekdays.md")  # published Wednesday 2025-09-10
    got = {e.summary.split(" ")[0] + " " + e.summary.split(" ")[1]: (e.date, e.status) for e in s.events}
    assert got == {
        "The two": (dt.date(2025, 9, 8), "occurred"),
        "Foreign ministers": (dt.date(2025, 9, 12), "planned"),
        "A third": (dt.date(2025, 9, 16), "planned"),
        "The envoy": (dt.date(2025, 9, 4), "occurred"),
        "A statement": (dt.date(2025, 9, 10), "occurred"),
    }
    assert {e.place for e in s.events} == {"Riyadh", "Vienna", "Geneva", None}


def test_absolute_and_relative_dates():
    s = article("dates_absolute.md")  # published Wednesday 2025-10-08
    got = [(e.date, e.date_precision, e.place, e.status) for e in s.events]
    assert got == [
        (dt.date(2025, 5, 16), "day", "Istanbul", "background"),
        (dt.date(2025, 10, 20), "day", "Geneva", "planned"),
        (dt.date(2025, 10, 7), "day", None, "occurred"),
        (dt.date(2025, 10, 9), "day", "Budapest", "planned"),
        (dt.date(2025, 9, 1), "month", None, "occurred"),
        (dt.date(2025, 9, 29), "week", None, "occurred"),
    ]


def test_noise_is_dropped():
    s = article("noise.md")
    text = " ".join(x.text for x in s.sentences)
    for word in ("Advertisement", "Celebrity", "queues", "Gossip", "t.co", "Read more"):
        assert word not in text
    assert quotes(s) == {"The first reports are encouraging": ("anna-lindqvist", False)}
    (event,) = s.events
    assert event.date == dt.date(2025, 8, 5) and event.place == "Kharkiv"


def test_new_person_without_front_matter():
    s = article("new_delegation.txt")
    assert s.source.published is None and s.source.title == "Delegation Named For New Round"
    assert any("no front matter" in w for w in s.warnings)
    assert quotes(s) == {"We come with a mandate to secure a full ceasefire": ("rustem-umerov", False)}
    assert {a.id: a.role for a in s.actors if a.kind == "person"} == {"rustem-umerov": "Defence Minister"}
    assert s.events == ()  # no publication date: relative dates are not guessed


def test_same_quote_from_two_outlets_merges():
    b = assemble([article("variants_a.md"), article("variants_b.md")])
    assert [a.id for a in b.actors] == ["recep-tayyip-erdogan"]
    assert {"Erdogan", "Erdoğan"} <= set(b.actors[0].aliases)
    (q,) = b.quotes
    assert q.text == "Turkey is ready to host the next round!"
    assert q.sources == ("variants_a", "variants_b")
    (e,) = b.events
    assert e.date == dt.date(2025, 5, 19) and e.sources == ("variants_a", "variants_b")
