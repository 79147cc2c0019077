"""Story engine: summarize 1,000 generated articles on one core; load 10,000 summaries; memory.

The 10,000 sources are the 1,000 generated articles ten times over, each copy under its own
id everywhere (source, quotes, events, provenance), so merging sees 10,000 distinct sources.
Memory is measured in a fresh process (`--memory SEEDS SUMMARIES`): resident set after the
imports, after `build()` made the briefing, and after the first `ask` built its index.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import article
from bot.engine.briefing import assemble, build
from bot.engine.sources import parse_source
from bot.engine.store import dump_summary, read_summary
from bot.engine.summarize import summarize

SOURCES = 10_000
TARGET_ARTICLES_PER_S = 300
TARGET_LOAD_S = 2.0
TARGET_BOT_MB = 300


def main() -> None:
    rng = random.Random(7)
    texts = [article(n, rng).encode() for n in range(1000)]
    started = time.perf_counter()
    summaries = [summarize(parse_source(t, f"gen-{n:05d}", f"gen-{n:05d}.md")) for n, t in enumerate(texts)]
    took = time.perf_counter() - started
    print(f"summarize: {len(texts)} articles in {took:.2f} s = {len(texts) / took:.0f} articles/s "
          f"(target >= {TARGET_ARTICLES_PER_S})")

    with tempfile.TemporaryDirectory() as tmp:
        seeds, out = Path(tmp) / "seeds", Path(tmp) / "summaries"
        seeds.mkdir()
        out.mkdir()
        dumps = [dump_summary(s) for s in summaries]
        for n in range(SOURCES):
            base, sid = n % len(texts), f"gen-{n:05d}"
            (out / f"{sid}.json").write_text(dumps[base].replace(f'"gen-{base:05d}"', f'"{sid}"'))
            (seeds / f"{sid}.md").write_bytes(texts[base])
        paths = sorted(out.glob("*.json"))

        started = time.perf_counter()
        briefing = assemble(read_summary(p) for p in paths)
        took = time.perf_counter() - started
        print(f"load: {SOURCES:,} summaries read and assembled in {took:.2f} s (target < {TARGET_LOAD_S:g} s): "
              f"{len(briefing.quotes)} quotes, {len(briefing.events)} events")
        del briefing

        started = time.perf_counter()
        result = build(seeds, out)
        took = time.perf_counter() - started
        print(f"build: {SOURCES:,} seeds checked against their stored summaries and assembled in {took:.2f} s "
              f"({len(result.reused):,} reused)")
        del result

        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.engine", "--memory", str(seeds), str(out)],
            capture_output=True, text=True, check=True,
        )
        m = json.loads(child.stdout)
        print(f"memory: {SOURCES:,}-source briefing in a fresh process: resident {m['imports']:.0f} MB after imports, "
              f"{m['built']:.0f} MB after build() with a BuildCache, {m['asked']:.0f} MB with the /ask index "
              f"(built in {m['ask_s']:.1f} s), {m['reloaded']:.0f} MB after a cached rebuild with one source changed "
              f"({m['reload_s']:.2f} s) while the first is still held, {m['after']:.0f} MB once it is dropped; "
              f"peak {m['peak']:.0f} MB (target for the bot process < {TARGET_BOT_MB} MB)")


def _resident_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # not Linux: the peak is all there is
        return _peak_mb()


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux


def memory(seeds: Path, summaries: Path) -> dict[str, float]:
    """As the bot holds it: built with a BuildCache, the /ask index prepared; then a reload
    (one source changed) while the first briefing is still served."""
    from bot.engine.ask import ask, prepare
    from bot.engine.briefing import BuildCache

    figures = {"imports": _resident_mb()}
    cache = BuildCache()
    result = build(seeds, summaries, cache=cache)
    figures["built"] = _resident_mb()
    started = time.perf_counter()
    prepare(result.briefing)
    figures["ask_s"] = time.perf_counter() - started
    ask(result.briefing, "Where will the talks continue?")
    figures["asked"] = _resident_mb()
    one = sorted(seeds.glob("*.md"))[len(list(seeds.glob("*.md"))) // 2]
    one.write_text(one.read_text() + "\nOfficials said on Monday that the next round would take place in Geneva.\n")
    started = time.perf_counter()
    again = build(seeds, summaries, cache=cache, write=True)
    prepare(again.briefing)
    figures["reload_s"] = time.perf_counter() - started
    figures["reloaded"] = _resident_mb()
    del result
    figures["after"] = _resident_mb()
    figures["peak"] = _peak_mb()
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        print(json.dumps(memory(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        main()
