"""A poll cycle against a news site on 127.0.0.1: what is taken, skipped or failed, and why."""

from __future__ import annotations

import datetime as dt
import ipaddress

import yaml

from bot.admin import addresses
from bot.feeds.store import DUPLICATE, FAILED, SKIPPED, TAKEN
from tests.feeds.conftest import FeedWorld
from tests.feeds.stories import briefing_read, festival, marathon, prisoners, talks


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


async def test_articles_about_the_talks_become_sources_and_the_rest_is_skipped_with_a_reason(world: FeedWorld):
    world.site.feed("/rss", talks(guid="t-1"), festival(guid="f-1"), prisoners(guid="p-1"))
    await world.add("/rss")
    before = world.source_ids()

    report = await world.poller.poll()

    lines = [str(i) for i in report.items]
    assert report.feeds == [f"{world.site.url('/rss')}: 3 items, 3 new"]
    assert [i.decision for i in report.items].count(TAKEN) == 2, lines
    assert "skipped: off-topic: none of the story's names, places or talks terms — Harbour festival draws record crowds" in lines
    added = world.source_ids() - before
    assert len(added) == 2 and set(report.added) == added
    talks_file = next(p for p in world.seeds.glob("*.md") if "istanbul" in p.name)
    meta = front_matter(talks_file)
    assert meta["title"] == "Delegations meet in Istanbul for a second round of peace talks"
    assert meta["url"] == world.site.url("/news/istanbul-round")
    assert meta["source"] == "Harbour Ledger"
    assert str(meta["published"]) == "2025-06-03"  # the feed's date, the page having none
    quotes = {q.text for q in world.runtime.briefings.current.quotes}
    assert "We came to agree on a ceasefire, not to exchange speeches," in quotes or \
        "We came to agree on a ceasefire, not to exchange speeches" in quotes
    log = await world.store.log(10)
    assert {(i.title[:20], i.decision) for i in log} == {
        ("Delegations meet in ", TAKEN), ("Harbour festival dra", SKIPPED), ("Kyiv and Moscow swap", TAKEN)}


async def test_an_rss_and_an_atom_feed_without_ids_or_dates_are_read(world: FeedWorld):
    world.site.feed("/atom", talks(guid=None, published=None), atom=True)
    world.site.feed("/rss", prisoners(guid=None, published=None))
    await world.add("/atom")
    await world.add("/rss")

    report = await world.poller.poll()

    assert sorted(i.decision for i in report.items) == [TAKEN, TAKEN]
    assert sorted(report.feeds) == sorted([f"{world.site.url('/atom')}: 1 items, 1 new",
                                           f"{world.site.url('/rss')}: 1 items, 1 new"])


async def test_a_headline_naming_the_story_is_decided_on_its_article(world: FeedWorld):
    world.site.feed("/rss", briefing_read(guid="b"), marathon(guid="m"))
    await world.add("/rss")

    report = await world.poller.poll()

    by_title = {i.title: i for i in report.items}
    assert by_title["Russia and Ukraine: what happened on Thursday"].decision == TAKEN
    assert "the article is about" in by_title["Russia and Ukraine: what happened on Thursday"].reason
    marathon_line = by_title["Kyiv marathon goes ahead despite the war"]
    assert marathon_line.decision == SKIPPED
    assert marathon_line.reason == "off-topic: the article's lead has 0 talks terms"


async def test_an_unchanged_feed_costs_a_304_and_re_polling_takes_nothing_again(world: FeedWorld):
    world.site.feed("/rss", talks(guid="t-1"))
    await world.add("/rss")
    await world.poller.poll()
    sources = world.source_ids()

    world.later(minutes=31)
    report = await world.poller.poll()

    assert report.feeds == [f"{world.site.url('/rss')}: not modified"]
    assert world.site.not_modified["/rss"] == 1
    assert report.items == [] and world.source_ids() == sources


async def test_re_stamped_dates_and_reordered_items_add_nothing(world: FeedWorld):
    state = world.site.feed("/rss", talks(guid="t-1"), prisoners(guid="p-1"))
    await world.add("/rss")
    await world.poller.poll()
    sources = world.source_ids()

    state.stories = [prisoners(guid="p-1", published="Wed, 04 Jun 2025 08:00:00 GMT"),
                     talks(guid="t-1", published="Wed, 04 Jun 2025 08:00:01 GMT")]
    world.later(minutes=31)
    report = await world.poller.poll()

    assert report.feeds == [f"{world.site.url('/rss')}: 2 items, 0 new"]
    assert report.items == [] and world.source_ids() == sources


