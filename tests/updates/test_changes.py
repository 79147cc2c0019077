"""What a reload changed, from short articles read by the engine."""

from __future__ import annotations

import datetime as dt

from bot.updates.changes import Detector
from bot.updates.seen import Seen
from bot.updates.settings import UpdateSettings
from tests.updates.articles import (
    CALLED_OFF,
    HELD,
    LAVROV,
    MOVED,
    MOVED_AGAIN,
    MOVED_PLACE,
    PLANNED,
    RESTATED,
    SECOND_ROUND,
    story,
)

TODAY = dt.date(2025, 5, 13)


def changes(tmp_path, before: dict[str, str], after: dict[str, str]):
    old = Seen.of(story(tmp_path / "before", **before).briefing)
    return Detector(UpdateSettings()).changes(old, story(tmp_path / "after", **after), TODAY)


def test_a_new_date_for_the_same_meeting_is_a_move(tmp_path):
    found = changes(tmp_path, {"a": PLANNED}, {"a": PLANNED, "b": MOVED})
    moved = [c for c in found if c.kind == "moved"]
    assert [c.headline for c in moved] == ["Moved from Thu 15 May to Fri 16 May"]
    assert "will now take place on Friday 16 May" in moved[0].body
    assert set(moved[0].actors) == {"volodymyr-zelensky", "vladimir-putin"}
    assert [c.kind for c in found if c.kind != "moved"] == ["source"]


def test_an_edited_article_with_a_new_date_is_a_move_too(tmp_path):
    found = changes(tmp_path, {"a": PLANNED}, {"a": MOVED})
    assert [c.headline for c in found if c.kind == "moved"] == ["Moved from Thu 15 May to Fri 16 May"]


def test_a_new_place_in_a_corrected_article_is_a_move(tmp_path):
    # (A second article with the same day and another place is merged into the first event by
    # the engine, which keeps the first place.)
    found = changes(tmp_path, {"a": PLANNED}, {"a": MOVED_PLACE})
    assert [c.headline for c in found if c.kind == "moved"] == ["Moved from Istanbul to Ankara"]


def test_the_same_meeting_restated_is_no_news_and_a_second_round_is_a_new_event(tmp_path):
    found = changes(tmp_path, {"a": PLANNED}, {"a": PLANNED, "b": RESTATED, "c": SECOND_ROUND})
    assert [(c.kind, c.headline) for c in found if c.kind not in ("source", "quote")] == [
        ("planned", "New planned event · Mon 26 May 2025 · Istanbul")]


def test_a_first_planned_event_and_quotes_by_main_actors_only(tmp_path):
    found = changes(tmp_path, {}, {"a": PLANNED, "b": LAVROV})
    kinds = sorted((c.kind, c.headline) for c in found)
    assert ("planned", "New planned event · Thu 15 May 2025 · Istanbul") in kinds
    quotes = [c for c in found if c.kind == "quote"]
    assert sorted(c.headline for c in quotes) == ["New quote · Sergei Lavrov", "New quote · Volodymyr Zelensky"]
    assert not any("ferries" in c.body for c in found if c.kind == "quote")


def test_nothing_changed_is_nothing_to_post(tmp_path):
    assert changes(tmp_path, {"a": PLANNED, "b": MOVED}, {"a": PLANNED, "b": MOVED}) == []


def test_a_planned_meeting_that_was_held_or_called_off(tmp_path):
    # (Told by a second article, the meeting merges into the planned event, which the engine
    # keeps as planned: seen here as the article updated.)
    held = changes(tmp_path / "held", {"a": PLANNED}, {"a": HELD})
    assert [c.headline for c in held if c.kind == "outcome"] == ["Happened · Thu 15 May 2025 · Istanbul"]
    off = changes(tmp_path / "off", {"a": PLANNED}, {"a": PLANNED, "b": CALLED_OFF})
    outcome = [c for c in off if c.kind == "outcome"]
    assert [c.headline.split(" · ")[0] for c in outcome] == ["Called off"]
    assert "were called off" in outcome[0].body


def test_an_event_that_happened_with_no_announcement_before_is_no_outcome(tmp_path):
    assert [c.kind for c in changes(tmp_path, {}, {"b": HELD})] == ["source"]


def test_moved_twice_says_from_the_last_date(tmp_path):
    seen = Seen.of(story(tmp_path / "one", a=PLANNED).briefing)
    seen.add(story(tmp_path / "two", a=PLANNED, b=MOVED).briefing)
    found = Detector(UpdateSettings()).changes(seen, story(tmp_path / "three", a=PLANNED, b=MOVED, c=MOVED_AGAIN),
                                               TODAY)
    assert [c.headline for c in found if c.kind == "moved"] == ["Moved from Fri 16 May to Sat 17 May"]
