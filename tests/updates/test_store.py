"""The changes a reload brought, on SQLite and PostgreSQL: recorded once, and never inside a
round already claimed."""

from __future__ import annotations

import datetime as dt

from bot.db.update_tables import UpdateDeliveryRow
from bot.digest import deliveries
from bot.digest.deliveries import DONE_WITH
from bot.digest.schedule import Run
from bot.updates import store, subscriptions
from bot.updates.changes import Change
from bot.updates.settings import UpdateSettings
from bot.updates.subscriptions import Request

T0 = dt.datetime(2025, 5, 13, 12, 0, tzinfo=dt.UTC)


def change(key: str) -> Change:
    return Change(f"source:{key}", "source", (), f"New source · {key}", "…")


async def test_a_change_is_recorded_once_and_after_any_claimed_round(any_database):
    db = any_database
    sub, _ = await subscriptions.subscribe(db, Request.check(channel_id=5, guild_id=1, defaults=UpdateSettings()),
                                           by=None, notify_channel_id=None, now=T0)
    assert await store.record(db, [change("a")], T0 + dt.timedelta(seconds=1)) == 1
    assert await store.record(db, [change("a")], T0 + dt.timedelta(seconds=2)) == 0  # another process, same reload
    # A round claimed up to 12:00:10 may already have read the changes: a change recorded by a
    # clock behind that (or a reload detected before it) comes after it, for the next round.
    claim_at = T0 + dt.timedelta(seconds=10)
    round_ = await deliveries.claim(db, sub, Run(claim_at, claim_at.date()), run_key="after:0",
                                    window_ends_at=claim_at + dt.timedelta(hours=1), now=claim_at,
                                    table=UpdateDeliveryRow, covered=DONE_WITH)
    assert [c.key for c in await store.between(db, round_.covered_from, round_.covered_until)] == ["source:a"]
    assert await store.record(db, [change("b")], T0 + dt.timedelta(seconds=5)) == 1
    assert await store.between(db, round_.covered_from, round_.covered_until) == [change("a")]
    later = await store.between(db, round_.covered_until, T0 + dt.timedelta(minutes=1))
    assert later == [change("b")]
