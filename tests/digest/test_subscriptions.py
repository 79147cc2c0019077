"""Subscriptions, first-seen items and the pacing of requests, below the commands."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.db import Database
from bot.digest import subscriptions
from bot.digest.known import KnownItems
from bot.digest.limiter import SlidingWindow
from bot.digest.subscriptions import Request, SubscriptionError, parse_webhook_url
from bot.settings import DigestSettings
from tests.digest.conftest import SEED_A, SEED_B, story_of

T0 = dt.datetime(2025, 5, 13, 9, 0, tzinfo=dt.UTC)
DEFAULTS = DigestSettings(default_timezone="Europe/Kyiv", default_time="08:30", quiet_day="skip")
TOKEN = "x" * 68


async def _subscribe(db: Database, now: dt.datetime = T0, **options) -> subscriptions.Subscription:
    sub, _ = await subscriptions.subscribe(db, Request.check(channel_id=10, guild_id=1, **options),
                                           defaults=DEFAULTS, by=5, notify_channel_id=11, now=now)
    return sub


async def test_defaults_come_from_the_config_and_options_override_them(any_database: Database):
    sub = await _subscribe(any_database)
    assert (f"{sub.local_time:%H:%M}", sub.timezone, sub.quiet_day, sub.origin) == ("08:30", "Europe/Kyiv", "skip", "command")
    changed = await _subscribe(any_database, T0 + dt.timedelta(hours=1), time="7:05", quiet_day="note")
    assert (changed.id, f"{changed.local_time:%H:%M}", changed.timezone, changed.quiet_day) == (sub.id, "07:05", "Europe/Kyiv", "note")
    assert changed.created_at == T0


async def test_only_a_new_time_or_zone_moves_the_start_of_the_schedule(any_database: Database):
    await _subscribe(any_database)
    same = await _subscribe(any_database, T0 + dt.timedelta(hours=1), quiet_day="note")
    assert same.schedule_set_at == T0
    moved = await _subscribe(any_database, T0 + dt.timedelta(hours=2), timezone="Asia/Tokyo")
    assert moved.schedule_set_at == T0 + dt.timedelta(hours=2)


async def test_subscribing_again_clears_a_failure(any_database: Database):
    sub = await _subscribe(any_database)
    await subscriptions.mark_failing(any_database, sub.id, "the channel was deleted", T0)
    assert await subscriptions.mark_admins_told(any_database, sub.id, T0)
    assert not await subscriptions.mark_admins_told(any_database, sub.id, T0)  # once
    again = await _subscribe(any_database)
    assert (again.failure, again.failed_at, again.admins_told_at) == (None, None, None)


async def test_the_config_file_adds_changes_and_removes_its_own_subscriptions(any_database: Database):
    await _subscribe(any_database)  # channel 10, by command
    declared = DigestSettings(**{**DEFAULTS.model_dump(), "subscriptions": [
        {"channel_id": 10, "time": "06:00"}, {"channel_id": 20, "time": "07:00", "timezone": "UTC"}]})
    assert await subscriptions.sync_config(any_database, declared, T0) == (1, 1, 0)
    assert await subscriptions.sync_config(any_database, declared, T0) == (0, 0, 0)
    subs = {s.channel_id: s for s in await subscriptions.all_subscriptions(any_database)}
    assert {c: (f"{s.local_time:%H:%M}", s.timezone, s.origin) for c, s in subs.items()} == {
        10: ("06:00", "Europe/Kyiv", "config"), 20: ("07:00", "UTC", "config")}
    assert await subscriptions.sync_config(any_database, DEFAULTS, T0) == (0, 0, 2)
    assert await subscriptions.all_subscriptions(any_database) == []


@pytest.mark.parametrize("url", [
    f"https://discord.com/api/webhooks/123456789012345678/{TOKEN}",
    f"https://discordapp.com/api/v10/webhooks/123456789012345678/{TOKEN}/",
    f"https://canary.discord.com/api/webhooks/123456789012345678/{TOKEN}",
])
def test_discord_webhook_urls_are_accepted(url: str):
    assert parse_webhook_url(url) == (123456789012345678, TOKEN)


@pytest.mark.parametrize("url", [
    f"http://discord.com/api/webhooks/123456789012345678/{TOKEN}",  # not https
    f"https://discord.com.evil.example/api/webhooks/123456789012345678/{TOKEN}",
    f"https://discord.com/api/webhooks/123456789012345678/{TOKEN}?wait=true",
    "https://discord.com/api/webhooks/123456789012345678",
    "not a url",
])
def test_anything_else_is_refused_without_repeating_the_secret(url: str):
    with pytest.raises(SubscriptionError) as caught:
        parse_webhook_url(url)
    assert TOKEN not in str(caught.value)


async def test_items_are_new_only_in_the_period_they_first_appeared(any_database: Database):
    known = KnownItems()
    assert await known.remember(any_database, story_of(SEED_A), T0) > 0
    assert await known.remember(any_database, story_of(SEED_A), T0 + dt.timedelta(hours=1)) == 0
    await known.remember(any_database, story_of(SEED_A, SEED_B), T0 + dt.timedelta(hours=2))
    later = KnownItems()
    await later.load(any_database)  # after a restart, from the table
    new = later.between(T0, T0 + dt.timedelta(hours=2))
    assert new.sources == {SEED_B}
    assert len(new.quotes) == 3
    assert later.between(T0 - dt.timedelta(seconds=1), T0).sources == {SEED_A}
    assert later.between(T0 + dt.timedelta(hours=2), T0 + dt.timedelta(days=1)).sources == frozenset()


async def test_the_sliding_window_never_lets_more_than_the_limit_through_in_any_period(monkeypatch):
    now = 100.0

    async def sleep(seconds: float) -> None:  # waiting moves the fake clock, and nothing else does
        nonlocal now
        now += seconds
        await real_sleep(0)

    real_sleep = asyncio.sleep
    monkeypatch.setattr(asyncio, "sleep", sleep)
    window = SlidingWindow(3, 0.2, monotonic=lambda: now)
    stamps = []

    async def one() -> None:
        await window.acquire()
        stamps.append(now)

    await asyncio.gather(*(one() for _ in range(7)))
    assert stamps == pytest.approx([100.0] * 3 + [100.2] * 3 + [100.4])
