"""Update posts from the real bot over the loopback Discord: one post for a meeting that moved,
none for a reload that changed nothing, the filters, quiet hours, the limit per hour, the role
ping, a crash between posting and recording, a deleted channel."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import sqlite3

import pytest
import time_machine

from bot.db import database as database_module
from bot.digest import deliveries
from bot.updates import subscriptions
from tests.digest.bot_harness import FAST, eventually
from tests.updates.articles import LAVROV, MOVED, PLANNED, SECOND_ROUND, write
from tests.updates.bot_harness import update_bot

UTC = dt.UTC
NOW = dt.datetime(2025, 5, 13, 12, 0, tzinfo=UTC)
MESSAGES = "/channels/{channel_id}/messages"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def sent_to(server, channel: str) -> list:
    channel_id = server.channel(channel).id
    return [r for r in server.requests_to("POST", MESSAGES) if r.path.endswith(f"/channels/{channel_id}/messages")]


async def test_a_moved_meeting_is_posted_once_with_the_role_ping_only(discord_server, tmp_path, clock):
    write(tmp_path, "istanbul", PLANNED)
    readers = discord_server.add_role("story-readers")
    async with update_bot(discord_server, tmp_path) as bot:
        reply = await bot.subscribe(kinds="planned, moved", role=readers)
        assert reply == (f"Subscribed <#{bot.channel_id('announcements')}> to update posts: new planned event, "
                         "date or place of a planned event changed; at most 6 posts an hour (the rest folded "
                         f"into one); pinging <@&{readers.id}>.")
        await bot.publish(moved=MOVED)
        await bot.settled()
        (post,) = bot.posts("announcements")
        assert post.content == f"<@&{readers.id}>"
        (card,) = post.embeds
        assert card["title"] == "Moved from Thu 15 May to Fri 16 May"
        assert "will now take place on Friday 16 May" in card["description"]
        assert card["footer"]["text"].startswith("Update · date or place of a planned event changed · #")
        (request,) = sent_to(discord_server, "announcements")
        # The role is the only mention the post can make, whatever its text says.
        assert request.body["allowed_mentions"] == {"parse": [], "roles": [int(readers.id)]}

        await bot.publish()  # a reload (a re-poll) that changes nothing
        await bot.publish(moved=MOVED)
        await bot.settled()
        assert len(bot.posts("announcements")) == 1
        (row,) = await bot.rows("announcements")
        assert (row.state, row.message_ids) == ("sent", (int(post.id),))


async def test_filters_quiet_hours_and_the_limit_per_hour(discord_server, tmp_path, clock):
    write(tmp_path, "istanbul", PLANNED)
    async with update_bot(discord_server, tmp_path) as bot:
        await bot.subscribe("general", kinds="quotes", actor="Lavrov")
        # 14:00 in Kyiv is within 13:00-16:00: nothing until 16:00 there.
        await bot.subscribe("announcements", quiet_hours="13:00-16:00", timezone="Europe/Kyiv", max_per_hour=2)
        await bot.publish(lavrov=LAVROV, second=SECOND_ROUND)
        await bot.settled()
        (quote,) = bot.posts("general")
        assert quote.embeds[0]["title"] == "New quote · Sergei Lavrov"
        assert "Russia will send a delegation to Istanbul." in quote.embeds[0]["description"]
        assert quote.content == ""
        assert bot.posts("announcements") == []
        announcements = await subscriptions.get(bot.db, channel_id=bot.channel_id("announcements"))
        job = bot.service.scheduler.get_job(f"updates:{announcements.id}")
        assert job.next_run_time.astimezone(UTC) == NOW.replace(hour=13)  # 16:00 in Kyiv

        clock.move_to(NOW.replace(hour=13, second=1))
        bot.service.scheduler.wakeup()
        await bot.settled()
        first, folded = bot.posts("announcements")
        assert first.embeds[0]["title"] == "New planned event · Mon 26 May 2025 · Istanbul"
        assert folded.embeds[0]["title"] == "4 more updates this hour"
        assert folded.embeds[0]["description"].splitlines() == [
            "• **New quote · Volodymyr Zelensky**", "• **New quote · Sergei Lavrov**", "• **New source · Lavrov says Russia will send a delegation**",
            "• **New source · A second round of talks is planned**"]
        assert len(bot.posts("general")) == 1


@pytest.mark.parametrize(("restart_after", "posted_requests"), [
    (dt.timedelta(seconds=20), 2),  # soon after: the same nonce again, and Discord answers with the first message
    (dt.timedelta(minutes=20), 1),  # long after: the bot finds the post in the channel and sends nothing
])
async def test_a_crash_between_posting_and_recording_posts_nothing_twice(discord_server, tmp_path, clock, monkeypatch,
                                                                         restart_after, posted_requests):
    write(tmp_path, "istanbul", PLANNED)
    record = deliveries.part_sent

    async def crash(*args, **kwargs):
        raise asyncio.CancelledError  # the process dies after Discord answered, before the write

    async with update_bot(discord_server, tmp_path) as bot:
        await bot.subscribe(kinds="moved")
        monkeypatch.setattr(deliveries, "part_sent", crash)
        await bot.publish(moved=MOVED)
        await discord_server.store.wait_until(lambda: len(bot.posts("announcements")) == 1, 10)
        await asyncio.sleep(0.2)
        (row,) = await bot.rows("announcements")
        assert (row.state, row.parts_sent) == ("claimed", 0)
    monkeypatch.setattr(deliveries, "part_sent", record)
    clock.shift(restart_after)
    async with update_bot(discord_server, tmp_path) as bot:
        await bot.settled()
        (post,) = bot.posts("announcements")
        (row,) = await bot.rows("announcements")
        assert (row.state, row.message_ids) == ("sent", (int(post.id),))
        assert len(sent_to(discord_server, "announcements")) == posted_requests


async def test_a_deleted_channel_marks_the_subscription_failing_with_its_reason(discord_server, tmp_path, clock):
    write(tmp_path, "istanbul", PLANNED)
    async with update_bot(discord_server, tmp_path) as bot:
        await bot.subscribe()
        gone = bot.channel_id("announcements")
        discord_server.faults.delete_channel("announcements")
        await bot.publish(moved=MOVED)
        await bot.settled()
        (notice,) = bot.posts("bot-log")
        assert notice.content == (f"Update posts for <#{gone}> have stopped: the channel was deleted. Fix that, "
                                  "then run `/updates subscribe` for that channel to start them again.")
        listing = await bot.driver.invoke("/updates list", member=bot.driver.admin, channel="bot-log")
        assert "**Stopped** <t:" in listing.text
        assert ": the channel was deleted. Fix it, then /updates subscribe again." in listing.text
        await bot.publish(lavrov=LAVROV)
        await bot.settled()
        assert len(bot.posts("bot-log")) == 1


async def test_members_may_not_manage_updates_and_admins_unsubscribe(discord_server, tmp_path, clock):
    write(tmp_path, "istanbul", PLANNED)
    discord_server.driver.allow_command("updates")  # a server that shows /updates to everyone: the bot still checks
    async with update_bot(discord_server, tmp_path) as bot:
        for command, options in (("/updates subscribe", {}), ("/updates unsubscribe", {}), ("/updates list", {})):
            reply = await bot.driver.invoke(command, member=bot.driver.member, channel="general", **options)
            assert (reply.ephemeral, reply.content) == (
                True, "You need the Manage Server permission or an admin role to do that.")
        assert await subscriptions.all_subscriptions(bot.db) == []
        empty = await bot.driver.invoke("/updates list", member=bot.driver.admin, channel="general")
        assert empty.content == "No channel here has update posts. Start them with /updates subscribe."
        refused = await bot.driver.invoke("/updates subscribe", member=bot.driver.admin, channel="general",
                                          quiet_hours="soon")
        assert refused.content.startswith("“soon” is not a span of hours")
        await bot.subscribe("general", quiet_hours="22:00-07:00")
        listing = await bot.driver.invoke("/updates list", member=bot.driver.admin, channel="general")
        assert f"<#{bot.channel_id('general')}> · new planned event, " in listing.text
        assert "quiet 22:00–07:00 UTC; pinging no one" in listing.text and "✅ working" in listing.text
        gone = await bot.driver.invoke("/updates unsubscribe", member=bot.driver.admin, channel="general")
        assert gone.content == f"Unsubscribed <#{bot.channel_id('general')}>: no more update posts there."
        await bot.publish(moved=MOVED)
        await bot.settled()
        assert bot.posts("general") == [] and bot.posts("announcements") == []


async def test_a_database_write_locked_during_the_reload_delays_the_post_and_it_is_posted_once(
        discord_server, tmp_path, clock, monkeypatch, caplog):
    monkeypatch.setattr(database_module, "SQLITE_BUSY_MS", 100)
    caplog.set_level(logging.WARNING, logger="bot.updates")
    write(tmp_path, "istanbul", PLANNED)
    policy = dataclasses.replace(FAST, db_retry_base=0.1, db_retry_cap=0.5)
    async with update_bot(discord_server, tmp_path, policy=policy) as bot:
        await bot.subscribe(kinds="moved")
        other = sqlite3.connect(tmp_path / "data" / "bot.db", isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another writer holds the file
            await bot.publish(moved=MOVED)
            for _ in range(300):
                if "trying again in" in caplog.text:
                    break
                await asyncio.sleep(0.01)
            # The moved meeting and its new source.
            assert "updates: recording 2 changes: the database is locked by another writer" in caplog.text
            assert bot.posts("announcements") == []
        finally:
            other.execute("ROLLBACK")
            other.close()
        await eventually(lambda: _has_posts(bot, 1), what="the update was posted")
        await bot.settled()
        (post,) = bot.posts("announcements")
        assert post.embeds[0]["title"] == "Moved from Thu 15 May to Fri 16 May"
        assert len(await bot.rows("announcements")) == 1


async def _has_posts(bot, count: int) -> bool:
    return len(bot.posts("announcements")) >= count


async def test_digests_and_updates_share_one_pacing_window(discord_server, tmp_path, clock):
    write(tmp_path, "istanbul", PLANNED)
    async with update_bot(discord_server, tmp_path,
                          extensions=("bot.exts.digest.commands", "bot.exts.updates.commands")) as bot:
        digest = bot.runtime.services["digest"]
        assert digest.runner.sender.limiter is bot.service.runner.sender.limiter


async def test_a_channel_at_its_limit_waits_for_the_hour_to_free_a_post(discord_server, tmp_path, clock):
    write(tmp_path, "istanbul", PLANNED)
    async with update_bot(discord_server, tmp_path) as bot:
        await bot.subscribe(kinds="planned, moved", max_per_hour=1)
        await bot.publish(moved=MOVED)
        await bot.settled()
        assert len(bot.posts("announcements")) == 1
        await bot.publish(second=SECOND_ROUND)
        await bot.settled()
        assert len(bot.posts("announcements")) == 1  # the hour's one post is taken
        sub = await subscriptions.get(bot.db, channel_id=bot.channel_id("announcements"))
        (row,) = await bot.rows("announcements")
        job = bot.service.scheduler.get_job(f"updates:{sub.id}")
        assert job.next_run_time.astimezone(UTC) == row.claimed_at + dt.timedelta(hours=1)
        clock.move_to(row.claimed_at + dt.timedelta(hours=1, seconds=1))
        bot.service.scheduler.wakeup()
        await bot.settled()
        assert [p.embeds[0]["title"] for p in bot.posts("announcements")] == [
            "Moved from Thu 15 May to Fri 16 May", "New planned event · Mon 26 May 2025 · Istanbul"]


async def test_what_came_while_the_bot_was_away_is_posted_when_it_starts(discord_server, tmp_path, clock):
    write(tmp_path, "istanbul", PLANNED)
    async with update_bot(discord_server, tmp_path) as bot:  # the first start: nothing is news
        await bot.subscribe(kinds="planned, moved")
        await bot.settled()
        assert bot.posts("announcements") == []
    write(tmp_path, "istanbul", MOVED)  # the article was updated (the feed reader's command line) meanwhile
    clock.shift(dt.timedelta(hours=1))
    async with update_bot(discord_server, tmp_path) as bot:
        await bot.settled()
        (post,) = bot.posts("announcements")
        assert post.embeds[0]["title"] == "Moved from Thu 15 May to Fri 16 May"
    async with update_bot(discord_server, tmp_path) as bot:  # started again: nothing new
        await bot.settled()
        assert len(bot.posts("announcements")) == 1
