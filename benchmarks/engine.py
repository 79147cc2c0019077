"""Story engine: summarize 1,000 generated articles on one core; load 10,000 summaries."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import article
from bot.engine.briefing import assemble
from bot.engine.sources import parse_source
from bot.engine.store import dump_summary, read_summary
from bot.engine.summarize import summarize


def main() -> None:
    rng = random.Random(7)
    texts = [article(n, rng).encode() for n in range(1000)]
    started = time.perf_counter()
    summaries = [summarize(parse_source(t, f"gen-{n:05d}", f"gen-{n:05d}.md")) for n, t in enumerate(texts)]
    took = time.perf_counter() - started
    print(f"summarize: {len(texts)} articles in {took:.2f} s = {len(texts) / took:.0f} articles/s (target >= 200)")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for n in range(10_000):
            base = summaries[n % len(summaries)]
            sid = f"gen-{n:05d}"
            copy = base.model_copy(update={"source": base.source.model_copy(update={"id": sid})})
            (out / f"{sid}.json").write_text(dump_summary(copy))
        started = time.perf_counter()
        loaded = [read_summary(p) for p in sorted(out.glob("*.json"))]
        read_s = time.perf_counter() - started
        briefing = assemble(loaded)
        total = time.perf_counter() - started
    print(
        f"load: 10,000 summaries read in {read_s:.2f} s, briefing assembled in {total:.2f} s "
        f"(target < 2 s): {len(briefing.quotes)} quotes, {len(briefing.events)} events"
    )


if __name__ == "__main__":
    main()