async def test_the_same_link_with_tracking_parameters_in_another_feed_is_one_source(world: FeedWorld):
    world.site.feed("/rss", talks(guid="t-1"))
    await world.add("/rss")
    await world.poller.poll()
    sources = world.source_ids()

    other = world.site.feed("/other", talks(guid="another-id"))
    other.raw = world.site._render(other).replace(b"/news/istanbul-round<", b"/news/istanbul-round?utm_source=rss&amp;utm_medium=feed<")
    await world.add("/other")
    report = await world.poller.poll()

    assert world.source_ids() == sources
    assert report.items == []  # decided at once as a duplicate, nothing fetched
    log = await world.store.log(1)
    assert log[0].decision == DUPLICATE
    assert log[0].reason == "the same address as an item already taken"


async def test_the_same_wire_story_on_two_sites_is_one_source(world: FeedWorld, tmp_path):
    from tests.feeds.site import NewsSite

    second = NewsSite(outlet="Valley Post", host="127.0.0.2")
    await second.start()
    try:
        world.site.feed("/rss", prisoners(guid="a"))
        second.feed("/rss", prisoners(guid="b", slug="wire-prisoners-copy"))
        await world.add("/rss")
        await world.store.add(second.url("/rss"), name="Valley Post", interval_minutes=30, origin="command",
                              now=world.clock())
        report = await world.poller.poll()
    finally:
        await second.stop()

    decisions = sorted(i.decision for i in report.items)
    assert decisions == [DUPLICATE, TAKEN]
    duplicate = next(i for i in report.items if i.decision == DUPLICATE)
    assert duplicate.reason.startswith("the same story as ")
    assert sum(1 for s in world.runtime.briefings.current.sources if "390 prisoners" in s.title) == 1


async def test_an_item_whose_page_fails_is_retried_even_after_it_left_the_feed(world: FeedWorld):
    state = world.site.feed("/rss", talks(guid="t-1"))
    world.site.html("/news/istanbul-round", "busy", status=503, headers={"Retry-After": "30"})
    await world.add("/rss")
    report = await world.poller.poll()
    assert [(i.decision, i.reason) for i in report.items] == [
        (FAILED, "The site answered 503 Service Unavailable; try again in 30 s; will retry")]

    state.stories = []  # gone from the feed before its page could be read
    world.site.html("/news/istanbul-round", talks().page("Harbour Ledger"))
    world.later(minutes=31)
    report = await world.poller.poll()

    assert [i.decision for i in report.items] == [TAKEN]
    assert any("istanbul" in sid for sid in report.added)


async def test_feed_faults_are_recorded_with_their_reason_and_backoff(world: FeedWorld):
    state = world.site.feed("/rss", talks(guid="t-1"))
    feed_id = await world.add("/rss", minutes=30)

    state.fault = (429, {"Retry-After": "7200"})
    report = await world.poller.poll()
    feed = next(f for f in await world.store.feeds() if f.id == feed_id)
    assert report.feeds == [f"{world.site.url('/rss')}: failed: 429 Too Many Requests"]
    assert feed.failure == "429 Too Many Requests" and feed.failures == 1
    assert feed.next_poll_at == world.clock() + dt.timedelta(hours=2)  # Retry-After beats the 30 min

    world.later(hours=2)
    state.fault = (500, {})
    await world.poller.poll()
    feed = next(f for f in await world.store.feeds() if f.id == feed_id)
    assert feed.failure == "500 Internal Server Error" and feed.failures == 2
    assert feed.next_poll_at == world.clock() + dt.timedelta(minutes=60)  # doubled

    world.later(hours=1)
    state.fault = None
    report = await world.poller.poll()
    feed = next(f for f in await world.store.feeds() if f.id == feed_id)
    assert feed.failure is None and feed.failures == 0
    assert [i.decision for i in report.items] == [TAKEN]


async def test_a_malformed_or_huge_feed_is_a_failure_with_its_reason(world: FeedWorld):
    broken = world.site.feed("/broken")
    broken.raw = b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>Talks</ti"
    huge = world.site.feed("/huge")
    huge.raw = b"<rss version='2.0'><channel>" + b"<item><title>x</title></item>" * 700_000 + b"</channel></rss>"
    await world.add("/broken")
    await world.add("/huge")

    report = await world.poller.poll()

    assert sorted(report.feeds) == sorted([
        f"{world.site.url('/broken')}: failed: not an RSS or Atom feed (malformed XML: <unknown>:1:84: unclosed token)",
        f"{world.site.url('/huge')}: failed: the feed is larger than the 5,000,000-byte limit",
    ])


async def test_a_permanent_redirect_updates_the_address_and_410_stops_the_feed(world: FeedWorld):
    world.site.feed("/new-rss", talks(guid="t-1"))
    world.site.redirect("/rss", "/new-rss", status=301)
    feed_id = await world.add("/rss")
    await world.poller.poll()
    feed = next(f for f in await world.store.feeds() if f.id == feed_id)
    assert feed.url == world.site.url("/new-rss")

    world.site.feeds["/new-rss"].fault = (410, {})
    world.later(minutes=31)
    report = await world.poller.poll()
    feed = next(f for f in await world.store.feeds() if f.id == feed_id)
    assert report.feeds == [f"{world.site.url('/new-rss')}: failed: 410 Gone: the feed was removed; no longer polled"]
    assert feed.stopped_at is not None

    world.later(days=2)
    assert (await world.poller.poll()).feeds == []  # never polled again


