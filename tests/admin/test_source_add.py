"""/source add end to end: a local web server serves an article; the admin reads what it added."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from bot.admin import addresses
from bot.checks import NOT_AN_OPERATOR
from bot.engine.sources import read_source
from tests.admin.conftest import TableResolver
from tests.admin.web import ArticleSite

PRIVATE_OK = {"sources": {"allow_private_addresses": True}}
TITLE = "Negotiators agree on prisoner exchange after Geneva round"


BUNDLED = {"000_353006ad1c53f48c", "002_8e5d6f9d2557a0da", "00-broken", "summary.schema"}


def new_seeds(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "seeds").glob("*.md") if p.stem not in BUNDLED)


def new_summaries(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "summaries").glob("*.json") if p.stem not in BUNDLED)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


async def test_an_article_becomes_a_seed_with_front_matter_and_new_quotes(
        start_story_bot, discord_driver, site: ArticleSite, tmp_path):
    site.page("/world/geneva-round", "talks_geneva.html")
    url = site.url("/world/geneva-round")
    async with start_story_bot(**PRIVATE_OK):
        reply = await discord_driver.invoke("/source add", url=url, member=discord_driver.admin)
        quotes = await discord_driver.invoke("/quotes", contains="families have waited")
    [seed] = new_seeds(tmp_path)
    assert re.fullmatch(r"negotiators-agree-on-prisoner-exchange-after-gen-[0-9a-f]{8}\.md", seed.name)
    assert front_matter(seed) == {"title": TITLE, "source": "Alpine Courier", "url": url,
                                  "published": dt.date(2025, 6, 3)}
    assert read_source(seed).text.startswith("Ukrainian and Russian delegations agreed on Tuesday")
    assert (tmp_path / "summaries" / f"{seed.stem}.json").is_file()
    text = reply.text
    assert reply.ephemeral
    assert f"Source added: {TITLE}" in text
    assert f"id `{seed.stem}` · Alpine Courier" in text
    assert f"Saved as `seeds/{seed.name}`." in text
    assert "“We have agreed on the lists and on the timetable. The families have waited long enough”" in text
    assert "“Our proposals are on the table. Now it is up to Kyiv to respond”" in text
    assert re.search(r"It brought [1-9]\d* new quotes", text)
    assert "The families have waited long enough" in quotes.text


async def test_loopback_is_refused_by_default_and_nothing_is_fetched_or_written(
        story_bot, discord_driver, site: ArticleSite, tmp_path):
    site.page("/world/geneva-round", "talks_geneva.html")
    reply = await discord_driver.invoke("/source add", url=site.url("/world/geneva-round"),
                                        member=discord_driver.admin)
    assert reply.ephemeral
    assert reply.text == "Refused: 127.0.0.1 is a loopback address. Only public web pages can be added."
    assert site.requests == []
    assert new_seeds(tmp_path) == []


async def test_a_member_cannot_add_sources(start_story_bot, discord_driver, site: ArticleSite, tmp_path):
    site.page("/a", "talks_geneva.html")
    discord_driver.allow_command("source")
    async with start_story_bot(**PRIVATE_OK):
        reply = await discord_driver.invoke("/source add", url=site.url("/a"), member=discord_driver.member)
    assert reply.text == NOT_AN_OPERATOR
    assert site.requests == []
    assert new_seeds(tmp_path) == []


async def test_the_same_page_twice_is_refused(start_story_bot, discord_driver, site: ArticleSite, tmp_path):
    site.page("/a", "talks_geneva.html")
    async with start_story_bot(**PRIVATE_OK):
        await discord_driver.invoke("/source add", url=site.url("/a"), member=discord_driver.admin)
        again = await discord_driver.invoke("/source add", url=site.url("/a"), member=discord_driver.admin)
    [seed] = new_seeds(tmp_path)
    assert again.text == f"That page is already a source: `{seed.stem}`."


async def test_adding_a_removed_page_points_to_restore(start_story_bot, discord_driver, site: ArticleSite,
                                                       tmp_path):
    site.page("/a", "talks_geneva.html")
    async with start_story_bot(**PRIVATE_OK):
        await discord_driver.invoke("/source add", url=site.url("/a"), member=discord_driver.admin)
        [seed] = new_seeds(tmp_path)
        await discord_driver.invoke("/source remove", id=seed.stem, member=discord_driver.admin)
        again = await discord_driver.invoke("/source add", url=site.url("/a"), member=discord_driver.admin)
    assert again.text == f"That page was removed earlier; bring it back with `/source restore id:{seed.stem}`."
    assert new_seeds(tmp_path) == []


async def test_mentions_in_an_article_never_ping(start_story_bot, discord_driver, site: ArticleSite, tmp_path):
    html = (Path(__file__).parent / "pages" / "talks_geneva.html").read_text()
    html = html.replace("Now it is up to Kyiv to respond", "Tell @everyone and <@&123456789012345678> to respond")
    site.html("/a", html)
    async with start_story_bot(**PRIVATE_OK):
        reply = await discord_driver.invoke("/source add", url=site.url("/a"), member=discord_driver.admin)
    assert "Tell @\u200beveryone and <@\u200b&123456789012345678> to respond" in reply.text
    assert "@everyone" not in reply.text
    assert all(m.get("mention_everyone") is not True for m in reply.messages)


async def test_a_page_without_an_article_is_explained(start_story_bot, discord_driver, site: ArticleSite, tmp_path):
    site.html("/", "<html><head><title>Front page</title></head><body><nav><a href='/a'>World</a></nav></body></html>")
    async with start_story_bot(**PRIVATE_OK):
        reply = await discord_driver.invoke("/source add", url=site.url("/"), member=discord_driver.admin)
    assert reply.ephemeral
    assert reply.text.startswith("No article text found on that page (")
    assert new_seeds(tmp_path) == []


async def test_when_other_sources_are_broken_nothing_is_added(start_story_bot, discord_driver, site: ArticleSite,
                                                              tmp_path):
    site.page("/a", "talks_geneva.html")
    async with start_story_bot(**PRIVATE_OK) as running:
        before = running.client.runtime.briefings.current
        (tmp_path / "seeds" / "00-broken.md").write_bytes(b"\xff\xfe not text")
        reply = await discord_driver.invoke("/source add", url=site.url("/a"), member=discord_driver.admin)
        after = running.client.runtime.briefings.current
    assert "Source not added" in reply.text
    assert "Nothing was changed: the previous briefing is still being served." in reply.text
    assert "`seeds/00-broken.md:1: not valid UTF-8 (byte 0xff at offset 0)`" in reply.text
    assert after is before
    assert new_seeds(tmp_path) == []
    assert new_summaries(tmp_path) == []


async def test_a_429_from_the_site_is_explained(start_story_bot, discord_driver, site: ArticleSite, tmp_path):
    site.html("/a", "slow down", status=429, headers={"Retry-After": "120"})
    async with start_story_bot(**PRIVATE_OK):
        reply = await discord_driver.invoke("/source add", url=site.url("/a"), member=discord_driver.admin)
    assert reply.text == "The site answered 429 Too Many Requests; try again in 120 s."
    assert new_seeds(tmp_path) == []


LONG_HOST = ".".join(["a" * 60] * 33) + ".example"  # 2,021 characters: a whole URL still under the 2,048 limit


@pytest.mark.parametrize(("url", "table", "starts"), [
    (f"http://{LONG_HOST}/", {}, "Could not find the site aaaa"),
    (f"http://{LONG_HOST}/", {LONG_HOST: ["10.1.2.3"]}, "Refused: aaaa"),
    (f"http://[fe80::1%25{'b' * 2000}]/", {}, "Refused: fe80::1%25bbbb"),
])
async def test_a_very_long_host_is_clipped_in_the_refusal(story_bot, discord_driver, monkeypatch, tmp_path,
                                                          url, table, starts):
    monkeypatch.setattr(addresses, "DefaultResolver", lambda: TableResolver(table))
    reply = await discord_driver.invoke("/source add", url=url, member=discord_driver.admin)
    assert reply.ephemeral
    assert reply.text.startswith(starts)
    assert "…" in reply.text
    assert len(reply.text) < 200
    assert new_seeds(tmp_path) == []
