"""/digest commands as members use them, against the real bot and the loopback Discord."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine

from bot.digest import subscriptions
from tests.db.fixtures import sqlite_url
from tests.digest.bot_harness import add_seed, digest_bot
from tests.digest.conftest import SEED_A, SEED_B
from tests.loopback_discord.driver import CommandNotAvailable, UnknownCommand
from tests.loopback_discord.server import LoopbackDiscord

KYIV_0859 = dt.datetime(2025, 5, 14, 5, 59, 59, 700_000, tzinfo=dt.UTC)  # 08:59:59.7 in Kyiv


async def test_subscribe_then_the_digest_arrives_at_its_time_once(discord_server: LoopbackDiscord, tmp_path: Path,
                                                                    database_url: str):
    add_seed(tmp_path, SEED_A)
    with time_machine.travel(KYIV_0859 - dt.timedelta(minutes=5), tick=True) as traveller:
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            reply = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="general",
                                            time="09:00", timezone="Europe/Kyiv")
            assert reply.ephemeral
            assert reply.content.startswith(f"Subscribed <#{bot.channel_id('general')}>: daily at 09:00 Europe/Kyiv")
            add_seed(tmp_path, SEED_B)
            await bot.runtime.briefings.reload(write=False)
            traveller.move_to(KYIV_0859)
            bot.service.scheduler.wakeup()
            (message,) = await bot.wait_for_digests("general")
            assert "Daily digest · Wed 14 May 2025" in message.text
            assert "There can be no negotiations while weapons are" in message.text
            (row,) = await bot.rows("general")
            assert (row.state, row.local_date, row.message_ids) == ("sent", dt.date(2025, 5, 14), (int(message.id),))


async def test_a_member_without_manage_server_is_refused_and_nothing_is_stored(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        with pytest.raises(CommandNotAvailable, match="manage_guild"):
            await bot.driver.invoke("/digest list", member=bot.driver.member, channel="general")
        bot.driver.allow_command("digest")  # a server that shows /digest to everyone: the bot still checks
        for command, options in (("/digest subscribe", {"time": "08:00"}), ("/digest unsubscribe", {}),
                                 ("/digest list", {}), ("/digest now", {})):
            reply = await bot.driver.invoke(command, member=bot.driver.member, channel="general", **options)
            assert reply.ephemeral
            assert reply.content == "You need the Manage Server permission or an admin role to do that."
        assert await subscriptions.all_subscriptions(bot.db) == []


async def test_an_admin_role_from_the_config_may_subscribe(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    editors = discord_server.add_role("editors")
    editor = discord_server.add_member("editor", roles=[editors])
    discord_server.driver.allow_command("digest", to=editors)  # /digest is hidden from members by default
    async with digest_bot(discord_server, tmp_path, database_url, admin={"role_ids": [int(editors.id)]}) as bot:
        reply = await bot.driver.invoke("/digest subscribe", member=editor, channel="general")
        assert reply.content.startswith(f"Subscribed <#{bot.channel_id('general')}>: daily at 09:00 UTC")


@pytest.mark.parametrize(("options", "message"), [
    ({"time": "25:00"}, "“25:00” is not a time of day: use HH:MM on a 24-hour clock, such as 08:30 or 18:00."),
    ({"time": "9am"}, "“9am” is not a time of day: use HH:MM on a 24-hour clock, such as 08:30 or 18:00."),
    ({"timezone": "Mars/Olympus"}, "“Mars/Olympus” is not a timezone I know: use an IANA name such as "
                                   "Europe/Kyiv or America/New_York (the list suggests them)."),
    ({"webhook_url": "https://evil.example/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz"},
     "That is not a Discord webhook URL (https://discord.com/api/webhooks/…). "
     "Copy it from the channel's Integrations → Webhooks."),
])
async def test_bad_input_gets_a_clear_message_and_changes_nothing(discord_server, tmp_path, options, message):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, sqlite_url(tmp_path)) as bot:
        first = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="general",
                                        time="07:15", timezone="Europe/Kyiv")
        assert first.content.startswith("Subscribed")
        reply = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="general", **options)
        assert (reply.ephemeral, reply.content) == (True, message)
        (sub,) = await subscriptions.all_subscriptions(bot.db)
        assert (f"{sub.local_time:%H:%M}", sub.timezone, sub.webhook_url) == ("07:15", "Europe/Kyiv", None)


async def test_timezones_are_suggested_as_you_type(discord_server, tmp_path):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, sqlite_url(tmp_path)) as bot:
        kyiv = await bot.driver.autocomplete("/digest subscribe", "timezone", "kyi", member=bot.driver.admin)
        assert [c["value"] for c in kyiv] == ["Europe/Kyiv"]
        # The old spelling is found, but its current name comes first.
        kiev = await bot.driver.autocomplete("/digest subscribe", "timezone", "Kie", member=bot.driver.admin)
        assert [c["value"] for c in kiev] == ["Europe/Kyiv", "Europe/Kiev"]
        calcutta = await bot.driver.autocomplete("/digest subscribe", "timezone", "calcutta", member=bot.driver.admin)
        assert [c["value"] for c in calcutta] == ["Asia/Kolkata", "Asia/Calcutta"]
        utc = await bot.driver.autocomplete("/digest subscribe", "timezone", "utc", member=bot.driver.admin)
        assert [c["value"] for c in utc] == ["UTC"]
        america = await bot.driver.autocomplete("/digest subscribe", "timezone", "america/new", member=bot.driver.admin)
        assert [c["value"] for c in america][:1] == ["America/New_York"]
        assert len(await bot.driver.autocomplete("/digest subscribe", "timezone", "", member=bot.driver.admin)) > 3


async def test_list_shows_each_digest_its_next_run_and_last_result_then_unsubscribe(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    with time_machine.travel(KYIV_0859 - dt.timedelta(minutes=1), tick=True) as traveller:
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            admin = bot.driver.admin
            await bot.driver.invoke("/digest subscribe", member=admin, channel="general", time="09:00",
                                    timezone="Europe/Kyiv", quiet_day="post nothing")
            await bot.driver.invoke("/digest subscribe", member=admin, channel="bot-log",
                                    options={"channel": "announcements"}, time="18:30")
            traveller.move_to(KYIV_0859)
            bot.service.scheduler.wakeup()
            await bot.wait_for_state("general", "skipped")  # nothing new since subscribing, and it skips
            listing = await bot.driver.invoke("/digest list", member=admin, channel="general")
            assert listing.ephemeral
            text = listing.text
            general, announcements = bot.channel_id("general"), bot.channel_id("announcements")
            tomorrow = int(dt.datetime(2025, 5, 15, 6, 0, tzinfo=dt.UTC).timestamp())
            assert (f"<#{general}> · 09:00 Europe/Kyiv · quiet days are skipped\n"
                    f"Next: <t:{tomorrow}:F> (<t:{tomorrow}:R>)\nLast: nothing new <t:") in text
            tonight = int(dt.datetime(2025, 5, 14, 18, 30, tzinfo=dt.UTC).timestamp())
            assert (f"<#{announcements}> · 18:30 UTC · quiet days get a one-line note\n"
                    f"Next: <t:{tonight}:F> (<t:{tonight}:R>)\nLast: none yet") in text
            assert listing.embeds[0]["footer"]["text"] == "2 digests"
            gone = await bot.driver.invoke("/digest unsubscribe", member=admin, channel="general")
            assert gone.content == f"Unsubscribed <#{general}>: no more daily digests there."
            again = await bot.driver.invoke("/digest unsubscribe", member=admin, channel="general")
            assert again.content == f"<#{general}> has no daily digest."
            assert [s.channel_id for s in await subscriptions.all_subscriptions(bot.db)] == [announcements]
            assert bot.service.scheduler.get_job(f"digest:{general}") is None


async def test_now_posts_at_once_and_preview_shows_anyone_the_next_digest(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    # /digest is hidden from members unless a server's admins show it: preview needs no more.
    discord_server.driver.allow_command("digest")
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        admin = bot.driver.admin
        await bot.driver.invoke("/digest subscribe", member=admin, channel="general")
        add_seed(tmp_path, SEED_B)
        await bot.runtime.briefings.reload(write=False)
        preview = await bot.driver.invoke("/digest preview", member=bot.driver.member, channel="general")
        assert preview.ephemeral
        assert preview.content == (f"The next digest for <#{bot.channel_id('general')}> would say this "
                                   "if it were posted now.")
        assert "3 new quotes, 1 new source" in preview.text
        assert bot.digests("general") == []  # a preview posts nothing
        done = await bot.driver.invoke("/digest now", member=admin, channel="general")
        assert re.fullmatch(f"Digest for <#{bot.channel_id('general')}>: posted <t:[0-9]+:f>: 3 new quotes, "
                            "1 new source; 0 coming up.", done.content)
        (message,) = bot.digests("general")
        assert message.embeds[0]["title"].startswith("Digest on request · ")  # not the day's scheduled digest
        assert "There can be no negotiations while weapons are" in message.text
        after = await bot.driver.invoke("/digest preview", member=bot.driver.member, channel="general")
        assert "no new developments since" in after.content


async def test_now_and_preview_explain_an_unsubscribed_channel(discord_server, tmp_path):
    add_seed(tmp_path, SEED_A)
    discord_server.driver.allow_command("digest")
    async with digest_bot(discord_server, tmp_path, sqlite_url(tmp_path)) as bot:
        now = await bot.driver.invoke("/digest now", member=bot.driver.admin, channel="general")
        assert now.content == (f"<#{bot.channel_id('general')}> has no daily digest: start one with "
                               "/digest subscribe.")
        preview = await bot.driver.invoke("/digest preview", member=bot.driver.member, channel="general")
        assert preview.content.startswith(f"<#{bot.channel_id('general')}> has no daily digest; this is what "
                                          "one covering the last 24 hours would say.")


async def test_webhook_delivery_posts_through_the_webhook_and_never_shows_its_url(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    hook = discord_server.store.create_webhook(discord_server.guild, discord_server.channel("announcements"), "Digest")
    url = f"{discord_server.api_base}/webhooks/{hook.id}/{hook.token}"
    async with digest_bot(discord_server, tmp_path, database_url) as bot:
        admin = bot.driver.admin
        wrong = await bot.driver.invoke("/digest subscribe", member=admin, channel="general", webhook_url=url)
        assert wrong.content == f"That webhook posts in another channel, not in <#{bot.channel_id('general')}>."
        reply = await bot.driver.invoke("/digest subscribe", member=admin, channel="general",
                                        options={"channel": "announcements"}, webhook_url=url)
        assert "through a webhook (its URL is kept secret)" in reply.content
        done = await bot.driver.invoke("/digest now", member=admin, channel="general",
                                       options={"channel": "announcements"})
        assert done.content.startswith(f"Digest for <#{bot.channel_id('announcements')}>: posted <t:")
        (message,) = bot.digests("announcements")
        assert message.raw["webhook_id"] == hook.id
        listing = await bot.driver.invoke("/digest list", member=admin, channel="general")
        assert "via webhook" in listing.text
        for shown in (reply, done, listing):
            assert hook.token not in shown.text
        assert bot.digests("general") == []


async def test_subscriptions_from_the_config_file_are_synced_and_kept_by_the_file(discord_server, tmp_path, database_url):
    add_seed(tmp_path, SEED_A)
    general = int(discord_server.channel("general").id)
    declared = {"subscriptions": [{"channel_id": general, "time": "06:45", "timezone": "Asia/Tokyo"}]}
    async with digest_bot(discord_server, tmp_path, database_url, digest=declared) as bot:
        listing = await bot.driver.invoke("/digest list", member=bot.driver.admin, channel="general")
        assert f"<#{general}> · 06:45 Asia/Tokyo" in listing.text
        assert "Declared in the config file." in listing.text
        refused = await bot.driver.invoke("/digest unsubscribe", member=bot.driver.admin, channel="general")
        assert refused.content == ("This channel's digest is declared in the bot's config file; "
                                   "remove it there and restart the bot.")
        changed = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="general", time="07:00")
        assert changed.content.startswith("This channel's digest is declared in the bot's config file; change it there.")
    async with digest_bot(discord_server, tmp_path, database_url, digest={"subscriptions": []}) as bot:
        assert await subscriptions.all_subscriptions(bot.db) == []


async def test_changing_the_time_moves_the_scheduled_job(discord_server, tmp_path):
    add_seed(tmp_path, SEED_A)
    with time_machine.travel(dt.datetime(2025, 5, 14, 7, 0, tzinfo=dt.UTC), tick=True):
        async with digest_bot(discord_server, tmp_path, sqlite_url(tmp_path)) as bot:
            admin, general = bot.driver.admin, bot.channel_id("general")
            await bot.driver.invoke("/digest subscribe", member=admin, channel="general", time="09:00")
            job = bot.service.scheduler.get_job(f"digest:{general}")
            assert job.next_run_time == dt.datetime(2025, 5, 14, 9, 0, tzinfo=dt.UTC)
            reply = await bot.driver.invoke("/digest subscribe", member=admin, channel="general",
                                            time="06:15", timezone="America/New_York")
            assert reply.content.startswith(f"Updated <#{general}>: daily at 06:15 America/New_York")
            job = bot.service.scheduler.get_job(f"digest:{general}")
            assert job.next_run_time == dt.datetime(2025, 5, 14, 10, 15, tzinfo=dt.UTC)


async def test_a_channel_the_bot_cannot_post_in_is_refused_up_front(discord_server, tmp_path):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, sqlite_url(tmp_path)) as bot:
        discord_server.faults.revoke_permission("announcements", "send_messages", "embed_links")
        cached = bot.running.client.get_channel(bot.channel_id("announcements"))
        await discord_server.store.wait_until(  # until CHANNEL_UPDATE has reached the bot
            lambda: not cached.permissions_for(cached.guild.me).send_messages, 2)
        reply = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="general",
                                        options={"channel": "announcements"})
        assert reply.content == (f"I cannot post in <#{bot.channel_id('announcements')}>: I need Send Messages "
                                 "and Embed Links there. Grant it, or give me a webhook URL for that channel.")
        assert await subscriptions.all_subscriptions(bot.db) == []


@pytest.mark.parametrize(("option", "longest"), [("time", 8), ("timezone", 64), ("webhook_url", 300)])
async def test_discord_refuses_an_overlong_text_option_before_the_bot_sees_it(discord_server, tmp_path, option, longest):
    add_seed(tmp_path, SEED_A)
    async with digest_bot(discord_server, tmp_path, sqlite_url(tmp_path)) as bot:
        with pytest.raises(UnknownCommand, match=f"option '{option}': Discord would refuse a string of length {longest + 1}"):
            await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="general",
                                    **{option: "x" * (longest + 1)})
        reply = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="general",
                                        **{option: "x" * longest})
        assert reply.content.startswith(("“x", "That is not a Discord webhook URL"))  # the bot's own check
        assert await subscriptions.all_subscriptions(bot.db) == []
