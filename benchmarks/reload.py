"""/reload with 10,000 sources: nothing changed, one source changed, every source changed.

The sources are the bundled seeds plus 10,000 generated articles (``benchmarks/corpus.py``).
Their summaries are made once into ``$BENCH_CACHE`` (default
``~/.cache/diplomacy-briefing-bot/bench``); each run copies them to a temporary folder, so the
cache is never modified. What is timed is what `/reload` does before it answers, minus Discord:
``SourceAdmin.reload()`` (read and check every file, summarize what changed, assemble, swap,
diff) and writing the reply. Target: under 1 s when one source changed.

Standalone: ``python -m benchmarks.reload [--sources N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import cached_sources

NOW = dt.datetime(2025, 5, 13, 9, 0, tzinfo=dt.UTC)
TARGET_ONE_CHANGED_S = 1.0
EXTRA = ("Officials said on Monday that the next round would take place in Geneva. "
         "\"We are ready to continue,\" a spokesperson said.\n")


def prepare(count: int) -> tuple[Path, Path]:
    """The generated sources the command benchmark also uses; measure() works on a copy."""
    seeds, summaries, _ = cached_sources(count)
    return seeds, summaries


async def measure(seeds: Path, summaries: Path, work: Path, count: int) -> list[tuple[str, float, str]]:
    from bot.admin.actions import SourceAdmin
    from bot.admin.replies import Replies
    from bot.render.format import DISCORD
    from bot.runtime import Runtime
    from bot.settings import Settings

    shutil.copytree(seeds, work / "seeds")
    shutil.copytree(summaries, work / "summaries")
    settings = Settings(paths={"seeds": str(work / "seeds"), "summaries": str(work / "summaries"),
                               "removed": str(work / "removed"), "data": str(work)})
    runtime = Runtime.from_settings(settings, clock=lambda: NOW)
    admin = SourceAdmin(runtime)
    replies = Replies(DISCORD, work / "seeds", work / "summaries", work / "removed")
    rows = []

    async def timed(label: str) -> None:
        started = time.perf_counter()
        result = await admin.reload()
        replies.reloaded(result)
        took = time.perf_counter() - started
        if not result.ok:
            raise SystemExit(f"reload: refused during '{label}': {result.fatal[:3]}")
        d = result.diff
        rows.append((label, took, f"{len(result.summarized):,} summarized, {len(d.sources_changed):,} changed, "
                                  f"{len(d.quotes_added):,} quotes added; resident {_resident_mb():.0f} MB"))

    started = time.perf_counter()
    await runtime.briefings.reload(keep_going=True)
    rows.append(("first load", time.perf_counter() - started,
                 f"{len(runtime.briefings.current.sources):,} sources; resident {_resident_mb():.0f} MB"))
    await timed("nothing changed")
    one = work / "seeds" / f"gen-{count // 2:05d}.md"
    one.write_text(one.read_text() + EXTRA)
    await timed("one changed")
    for path in (work / "seeds").glob("*.md"):
        path.write_text(path.read_text() + EXTRA)
    await timed("all changed")
    return rows


def _resident_mb() -> float:
    from benchmarks.engine import _resident_mb as resident

    return resident()


def main(count: int = 10_000) -> None:
    seeds, summaries = prepare(count)
    with tempfile.TemporaryDirectory() as tmp:
        rows = asyncio.run(measure(seeds, summaries, Path(tmp), count))
    for label, took, what in rows:
        target = ""
        if label == "one changed":
            verdict = "met" if took < TARGET_ONE_CHANGED_S else "NOT met"
            target = f" (target < {TARGET_ONE_CHANGED_S:g} s: {verdict})"
        print(f"reload, {count:,} sources, {label}: {took:.2f} s{target}; {what}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=10_000, help="generated sources (default 10,000)")
    main(parser.parse_args().sources)
