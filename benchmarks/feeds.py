"""Feed reader: N feeds on local news sites (127.0.0.x), a share of them with a new item each cycle.

Reports, per cycle: wall time, CPU time, feeds answered 304, items taken, and the process's
resident memory; and the delay from an item appearing in its feed to its article being a source
in the briefing (the poll interval is the cycle: items appear just after a cycle starts).
Targets: a cycle of 500 mostly-304 feeds under 10 s on two cores.
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

from bot.admin.actions import SourceAdmin  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.feeds.poller import FeedPoller  # noqa: E402
from bot.feeds.store import FeedStore  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.feeds.site import NewsSite, Story  # noqa: E402

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
        settings = Settings(
            paths={"seeds": str(tmp / "seeds"), "summaries": str(tmp / "summaries"), "data": str(tmp / "data")},
            database={"url": f"sqlite+aiosqlite:///{tmp / 'data/bot.db'}"},
            sources={"allow_private_addresses": True},
            feed_reader={"host_interval_seconds": 0.05, "max_items_per_cycle": 1000},
        )
        clock_now = [dt.datetime(2025, 6, 1, tzinfo=dt.UTC)]
        runtime = Runtime.from_settings(settings, clock=lambda: clock_now[0])
        await runtime.briefings.reload(keep_going=True)
        counter = 0
        feeds = []
        for i in range(n):
            site = sites[i % HOSTS]
            counter += 1
            state = site.feed(f"/feed-{i}.xml", _story(counter, rng))
            feeds.append((site, state))
        async with Database.open(settings.database.url) as db:
            runtime.db = db
            store = FeedStore(db)
            for site, state in feeds:
                path = next(p for p, s in site.feeds.items() if s is state)
                await store.add(site.url(path), name=None, interval_minutes=5, origin="command", now=clock_now[0])
            poller = FeedPoller(SourceAdmin(runtime), store, settings.feed_reader, allow_private=True)
            delays: list[float] = []
            print(f"{n} feeds on {HOSTS} local hosts; {share:.0%} get a new item each cycle")
            for cycle in range(cycles):
                appeared = time.perf_counter()
                if cycle:
                    for site, state in rng.sample(feeds, int(n * share)):
                        counter += 1
                        story = _story(counter, rng)
                        state.stories = [story, *state.stories][:10]
                        site.html(f"/news/{story.slug}", story.page(site.outlet))
                not_modified_before = sum(sum(s.not_modified.values()) for s in sites)
                cpu0, wall0 = time.process_time(), time.perf_counter()
                report = await poller.poll(everything=True)
                wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
                if cycle:
                    delays += [time.perf_counter() - appeared] * len(report.taken)
                not_modified = sum(sum(s.not_modified.values()) for s in sites) - not_modified_before
                failed = sum(1 for line in report.feeds if ": failed: " in line)
                print(f"cycle {cycle}: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(report.feeds)} feeds polled, "
                      f"{not_modified} answered 304, {failed} failed, {len(report.taken)} taken; "
                      f"{len(runtime.briefings.current.sources)} sources; RSS {_rss_mb():.0f} MB")
                clock_now[0] += dt.timedelta(minutes=5)
            if delays:
                print(f"item appearing → source in the briefing: p50 {statistics.median(delays):.2f} s, "
                      f"max {max(delays):.2f} s (plus up to one poll interval of waiting)")
            print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        for site in sites:
            await site.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", nargs="?", type=int, default=500)
    parser.add_argument("--cycles", type=int, default=4)
    parser.add_argument("--new-share", type=float, default=0.1)
    args = parser.parse_args(argv)
    asyncio.run(run(args.n, args.cycles, args.new_share))


if __name__ == "__main__":
    main()
