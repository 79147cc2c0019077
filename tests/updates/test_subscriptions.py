"""Checking /updates subscribe's values, quiet hours across midnight and daylight saving, and
what a filter lets through."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.digest.subscriptions import SubscriptionError
from bot.updates.changes import KINDS, Change
from bot.updates.settings import UpdateSettings
from bot.updates.subscriptions import Request, UpdateSubscription, actor_key

UTC = dt.UTC
DEFAULTS = UpdateSettings()


def check(**values) -> Request:
    return Request.check(channel_id=1, guild_id=2, defaults=DEFAULTS, **values)


def sub(**values) -> UpdateSubscription:
    base = {"id": 1, "channel_id": 1, "guild_id": 2, "kinds": KINDS, "timezone": "UTC", "max_per_hour": 6,
            "created_at": dt.datetime(2025, 5, 1, tzinfo=UTC)}
    return UpdateSubscription(**{**base, **values})


def test_kinds_by_name_and_defaults():
    assert check().kinds == KINDS
    assert check(kinds="Quotes, moved").kinds == ("moved", "quote")
    request = check(quiet_hours="22:00 - 7:00", timezone=" Europe/Kyiv ", max_per_hour=2)
    assert (request.quiet, request.timezone, request.max_per_hour) == (("22:00", "07:00"), "Europe/Kyiv", 2)
    assert check(quiet_hours="off").quiet is None


@pytest.mark.parametrize(("values", "message"), [
    ({"kinds": "planned, gossip"}, "“gossip” is not a kind of update: use any of planned, moved, outcome, quotes "
                                   "and sources (or all), separated by commas."),
    ({"quiet_hours": "late"}, "“late” is not a span of hours: write it as HH:MM-HH:MM on a 24-hour clock, such as "
                              "22:00-07:00 (or “off”)."),
    ({"quiet_hours": "25:00-07:00"}, "“25:00-07:00” is not a span of hours: write it as HH:MM-HH:MM on a 24-hour "
                                     "clock, such as 22:00-07:00 (or “off”)."),
    ({"quiet_hours": "07:00-07:00"}, "Quiet hours need a start and an end that differ, such as 22:00-07:00."),
    ({"timezone": "Mars/Olympus"}, "“Mars/Olympus” is not a timezone I know: use an IANA name such as Europe/Kyiv "
                                   "or America/New_York (the list suggests them)."),
])
def test_bad_values_are_explained(values, message):
    with pytest.raises(SubscriptionError) as caught:
        check(**values)
    assert str(caught.value) == message


@given(kinds=st.text(max_size=80), quiet=st.text(max_size=20), zone=st.text(min_size=1, max_size=64))
def test_any_text_is_either_taken_or_explained(kinds, quiet, zone):
    try:
        request = check(kinds=kinds, quiet_hours=quiet, timezone=zone)
    except SubscriptionError as exc:
        assert str(exc)
    else:
        assert set(request.kinds) <= set(KINDS) and request.kinds


def test_quiet_hours_across_midnight_in_the_channels_zone():
    night = sub(quiet_from=dt.time(22), quiet_until=dt.time(7), timezone="Europe/Kyiv")  # UTC+3 in May
    assert night.quiet_ends(dt.datetime(2025, 5, 13, 18, 59, tzinfo=UTC)) is None  # 21:59 in Kyiv
    assert night.quiet_ends(dt.datetime(2025, 5, 13, 19, 0, tzinfo=UTC)) == dt.datetime(2025, 5, 14, 4, 0, tzinfo=UTC)
    assert night.quiet_ends(dt.datetime(2025, 5, 14, 3, 0, tzinfo=UTC)) == dt.datetime(2025, 5, 14, 4, 0, tzinfo=UTC)
    assert night.quiet_ends(dt.datetime(2025, 5, 14, 4, 0, tzinfo=UTC)) is None


def test_quiet_hours_ending_on_a_daylight_saving_night():
    # Kyiv moves from UTC+2 to UTC+3 at 03:00 on 30 March 2025: 07:00 that morning is 04:00 UTC.
    night = sub(quiet_from=dt.time(22), quiet_until=dt.time(7), timezone="Europe/Kyiv")
    assert night.quiet_ends(dt.datetime(2025, 3, 29, 23, 0, tzinfo=UTC)) == dt.datetime(2025, 3, 30, 4, 0, tzinfo=UTC)


def test_a_filter_by_kind_and_actor_known_or_not_yet():
    quote = Change("quote:q", "quote", ("sergei-lavrov",), "New quote · Sergei Lavrov", "…")
    source = Change("source:s", "source", ("sergei-lavrov",), "New source · x", "…")
    assert sub(kinds=("quote",), actor_id="sergei-lavrov").wants(quote)
    assert not sub(kinds=("quote",), actor_id="sergei-lavrov").wants(source)
    assert sub(actor_id=actor_key("Lavrov")).wants(quote)  # named before the sources knew him
    assert not sub(actor_id=actor_key("Putin")).wants(quote)
    assert actor_key("  !!  ") == ""
