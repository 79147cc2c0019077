"""The feed tables on SQLite and PostgreSQL: leases, and items recorded once."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.db import Database
from bot.feeds.parse import FeedItem
from bot.feeds.store import DUPLICATE, PENDING, FeedStore

NOW = dt.datetime(2025, 6, 3, 12, 0, tzinfo=dt.UTC)


async def test_two_processes_asking_at_once_share_the_due_feeds_without_overlap(any_database: Database):
    store = FeedStore(any_database)
    for i in range(40):
        await store.add(f"https://site{i % 4}.example/feed-{i}.xml", name=None, interval_minutes=30,
                        origin="command", now=NOW)
    lease = dt.timedelta(minutes=5)
    a, b = await asyncio.gather(FeedStore(any_database).lease_due("host-a:1", NOW, lease),
                                FeedStore(any_database).lease_due("host-b:2", NOW, lease))
    ids_a, ids_b = {f.id for f in a}, {f.id for f in b}
    assert not ids_a & ids_b
    assert len(ids_a | ids_b) == 40
    assert await store.lease_due("host-c:3", NOW + dt.timedelta(minutes=1), lease) == []


async def test_a_poll_records_each_item_once_and_an_address_seen_elsewhere_as_a_duplicate(any_database: Database):
    store = FeedStore(any_database)
    one = await store.add("https://one.example/rss", name=None, interval_minutes=30, origin="command", now=NOW)
    two = await store.add("https://two.example/rss", name=None, interval_minutes=30, origin="command", now=NOW)
    item = FeedItem(guid="g-1", url="https://news.example/a?utm_source=rss", title="Talks", summary="",
                    published=None)
    first = await store.polled(one, now=NOW, next_poll_at=NOW, items=[item])
    again = await store.polled(one, now=NOW, next_poll_at=NOW, items=[item])
    elsewhere = await store.polled(two, now=NOW, next_poll_at=NOW, items=[
        FeedItem(guid="other-id", url="https://www.news.example/a#top", title="Talks", summary="", published=None)])
    assert [i.decision for i in first] == [PENDING]
    assert again == []
    assert [(i.decision, i.reason) for i in elsewhere] == [(DUPLICATE, "the same address as an item already pending")]


async def test_a_config_feed_that_moved_keeps_its_row_and_history_across_starts(any_database: Database):
    store = FeedStore(any_database)
    declared = [("https://old.example/rss", "Old", 30)]
    await store.sync_config(declared, NOW)
    (feed,) = await store.feeds()
    item = FeedItem(guid="g-1", url="https://news.example/a", title="Talks", summary="", published=None)
    await store.polled(feed, now=NOW, next_poll_at=NOW, items=[item], moved_to="https://new.example/rss")
    await store.sync_config(declared, NOW)  # the next start

    (again,) = await store.feeds()
    assert (again.id, again.url) == (feed.id, "https://old.example/rss")
    assert again.last_result == "1 items, 1 new; moved permanently to https://new.example/rss: write that address in [[feeds]]"
    assert [i.title for i in await store.pending(10)] == ["Talks"]
