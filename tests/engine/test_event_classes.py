"""Events as real reports tell them: dates, datelines, one event per action, one event across outlets."""

from __future__ import annotations

import datetime as dt

from bot.engine.briefing import assemble
from tests.engine.conftest import article


def test_one_days_talks_merge_across_outlets_but_not_other_events_of_that_day():
    b = assemble([article("merge_talks_a.md"), article("merge_talks_b.md"), article("merge_talks_c.md")])
    got = sorted((e.place or "-", e.sources) for e in b.events)
    assert all(e.date == dt.date(2025, 7, 23) for e in b.events)
    assert got == [
        ("-", ("merge_talks_b",)),  # a phone call that day is another event
        ("Ankara", ("merge_talks_a",)),  # another city of the same country is another event
        # one outlet names no place, another a palace in the city: the same talks
        ("Istanbul", ("merge_talks_a", "merge_talks_b", "merge_talks_c")),
    ]


def test_one_event_per_date_and_per_action():
    s = article("events_per_action.md")  # published 2025-12-03
    got = [(e.date, e.date_precision, e.summary.split(" ")[0]) for e in s.events]
    assert got == [
        # two dates in one sentence, told in the past: May and June of this year, not the next
        (dt.date(2025, 5, 16), "day", "In"),
        (dt.date(2025, 6, 2), "day", "In"),
        # "arrived … and met …": two actions of one day, not folded into one
        (dt.date(2025, 12, 2), "day", "On"),
        (dt.date(2025, 12, 2), "day", "met"),
        # a day, and a month in which no named day falls
        (dt.date(2025, 7, 23), "day", "The"),
        (dt.date(2025, 8, 1), "month", "The"),
        # "a day after the heads … arrived … on Friday": the Friday, not a day after the article
        (dt.date(2025, 11, 28), "day", "Talks"),
        # proposed (past) for a day a month ahead: this coming 2 January, not the last one
        (dt.date(2026, 1, 2), "day", "Moscow"),
        # "a day later than planned" counts from the plan, and "officials said on Tuesday" is
        # when it was said: one event, on the day named for the talks
        (dt.date(2025, 12, 12), "day", "The"),
    ]


def test_dateline_timestamp_inferred_date_and_named_days():
    s = article("dateline_inferred.md")  # published 2025-04-22, filed "VIENNA, April 21"
    got = [(e.date, e.status, e.date_inferred, e.summary.split(" ")[0]) for e in s.events]
    assert got == [
        # the article's own news has no day in its text: the dateline's day, marked inferred;
        # the dateline itself and the page's timestamp line are not events
        (dt.date(2025, 4, 21), "occurred", True, "VIENNA,"),
        # a proposal for a coming day: the round on its day, and the proposing on the article's
        (dt.date(2025, 5, 2), "proposed", False, "Moscow"),
        (dt.date(2025, 4, 21), "occurred", True, "Moscow"),
        (dt.date(2025, 4, 13), "occurred", False, "The"),  # Palm Sunday 2025
        (dt.date(2025, 4, 20), "occurred", False, "Both"),  # Orthodox Easter 2025
        (dt.date(2026, 4, 5), "planned", False, "A"),  # Easter next year
    ]
    assert s.actors == ()  # neither "Alpine Wire" (the outlet) nor "Orthodox Easter"


def test_a_named_day_without_a_year_or_publication_date_stays_unknown():
    s = article("named_day_undated.txt")
    assert [(e.date, e.date_precision) for e in s.events] == [(dt.date(2024, 3, 24), "day")]


def test_two_things_one_outlet_tells_of_one_day_stay_two_events():
    b = assemble([article("same_day_a.md"), article("same_day_b.md")])
    got = sorted((e.summary.split(" ")[1], e.sources) for e in b.events)
    assert all(e.date == dt.date(2025, 6, 2) for e in b.events)
    assert got == [
        ("second", ("same_day_a", "same_day_b")),  # the round, told by both outlets
        ("today,", ("same_day_a",)),  # the memorandum: not folded into the round through outlet B
    ]


def test_what_appeared_or_failed_to_happen_on_a_weekday_is_past_what_was_agreed_to_is_ahead():
    s = article("done_to.md")  # published on Saturday 27 September 2025
    assert [(str(e.date), e.status) for e in s.events] == [
        ("2025-09-26", "occurred"),  # "appeared to open on Friday": the day before, not the next Friday
        ("2025-09-30", "planned"),  # "agreed to meet again on Tuesday"
    ]


def test_a_wires_bare_dateline_dates_the_article_and_a_pages_stamp_is_no_event():
    s = article("bare_dateline.md")  # published 6 December, filed "Dec 5 (Island Wire) -", a Friday
    assert [(str(e.date), e.status, e.summary[:22]) for e in s.events] == [
        ("2025-12-04", "occurred", "Varga met Omar Haddad "),  # Thursday before the filing day
        ("2025-12-05", "planned", "Varga met Omar Haddad "),  # "was due to … on Friday": the filing day
    ]
