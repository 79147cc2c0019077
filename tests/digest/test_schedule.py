"""Schedule maths: one run per local day, across midnight and both daylight-saving changes."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest.schedule import Run, Schedule, backoff, owed

UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def runs(schedule: Schedule, start: dt.datetime, n: int) -> list[Run]:
    out, instant = [], start
    for _ in range(n):
        run = schedule.next_after(instant)
        out.append(run)
        instant = run.due_at
    return out


def test_an_ordinary_day():
    run = Schedule(dt.time(9, 0), "Europe/Kyiv").next_after(utc(2025, 5, 16, 0, 0))
    assert run == Run(utc(2025, 5, 16, 6, 0), dt.date(2025, 5, 16))
    assert run.key == "2025-05-16"


def test_a_local_time_after_midnight_belongs_to_the_local_date():
    # 00:30 in Auckland on 16 May is still 15 May in UTC.
    run = Schedule(dt.time(0, 30), "Pacific/Auckland").next_after(utc(2025, 5, 15, 12, 0))
    assert run == Run(utc(2025, 5, 15, 12, 30), dt.date(2025, 5, 16))


def test_a_local_time_before_midnight_west_of_utc():
    run = Schedule(dt.time(23, 30), "America/Los_Angeles").next_after(utc(2025, 5, 16, 12, 0))
    assert run == Run(utc(2025, 5, 17, 6, 30), dt.date(2025, 5, 16))


def test_spring_forward_a_time_in_the_gap_runs_once_just_after_it():
    # Kyiv, 30 March 2025: 03:00 EET becomes 04:00 EEST, so 03:30 does not exist.
    schedule = Schedule(dt.time(3, 30), "Europe/Kyiv")
    got = runs(schedule, utc(2025, 3, 28, 12, 0), 4)
    assert [r.local_date.day for r in got] == [29, 30, 31, 1]
    assert got[1].due_at == utc(2025, 3, 30, 1, 30)
    assert got[1].due_at.astimezone(ZoneInfo("Europe/Kyiv")).time() == dt.time(4, 30)
    assert got[2].due_at == utc(2025, 3, 31, 0, 30)


def test_fall_back_a_time_that_happens_twice_runs_the_first_time_only():
    # Kyiv, 26 October 2025: 04:00 EEST becomes 03:00 EET, so 03:30 happens at 00:30 and 01:30 UTC.
    schedule = Schedule(dt.time(3, 30), "Europe/Kyiv")
    first = schedule.next_after(utc(2025, 10, 25, 12, 0))
    assert first == Run(utc(2025, 10, 26, 0, 30), dt.date(2025, 10, 26))
    assert schedule.next_after(first.due_at) == Run(utc(2025, 10, 27, 1, 30), dt.date(2025, 10, 27))
    # At the second 03:30, the latest run is still the first one: nothing new is due.
    assert schedule.last_at_or_before(utc(2025, 10, 26, 1, 30)) == first


def test_new_york_both_changes_at_a_time_inside_the_changes():
    spring = Schedule(dt.time(2, 30), "America/New_York").run_on(dt.date(2025, 3, 9))
    assert spring == Run(utc(2025, 3, 9, 7, 30), dt.date(2025, 3, 9))  # 03:30 EDT
    fall = Schedule(dt.time(1, 30), "America/New_York").run_on(dt.date(2025, 11, 2))
    assert fall == Run(utc(2025, 11, 2, 5, 30), dt.date(2025, 11, 2))  # 01:30 EDT, the first


def test_a_date_the_zone_skipped_has_no_run():
    # Samoa moved across the date line: 30 December 2011 never happened in Apia.
    schedule = Schedule(dt.time(9, 0), "Pacific/Apia")
    assert schedule.run_on(dt.date(2011, 12, 30)) is None
    got = runs(schedule, utc(2011, 12, 28, 0, 0), 3)
    assert [r.local_date for r in got] == [dt.date(2011, 12, 28), dt.date(2011, 12, 29), dt.date(2011, 12, 31)]


def test_the_window_is_the_grace_but_never_reaches_the_next_run():
    schedule = Schedule(dt.time(9, 0), "UTC")
    run = schedule.run_on(dt.date(2025, 5, 16))
    assert schedule.window_end(run, dt.timedelta(hours=6)) == utc(2025, 5, 16, 15, 0)
    assert schedule.window_end(run, dt.timedelta(hours=24)) == utc(2025, 5, 17, 8, 59, 59)


def test_only_the_latest_missed_run_is_owed_and_only_if_it_fell_due_after_subscribing():
    schedule = Schedule(dt.time(9, 0), "UTC")
    three_days_down = utc(2025, 5, 16, 10, 0)
    assert owed(schedule, three_days_down, since=utc(2025, 5, 1)) == Run(utc(2025, 5, 16, 9, 0), dt.date(2025, 5, 16))
    # Subscribed at 09:30 for 09:00: today's run was before the subscription existed.
    assert owed(schedule, three_days_down, since=utc(2025, 5, 16, 9, 30)) is None


def test_backoff_doubles_up_to_the_cap():
    waits = [backoff(n, base=30, cap=300).total_seconds() for n in range(1, 7)]
    assert waits == [30, 60, 120, 240, 300, 300]


ZONES = ["UTC", "Europe/Kyiv", "Europe/London", "America/New_York", "America/Sao_Paulo",
         "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "Pacific/Apia", "America/Santiago"]


@settings(max_examples=300, deadline=None)
@given(
    tz=st.sampled_from(ZONES),
    at=st.times(),
    start=st.datetimes(min_value=dt.datetime(2010, 1, 1), max_value=dt.datetime(2035, 1, 1), timezones=st.just(UTC)),
)
def test_any_zone_and_time_gives_one_run_per_local_day(tz: str, at: dt.time, start: dt.datetime):
    schedule = Schedule(at.replace(tzinfo=None, fold=0), tz)
    got = runs(schedule, start, 4)
    assert got[0].due_at > start
    assert schedule.last_at_or_before(start) < got[0]
    for earlier, later in itertools.pairwise(got):
        assert earlier.local_date < later.local_date
        assert later.due_at - earlier.due_at <= dt.timedelta(hours=48)
        assert schedule.last_at_or_before(later.due_at) == later
        assert schedule.last_at_or_before(later.due_at - dt.timedelta(microseconds=1)) == earlier
