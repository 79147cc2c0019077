"""Feed reader: N feeds on local news sites (127.0.0.x), a share of them with a new item each cycle,
read by the real bot (feeds and update posts) connected to the loopback Discord, with one channel
subscribed to update posts.

Reports, per cycle: wall time, CPU time, feeds answered 304, items taken, and the process's
resident memory; and the delay from an item appearing in its feed to its update post in the
channel (items appear just before a cycle starts, so a real bot adds up to one poll interval).
Targets: a cycle of 500 mostly-304 feeds under 10 s on two cores; item → post p50 under one poll
interval plus 30 s.
`python -m benchmarks.feeds [N] [--cycles K] [--new-share 0.1]`; `python -m benchmarks` runs N=500.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import time_machine  # noqa: E402

from bot.client import StoryBot  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.exts.feeds.commands import SERVICE as FEEDS  # noqa: E402
from bot.exts.updates.lifecycle import SERVICE as UPDATES  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.feeds.site import NewsSite, Story  # noqa: E402
from tests.loopback_discord import LoopbackDiscord, running_bot  # noqa: E402

START = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)
HOSTS = 25  # local sites; the per-host pacing applies within each
SEEDS = ("000_353006ad1c53f48c", "002_8e5d6f9d2557a0da")
NAMES = ["Zelensky", "Putin", "Umerov", "Medinsky", "Witkoff", "Erdogan", "Lavrov", "Fidan"]
PLACES = ["Istanbul", "Geneva", "Riyadh", "Abu Dhabi", "Miami", "Vatican"]


WORDS = ("border grain energy sanctions drones frontline refugees corridor reactor harbour railway bridge "
         "elections parliament budget loans weapons shells missiles convoy hospital school winter talks "
         "observers monitors guarantees territory referendum amnesty reparations airspace shipping").split()


def _story(n: int, rng: random.Random) -> Story:
    """An article about the talks, its wording drawn at random so no two are near-identical."""
    who, other, where = rng.choice(NAMES), rng.choice(NAMES), rng.choice(PLACES)

    def words(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k))

    return Story(slug=f"item-{n}", guid=f"item-{n}",
                 title=f"{who} and {other} discuss a ceasefire in {where} (report {n})",
                 paragraphs=[
                     f"Ukrainian and Russian delegations met in {where} on Monday for talks on a ceasefire, "
                     f"report number {n} said, covering {words(12)}.",
                     f"\"We want a ceasefire that covers {words(6)},\" {who} told reporters after the meeting "
                     f"in {where}, adding that {rng.randint(10, 900)} prisoners could be exchanged.",
                     f"{other} said a memorandum on {words(8)} would be ready within {rng.randint(2, 30)} days.",
                 ])


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(n: int, cycles: int, share: float) -> None:
    rng = random.Random(7)
    tmp = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    sites = [NewsSite(outlet=f"Local Site {i}", host=f"127.0.0.{i + 1}") for i in range(HOSTS)]
    try:
        for folder, suffix in (("seeds", ".md"), ("summaries", ".json")):
            (tmp / folder).mkdir()
            for sid in SEEDS:
                shutil.copy(ROOT / folder / f"{sid}{suffix}", tmp / folder)
        for site in sites:
            await site.start()
        feeds = []
        for i in range(n):
            site = sites[i % HOSTS]
            feeds.append((site, site.feed(f"/feed-{i}.xml", _story(i, rng))))
        counter = n
        async with LoopbackDiscord() as server:
            server.add_channel("news")
            settings = Settings(
                discord={"api_base": server.api_base, "gateway_url": server.gateway_url, "token": server.token,
                         "guild_ready_timeout": 0.05, "sync_state_file": str(tmp / "sync.json")},
                paths={"seeds": str(tmp / "seeds"), "summaries": str(tmp / "summaries"), "data": str(tmp / "data")},
                database={"url": f"sqlite+aiosqlite:///{tmp / 'data/bot.db'}"},
                sources={"allow_private_addresses": True},
                feed_reader={"host_interval_seconds": 0.05, "max_items_per_cycle": 1000},
            )
            with time_machine.travel(START, tick=True) as clock:
                runtime = Runtime.from_settings(settings)
                await runtime.briefings.reload(keep_going=True)
                async with Database.open(settings.database.url) as db:
                    runtime.db = db
                    bot = StoryBot(runtime, extensions=("bot.exts.feeds.commands", "bot.exts.updates.commands"))
                    async with running_bot(bot, server):
                        await server.driver.wait_for_commands()
                        updates = runtime.services[UPDATES]
                        await asyncio.wait_for(updates.running.wait(), 30)
                        store = runtime.services[FEEDS].store
                        for site, state in feeds:
                            path = next(p for p, s in site.feeds.items() if s is state)
                            await store.add(site.url(path), name=None, interval_minutes=5, origin="command",
                                            now=runtime.clock())
                        poller = runtime.services[FEEDS].poller
                        delays: list[float] = []
                        print(f"{n} feeds on {HOSTS} local hosts; {share:.0%} get a new item each cycle; from the "
                              "second cycle on, one channel subscribed to update posts of new sources (6 an hour)")
                        for cycle in range(cycles):
                            if cycle == 1:
                                # Subscribed once the first 500 articles are in: they are the backlog, not news.
                                reply = await server.driver.invoke(
                                    "/updates subscribe", member=server.driver.admin, channel="news",
                                    options={"channel": "news", "kinds": "source"})
                                assert reply.content.startswith("Subscribed"), reply.content
                            if cycle:
                                for site, state in rng.sample(feeds, int(n * share)):
                                    counter += 1
                                    story = _story(counter, rng)
                                    state.stories = [story, *state.stories][:10]
                                    site.html(f"/news/{story.slug}", story.page(site.outlet))
                            posts_before = len(server.driver.messages("news"))
                            appeared = time.perf_counter()
                            not_modified_before = sum(sum(s.not_modified.values()) for s in sites)
                            cpu0, wall0 = time.process_time(), time.perf_counter()
                            report = await poller.poll(everything=True)
                            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
                            posted = ""
                            if cycle and report.taken:
                                # Every item is in a post once the round is over (the per-hour limit folds
                                # the rest into its last post); Discord allows 5 posts per 5 s in a channel.
                                await _until(lambda before=posts_before: len(server.driver.messages("news")) > before
                                             and updates.idle(), 120)
                                delay = time.perf_counter() - appeared
                                delays += [delay] * len(report.taken)
                                count = len(server.driver.messages("news")) - posts_before
                                posted = f"; {count} update posts, the last {delay:.2f} s after the items appeared"
                            not_modified = sum(sum(s.not_modified.values()) for s in sites) - not_modified_before
                            failed = sum(1 for line in report.feeds if ": failed: " in line)
                            print(f"cycle {cycle}: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(report.feeds)} feeds "
                                  f"polled, {not_modified} answered 304, {failed} failed, {len(report.taken)} taken; "
                                  f"{len(runtime.briefings.current.sources)} sources; RSS {_rss_mb():.0f} MB{posted}")
                            clock.shift(dt.timedelta(hours=1))  # past the feeds' interval and the hour's post limit
                        if delays:
                            print(f"item appearing → its update post: p50 {statistics.median(delays):.2f} s, "
                                  f"max {max(delays):.2f} s (plus up to one poll interval of waiting)")
                        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
                              "(the bot, the loopback Discord and the news sites in one process)")
            if server.violations:
                raise SystemExit(f"spec violations: {[str(v) for v in server.violations[:5]]}")
    finally:
        for site in sites:
            await site.stop()
        shutil.rmtree(tmp, ignore_errors=True)


async def _until(check, timeout: float) -> None:  # noqa: ASYNC109
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise SystemExit("no update post arrived")
        await asyncio.sleep(0.01)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", nargs="?", type=int, default=500)
    parser.add_argument("--cycles", type=int, default=4)
    parser.add_argument("--new-share", type=float, default=0.1)
    args = parser.parse_args(argv)
    asyncio.run(run(args.n, args.cycles, args.new_share))


if __name__ == "__main__":
    main()
