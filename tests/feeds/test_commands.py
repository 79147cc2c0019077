"""/feed commands as operators and members use them, against the real bot and the loopback Discord."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.checks import NOT_AN_OPERATOR
from bot.client import StoryBot
from bot.db import Database
from bot.exts.feeds.commands import SERVICE
from bot.feeds.service import FeedService
from bot.runtime import Runtime
from tests.bot_fixtures import copy_seeds, make_settings
from tests.feeds.site import NewsSite
from tests.feeds.stories import festival, talks
from tests.loopback_discord.client import running_bot
from tests.loopback_discord.driver import CommandNotAvailable
from tests.loopback_discord.server import LoopbackDiscord

EXTENSIONS = ("bot.exts.feeds.commands", "bot.exts.story.quotes")


@contextlib.asynccontextmanager
async def feed_bot(server: LoopbackDiscord, tmp_path: Path) -> AsyncIterator[Runtime]:
    copy_seeds(tmp_path)
    settings = make_settings(server, tmp_path, sources={"allow_private_addresses": True},
                             feed_reader={"host_interval_seconds": 0})
    runtime = Runtime.from_settings(settings)
    await runtime.briefings.reload(keep_going=True, write=False)
    async with Database.open(settings.database.url) as db:
        runtime.db = db
        async with running_bot(StoryBot(runtime, extensions=EXTENSIONS), server):
            await server.driver.wait_for_commands()
            yield runtime


async def test_an_operator_adds_a_feed_and_its_articles_become_sources_with_a_log(
        discord_server: LoopbackDiscord, tmp_path: Path, site: NewsSite):
    site.feed("/rss", talks(guid="t-1"), festival(guid="f-1"))
    driver = discord_server.driver
    async with feed_bot(discord_server, tmp_path) as runtime:
        reply = await driver.invoke("/feed add", member=driver.admin, url=site.url("/rss"), name="Harbour Ledger")
        assert reply.ephemeral
        assert reply.content == (f"Following feed `1`: {site.url('/rss')}, polled every 30 minutes. Its articles "
                                 "about the story will become sources; `/feed log` shows what was taken and why.")
        service: FeedService = runtime.services[SERVICE]
        await service.cycle()

        listing = await driver.invoke("/feed list", member=driver.admin)
        text = listing.text
        assert "`1` **Harbour Ledger** · " + site.url("/rss") in text
        assert "✅ working" in text and "(2 items, 2 new)" in text

        log = (await driver.invoke("/feed log", member=driver.admin)).text
        assert "✅ taken" in log and "**Delegations meet in Istanbul for a second round of peace talks** → `delegations" in log
        assert "⏭️ skipped" in log and "off-topic: none of the story's names, places or talks terms" in log

        quotes = (await driver.invoke("/quotes", contains="exchange speeches")).text
        assert "We came to agree on a ceasefire, not to exchange speeches" in quotes
        assert "Umerov" in quotes


async def test_members_may_not_touch_feeds_and_bad_addresses_are_explained(
        discord_server: LoopbackDiscord, tmp_path: Path):
    driver = discord_server.driver
    async with feed_bot(discord_server, tmp_path) as runtime:
        with pytest.raises(CommandNotAvailable, match="manage_guild"):
            await driver.invoke("/feed list", member=driver.member)
        driver.allow_command("feed")  # a server that shows /feed to everyone: the bot still checks
        for command, options in (("/feed add", {"url": "https://news.example/rss"}), ("/feed list", {}),
                                 ("/feed log", {}), ("/feed remove", {"id": 1})):
            reply = await driver.invoke(command, member=driver.member, **options)
            assert (reply.ephemeral, reply.content) == (True, NOT_AN_OPERATOR)
        reply = await driver.invoke("/feed add", member=driver.admin, url="ftp://news.example/rss")
        assert reply.content == "Only http:// and https:// addresses can be added."
        assert await runtime.services[SERVICE].store.feeds() == []
        reply = await driver.invoke("/feed remove", member=driver.admin, id=7)
        assert reply.content == "No feed has the id 7; `/feed list` shows them."


async def test_removing_a_feed_keeps_its_sources(discord_server: LoopbackDiscord, tmp_path: Path, site: NewsSite):
    site.feed("/rss", talks(guid="t-1"))
    driver = discord_server.driver
    async with feed_bot(discord_server, tmp_path) as runtime:
        await driver.invoke("/feed add", member=driver.admin, url=site.url("/rss"))
        await runtime.services[SERVICE].cycle()
        before = {s.id for s in runtime.briefings.current.sources}
        reply = await driver.invoke("/feed remove", member=driver.admin, id=1)
        assert reply.content == f"No longer following feed `1` ({site.url('/rss')}). The sources it brought stay."
        assert {s.id for s in runtime.briefings.current.sources} == before
        assert (await driver.invoke("/feed list", member=driver.admin)).content.startswith("No feeds are followed.")


async def test_a_server_admin_outside_the_operator_servers_may_not_add_feeds(
        discord_server: LoopbackDiscord, tmp_path: Path):
    other, channels = discord_server.add_guild("Elsewhere")
    admin_elsewhere = discord_server.add_member("admin-elsewhere", permissions=["manage_guild"], guild=other)
    driver = discord_server.driver
    async with feed_bot(discord_server, tmp_path) as runtime:
        reply = await driver.invoke("/feed add", member=admin_elsewhere, channel=channels["general"],
                                    url="https://news.example/rss")
        assert reply.content == NOT_AN_OPERATOR
        assert await runtime.services[SERVICE].store.feeds() == []
