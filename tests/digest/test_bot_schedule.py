"""Digests at their local time with the real bot: midnight, daylight-saving days, downtime
and restarts. Each test starts the clock seconds before a digest is due."""

from __future__ import annotations

import asyncio
import datetime as dt

import time_machine

from bot.digest import deliveries
from tests.digest.bot_harness import add_seed, digest_bot, eventually
from tests.digest.conftest import SEED_A

UTC = dt.UTC
BEFORE = dt.timedelta(seconds=0.3)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


async def subscribe(bot, channel: str, time: str, timezone: str, **options) -> None:
    reply = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="bot-log",
                                    options={"channel": channel, **options}, time=time, timezone=timezone)
    assert reply.content.startswith("Subscribed"), reply.content


def next_job(bot, channel: str) -> dt.datetime:
    return bot.service.scheduler.get_job(f"digest:{bot.channel_id(channel)}").next_run_time.astimezone(UTC)


async def test_a_digest_just_after_local_midnight_carries_the_local_date(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    due = utc(2025, 5, 14, 12, 0)  # 00:00 on 15 May in Auckland
    with time_machine.travel(due - dt.timedelta(minutes=1), tick=True) as traveller:
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            await subscribe(bot, "general", "00:00", "Pacific/Auckland")
            traveller.move_to(due - BEFORE)
            bot.service.scheduler.wakeup()
            (message,) = await bot.wait_for_digests("general")
            assert message.content.startswith("**Daily digest · Thu 15 May 2025** — no new developments since <t:")
            (row,) = await bot.rows("general")
            assert (row.state, row.local_date, row.due_at) == ("sent", dt.date(2025, 5, 15), due)
            assert next_job(bot, "general") == due + dt.timedelta(days=1)


async def test_spring_forward_a_time_in_the_gap_is_posted_once_just_after_it(discord_server, tmp_path, database_url):
    # Kyiv, 30 March 2025: clocks go from 03:00 to 04:00, so 03:30 never happens.
    add_seed(tmp_path, SEED_A)
    due = utc(2025, 3, 30, 1, 30)  # 04:30 EEST
    with time_machine.travel(due - dt.timedelta(minutes=5), tick=True) as traveller:
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            await subscribe(bot, "general", "03:30", "Europe/Kyiv")
            traveller.move_to(due - BEFORE)
            bot.service.scheduler.wakeup()
            (message,) = await bot.wait_for_digests("general")
            assert message.content.startswith("**Daily digest · Sun 30 Mar 2025**")
            (row,) = await bot.rows("general")
            assert (row.local_date, row.due_at) == (dt.date(2025, 3, 30), due)
            assert next_job(bot, "general") == utc(2025, 3, 31, 0, 30)  # 03:30 EEST


async def test_fall_back_a_time_that_happens_twice_is_posted_once(discord_server, tmp_path, database_url):
    # Kyiv, 26 October 2025: clocks go from 04:00 back to 03:00, so 03:30 happens twice.
    add_seed(tmp_path, SEED_A)
    first, second = utc(2025, 10, 26, 0, 30), utc(2025, 10, 26, 1, 30)
    with time_machine.travel(first - dt.timedelta(minutes=5), tick=True) as traveller:
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            await subscribe(bot, "general", "03:30", "Europe/Kyiv")
            traveller.move_to(first - BEFORE)
            bot.service.scheduler.wakeup()
            (message,) = await bot.wait_for_digests("general")
            assert message.content.startswith("**Daily digest · Sun 26 Oct 2025**")
            assert next_job(bot, "general") == utc(2025, 10, 27, 1, 30)
            traveller.move_to(second + dt.timedelta(seconds=1))  # past the second 03:30
            bot.service.scheduler.wakeup()
            assert await bot.settled() == {f"digest:{bot.channel_id('general')}": utc(2025, 10, 27, 1, 30)}
            assert len(bot.digests("general")) == 1
            assert [(r.local_date, r.due_at) for r in await bot.rows("general")] == [(dt.date(2025, 10, 26), first)]


async def test_a_run_missed_while_down_is_posted_once_on_start_within_the_grace(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    with time_machine.travel(utc(2025, 5, 14, 8, 0), tick=True) as traveller:
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            await subscribe(bot, "general", "09:00", "UTC")
        traveller.move_to(utc(2025, 5, 14, 14, 30))  # down from 08:00 to 14:30; the grace is 6 hours
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            (message,) = await bot.wait_for_digests("general")
            assert message.content.startswith("**Daily digest · Wed 14 May 2025**")
            (row,) = await bot.rows("general")
            assert (row.state, row.due_at) == ("sent", utc(2025, 5, 14, 9, 0))
        async with digest_bot(discord_server, tmp_path, database_url) as bot:  # and a restart posts nothing more
            assert await bot.settled() == {f"digest:{bot.channel_id('general')}": utc(2025, 5, 15, 9, 0)}
            assert len(bot.digests("general")) == 1
            assert [r.state for r in await bot.rows("general")] == ["sent"]


async def test_past_the_grace_the_run_is_missed_and_days_never_stack_up(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    with time_machine.travel(utc(2025, 5, 14, 8, 0), tick=True) as traveller:
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            await subscribe(bot, "general", "09:00", "UTC")
        traveller.move_to(utc(2025, 5, 14, 15, 30))  # 6.5 hours late
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            missed = await bot.wait_for_state("general", "missed")
            assert missed.local_date == dt.date(2025, 5, 14)
            listing = await bot.driver.invoke("/digest list", member=bot.driver.admin, channel="general")
            assert "Last: missed 14 May: the bot was offline past the grace window" in listing.text
            assert bot.digests("general") == []
        traveller.move_to(utc(2025, 5, 17, 10, 0))  # down for three more days, back within the grace
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            (message,) = await bot.wait_for_digests("general")
            assert message.content.startswith("**Daily digest · Sat 17 May 2025**")
            assert await bot.settled() == {f"digest:{bot.channel_id('general')}": utc(2025, 5, 18, 9, 0)}
            assert len(bot.digests("general")) == 1
            assert [(r.local_date.day, r.state) for r in await bot.rows("general")] == [(14, "missed"), (17, "sent")]


async def test_a_restart_in_the_middle_of_a_fan_out_posts_each_digest_exactly_once(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    names = [f"room-{i}" for i in range(8)]
    for name in names:
        discord_server.add_channel(name)
    due = utc(2025, 5, 14, 9, 0)
    with time_machine.travel(due - dt.timedelta(seconds=20), tick=True) as traveller:
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            for name in names:
                await subscribe(bot, name, "09:00", "UTC")
            # Discord takes a second to answer: the bot stops with every digest in flight.
            discord_server.faults.slow(1.0, method="POST", route="/channels/{channel_id}/messages")
            traveller.move_to(due - BEFORE)
            bot.service.scheduler.wakeup()

            async def all_in_flight() -> bool:
                return len([r for r in await deliveries.open_deliveries(bot.db) if r.attempts]) == len(names)

            await eventually(all_in_flight, what="every digest sent to Discord")
        discord_server.faults.clear()
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            for name in names:
                (message,) = await bot.wait_for_digests(name)
                assert message.content.startswith("**Daily digest · Wed 14 May 2025**")
                (row,) = await bot.rows(name)
                assert (row.state, row.attempts, row.message_ids) == ("sent", 2, (int(message.id),))
            await asyncio.sleep(1.2)  # the requests cut off by the restart have been answered by now
            assert [len(bot.digests(n)) for n in names] == [1] * len(names)
