"""/source add without the fetch extra: the admin is told what to install, and nothing is fetched."""

from __future__ import annotations

from tests.admin.web import ArticleSite

PRIVATE_OK = {"sources": {"allow_private_addresses": True}}


async def test_source_add_without_trafilatura_says_which_extra_and_fetches_nothing(
        start_story_bot, discord_driver, site: ArticleSite, without):
    site.page("/a", "talks_geneva.html")
    without("trafilatura")
    async with start_story_bot(**PRIVATE_OK):
        reply = await discord_driver.invoke("/source add", url=site.url("/a"), member=discord_driver.admin)
    assert reply.ephemeral
    assert reply.text.startswith("Reading articles from web pages (/source add, feeds) needs trafilatura, "
                                 "which is not installed: "
                                 "pip install 'diplomacy-briefing-bot[fetch]'")
    assert site.requests == []