async def test_a_feed_item_redirecting_to_a_private_address_is_refused(world: FeedWorld, monkeypatch):
    real = addresses.refusal
    monkeypatch.setattr(addresses, "refusal", lambda ip: None if ip == ipaddress.ip_address("127.0.0.1") else real(ip))
    world.poller.allow_private = False
    world.site.feed("/rss", talks(guid="t-1"))
    world.site.redirect("/news/istanbul-round", "http://10.0.0.7/internal")
    await world.add("/rss")

    report = await world.poller.poll()

    assert [(i.decision, i.reason) for i in report.items] == [
        (FAILED, "Refused: 10.0.0.7 is a private address. Only public web pages can be added; not retried")]


async def test_two_processes_never_poll_the_same_feed_at_once(world: FeedWorld):
    world.site.feed("/rss", talks(guid="t-1"))
    await world.add("/rss")
    lease = dt.timedelta(minutes=5)
    first = await world.store.lease_due("host-a:1", world.clock(), lease)
    second = await world.store.lease_due("host-b:2", world.clock(), lease)
    assert [f.url for f in first] == [world.site.url("/rss")] and second == []
    world.later(minutes=6)  # a process that died holding the lease: it runs out
    assert [f.url for f in await world.store.lease_due("host-b:2", world.clock(), lease)] == [world.site.url("/rss")]


async def test_the_command_line_polls_once_and_prints_a_line_per_feed_and_item(site, tmp_path, monkeypatch):
    import os
    import signal

    from bot.feeds import cli
    from bot.feeds.cli import poll_once
    from bot.feeds.settings import FeedSettings
    from tests.bot_fixtures import copy_seeds, make_settings

    copy_seeds(tmp_path)
    site.feed("/rss", talks(guid="t-1"), festival(guid="f-1"))
    settings = make_settings(None, tmp_path, sources={"allow_private_addresses": True},
                             feed_reader={"host_interval_seconds": 0})
    settings = settings.model_copy(update={"feeds": [FeedSettings(url=site.url("/rss"), name="Harbour Ledger")]})
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "bot.pid").write_text("4242")
    signals = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: signals.append((pid, sig)))
    monkeypatch.setattr(cli, "is_the_bot", lambda pid: pid == 4242)
    out: list[str] = []

    assert await poll_once(settings, out.append) == 0

    assert out[0] == "Harbour Ledger: 2 items, 2 new"
    assert out[1].startswith("skipped: off-topic: none of the story's names, places or talks terms — Harbour festival")
    assert out[2].startswith("taken: Delegations meet in Istanbul for a second round of peace talks → delegations-")
    assert out[3:] == ["1 source added and summarized.", "Asked the running bot (pid 4242) to reload."]
    assert signals == [(4242, signal.SIGHUP)]
    assert any(p.name.startswith("delegations-") for p in (tmp_path / "summaries").glob("*.json"))

    out.clear()
    assert await poll_once(settings, out.append) == 0  # again: the 304, and nothing taken twice
    assert out == ["Harbour Ledger: not modified"]



def test_a_stale_pid_file_naming_another_program_is_not_signalled(tmp_path, monkeypatch):
    import os
    import subprocess
    import sys

    from bot.feeds.cli import is_the_bot, tell_running_bot

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / "bot.pid").write_text(str(sleeper.pid))
        signals = []
        monkeypatch.setattr(os, "kill", lambda pid, sig: signals.append((pid, sig)))
        out: list[str] = []
        tell_running_bot(tmp_path, out.append)
        assert signals == []
        assert out == [f"{tmp_path / 'bot.pid'} names pid {sleeper.pid}, which is not the bot: reload it yourself "
                       "if it runs (/reload, or kill -HUP its pid)."]
        assert not is_the_bot(sleeper.pid)
    finally:
        sleeper.kill()
        sleeper.wait()


async def test_an_article_that_is_already_a_source_is_not_added_again(world: FeedWorld):
    (world.seeds / "istanbul-by-hand.md").write_text(
        f"---\ntitle: Added by hand\nurl: {world.site.url('/news/istanbul-round')}\npublished: 2025-06-02\n---\n"
        "Ukrainian and Russian delegations met in Istanbul on Monday for peace talks.\n", encoding="utf-8")
    await world.runtime.briefings.reload()
    state = world.site.feed("/rss", talks(guid="t-1"))
    state.raw = world.site._render(state).replace(b"/news/istanbul-round<", b"/news/istanbul-round?utm_source=rss<")
    await world.add("/rss")
    before = world.source_ids()

    report = await world.poller.poll()

    assert [(i.decision, i.reason) for i in report.items] == [(DUPLICATE, "already a source: `istanbul-by-hand`")]
    assert world.source_ids() == before
