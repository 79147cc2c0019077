"""Digests when Discord misbehaves: 429s, 5xx, a dropped gateway, a deleted channel, a revoked
permission, and a crash between posting and recording."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import time_machine

from bot.digest import deliveries, subscriptions
from tests.digest.bot_harness import add_seed, digest_bot
from tests.digest.conftest import SEED_A

UTC = dt.UTC
DUE = dt.datetime(2025, 5, 14, 9, 0, tzinfo=UTC)
MESSAGES = "/channels/{channel_id}/messages"


async def subscribe(bot, channel: str = "announcements") -> None:
    """From #bot-log, as admins do: that is where a failure is reported."""
    reply = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="bot-log",
                                    options={"channel": channel}, time="09:00", timezone="UTC")
    assert reply.content.startswith(("Subscribed", "Updated")), reply.content


def nine_oclock(bot, traveller) -> None:
    """Jump to just before 09:00 and let the scheduler see it."""
    traveller.move_to(DUE - dt.timedelta(seconds=0.2))
    bot.service.scheduler.wakeup()


def posts(server, status: int | None = None) -> list:
    return [r for r in server.requests_to("POST", MESSAGES, status=status)
            if r.path.endswith(f"/channels/{server.channel('announcements').id}/messages")]


@pytest.fixture
def at_nine():
    with time_machine.travel(DUE - dt.timedelta(minutes=10), tick=True) as traveller:
        yield traveller


@pytest.mark.parametrize(("fault", "attempts"), [
    (lambda s: s.faults.ratelimit_next(3, retry_after=0.2, route=MESSAGES), 1),  # discord.py waits them out
    (lambda s: s.faults.fail_next(1, status=500, route=MESSAGES), 1),  # discord.py retries a 500 itself
    (lambda s: s.faults.fail_next(2, status=503, route=MESSAGES), 3),  # the digest retries with backoff
])
async def test_transient_errors_still_give_exactly_one_digest(discord_server, tmp_path, database_url, at_nine,
                                                              fault, attempts):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        await subscribe(bot)
        fault(discord_server)
        nine_oclock(bot, at_nine)
        (message,) = await bot.wait_for_digests("announcements", timeout=15)
        row = await bot.wait_for_state("announcements", "sent")
        assert message.content.startswith("**Daily digest · Wed 14 May 2025**")
        assert (row.attempts, row.message_ids) == (attempts, (int(message.id),))
        assert len(posts(discord_server, 200)) == 1


async def test_a_dropped_gateway_at_the_due_time_does_not_stop_the_digest(discord_server, tmp_path, database_url, at_nine):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        await subscribe(bot)
        await discord_server.faults.drop_gateway()
        nine_oclock(bot, at_nine)
        (message,) = await bot.wait_for_digests("announcements")
        assert message.content.startswith("**Daily digest · Wed 14 May 2025**")
        assert (await bot.wait_for_state("announcements", "sent")).message_ids == (int(message.id),)


async def test_a_deleted_channel_stops_the_digest_and_the_admins_hear_it_once(discord_server, tmp_path, database_url, at_nine):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        await subscribe(bot)
        gone = bot.channel_id("announcements")
        discord_server.faults.delete_channel("announcements")
        nine_oclock(bot, at_nine)
        row = await bot.wait_for_state("announcements", "failed")
        assert row.detail == "the channel was deleted"
        (notice,) = await bot.wait_for_digests("bot-log")
        assert notice.content == (f"The daily digest for <#{gone}> has stopped: the channel was deleted. "
                                  "Fix that, then run `/digest subscribe` for that channel to start it again.")
        listing = await bot.driver.invoke("/digest list", member=bot.driver.admin, channel="bot-log")
        assert "**Stopped** <t:" in listing.text
        assert ": the channel was deleted. Fix it, then /digest subscribe again." in listing.text
        assert bot.service.scheduler.get_job(f"digest:{gone}") is None
    async with digest_bot(discord_server, tmp_path, database_url) as bot:  # a restart does not retry it
        assert await bot.settled() == {}  # no job left that could post or notify
        assert len(bot.digests("bot-log")) == 1
        assert bot.digests("announcements") == []
        sub = await subscriptions.get(bot.db, channel_id=gone)
        assert sub.failure == "the channel was deleted"
        assert [r.state for r in await deliveries.history(bot.db, sub.id)] == ["failed"]


