"""From a feed on the local news site to one update post: a planned meeting, then the same
meeting on another day; re-polls and a re-stamped feed post nothing more."""

from __future__ import annotations

import dataclasses
import datetime as dt

import time_machine

from bot.exts.feeds.commands import SERVICE as FEEDS
from tests.feeds.conftest import site  # noqa: F401  (the news site fixture)
from tests.feeds.site import NewsSite, Story
from tests.updates.bot_harness import update_bot

NOW = dt.datetime(2025, 5, 13, 12, 0, tzinfo=dt.UTC)
POLL = dt.timedelta(minutes=31)  # the feed is due again
SECTIONS = {"sources": {"allow_private_addresses": True}, "feed_reader": {"host_interval_seconds": 0}}
EXTENSIONS = ("bot.exts.feeds.commands", "bot.exts.updates.commands")

THURSDAY = Story(slug="istanbul-thursday", guid="ist-1", published="Mon, 12 May 2025 09:00:00 GMT",
                 title="Zelensky and Putin to meet in Istanbul on Thursday", paragraphs=[
                     "Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin will meet for "
                     "peace talks in Istanbul on Thursday 15 May, Turkish officials said on Monday.",
                     "The Turkish foreign ministry said preparations at the Dolmabahce Palace were under way and "
                     "that both delegations had confirmed their arrival."])
FRIDAY = Story(slug="istanbul-friday", guid="ist-2", published="Tue, 13 May 2025 09:00:00 GMT",
               title="Istanbul talks between Zelensky and Putin pushed back a day", paragraphs=[
                   "The peace talks between Ukrainian President Volodymyr Zelensky and Russian President Vladimir "
                   "Putin in Istanbul will now take place on Friday 16 May, a day later than planned, Turkish "
                   "officials said on Tuesday.",
                   "The Turkish foreign ministry gave no reason for the change and said both delegations had "
                   "confirmed the new day."])


async def test_a_feed_item_that_moves_a_meeting_becomes_one_update_post(discord_server, tmp_path,
                                                                       site: NewsSite):  # noqa: F811
    site.feed("/rss", THURSDAY)
    with time_machine.travel(NOW, tick=True) as clock:
        async with update_bot(discord_server, tmp_path, extensions=EXTENSIONS, **SECTIONS) as bot:
            feeds = bot.runtime.services[FEEDS]
            await bot.driver.invoke("/feed add", member=bot.driver.admin, url=site.url("/rss"))
            await bot.subscribe(kinds="planned,moved")
            await feeds.cycle()
            await bot.settled()
            (planned,) = bot.posts("announcements")
            assert planned.embeds[0]["title"] == "New planned event · Thu 15 May 2025 · Istanbul"

            site.feed("/rss", FRIDAY, THURSDAY)
            clock.shift(POLL)
            await feeds.cycle()
            await bot.settled()
            assert [p.embeds[0]["title"] for p in bot.posts("announcements")] == [
                "New planned event · Thu 15 May 2025 · Istanbul", "Moved from Thu 15 May to Fri 16 May"]

            # Polled again, unchanged, then with its dates re-stamped: nothing more.
            clock.shift(POLL)
            await feeds.cycle()
            site.feed("/rss", dataclasses.replace(FRIDAY, published="Wed, 14 May 2025 09:00:00 GMT"), THURSDAY)
            clock.shift(POLL)
            report = await feeds.cycle()
            assert report.feeds, "the feed was polled"
            await bot.settled()
            assert len(bot.posts("announcements")) == 2