async def test_a_revoked_permission_stops_it_until_an_admin_subscribes_again(discord_server, tmp_path, database_url, at_nine):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        await subscribe(bot)
        discord_server.faults.revoke_permission("announcements", "send_messages")
        nine_oclock(bot, at_nine)
        row = await bot.wait_for_state("announcements", "failed")
        assert row.detail == "I may not post there (Send Messages is missing)"
        (notice,) = await bot.wait_for_digests("bot-log")
        assert "has stopped: I may not post there (Send Messages is missing)." in notice.content
        refused = await bot.driver.invoke("/digest now", member=bot.driver.admin, channel="announcements")
        assert refused.content.startswith(f"The digest for <#{bot.channel_id('announcements')}> is stopped:")
        discord_server.faults.grant_permission("announcements", "send_messages")
        await subscribe(bot)
        done = await bot.driver.invoke("/digest now", member=bot.driver.admin, channel="bot-log",
                                       options={"channel": "announcements"})
        assert done.content.startswith(f"Digest for <#{bot.channel_id('announcements')}>: posted <t:")
        assert len(bot.digests("announcements")) == 1


@pytest.mark.parametrize(("restart_after", "posted_requests"), [
    (dt.timedelta(seconds=20), 2),  # soon after: the same nonce again, and Discord answers with the first message
    (dt.timedelta(minutes=20), 1),  # long after: the bot finds the message in the channel and sends nothing
])
async def test_a_crash_between_posting_and_recording_posts_nothing_twice(discord_server, tmp_path, database_url,
                                                                         at_nine, monkeypatch, restart_after,
                                                                         posted_requests):
    add_seed(tmp_path, SEED_A)
    record = deliveries.part_sent

    async def crash(*args, **kwargs):
        raise asyncio.CancelledError  # the process dies after Discord answered, before the write

    monkeypatch.setattr(deliveries, "part_sent", crash)
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        await subscribe(bot)
        nine_oclock(bot, at_nine)
        await discord_server.store.wait_until(lambda: len(bot.digests("announcements")) == 1, 10)
        await asyncio.sleep(0.2)
        (row,) = await bot.rows("announcements")
        assert (row.state, row.parts_sent) == ("claimed", 0)
    monkeypatch.setattr(deliveries, "part_sent", record)
    at_nine.shift(restart_after)
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        row = await bot.wait_for_state("announcements", "sent")
        (message,) = bot.digests("announcements")
        assert row.message_ids == (int(message.id),)
        assert len(posts(discord_server)) == posted_requests


async def test_a_deleted_webhook_stops_a_webhook_digest(discord_server, tmp_path, database_url, at_nine):
    add_seed(tmp_path, SEED_A)
    channel = discord_server.channel("announcements")
    hook = discord_server.store.create_webhook(discord_server.guild, channel, "Digest")
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        reply = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="bot-log",
                                        options={"channel": "announcements"}, time="09:00", timezone="UTC",
                                        webhook_url=f"{discord_server.api_base}/webhooks/{hook.id}/{hook.token}")
        assert reply.content.startswith("Subscribed")
        del discord_server.store.webhooks[hook.id]
        nine_oclock(bot, at_nine)
        row = await bot.wait_for_state("announcements", "failed")
        assert row.detail == "the webhook was deleted"
        (notice,) = await bot.wait_for_digests("bot-log")
        assert "has stopped: the webhook was deleted." in notice.content


async def test_without_read_message_history_an_unrecorded_post_is_not_sent_again(discord_server, tmp_path,
                                                                                    database_url, at_nine, monkeypatch):
    """Discord answers a history request without that permission with no messages, not an error:
    the bot must not take that for "the post is not there" and post it again."""
    add_seed(tmp_path, SEED_A)
    record = deliveries.part_sent

    async def crash(*args, **kwargs):
        raise asyncio.CancelledError

    monkeypatch.setattr(deliveries, "part_sent", crash)
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        await subscribe(bot)
        nine_oclock(bot, at_nine)
        await discord_server.store.wait_until(lambda: len(bot.digests("announcements")) == 1, 10)
        await asyncio.sleep(0.2)
    monkeypatch.setattr(deliveries, "part_sent", record)
    discord_server.faults.revoke_permission("announcements", "read_message_history")
    at_nine.shift(dt.timedelta(minutes=20))  # Discord has forgotten the nonce
    async with digest_bot(discord_server, tmp_path, database_url, fail_on_errors=False) as bot:
        row = await bot.wait_for_state("announcements", "failed")
        assert "I may not read the channel's history (Read Message History is missing)" in row.detail
        assert len(bot.digests("announcements")) == 1
        assert len(posts(discord_server)) == 1


async def test_a_channel_without_read_message_history_is_refused_up_front(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        discord_server.faults.revoke_permission("announcements", "read_message_history")
        cached = bot.running.client.get_channel(bot.channel_id("announcements"))
        await discord_server.store.wait_until(
            lambda: not cached.permissions_for(cached.guild.me).read_message_history, 2)
        reply = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="general",
                                        options={"channel": "announcements"})
        assert reply.content == (f"I need Read Message History in <#{bot.channel_id('announcements')}>: after a "
                                 "restart it is how I check that a post went out, so that nothing is ever posted "
                                 "twice. Grant it.")
