"""Worst articles we could construct: time and peak memory to read and summarize one, per MB.

Each case runs in a fresh process (`--case NAME`), so its peak resident size is its own:
memory is VmHWM after summarizing minus VmRSS before reading (imports and warm-up excluded).
The largest cases are at the article size limit (bot.engine.sources.MAX_SOURCE_BYTES).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time

from bot.engine.sources import MAX_SOURCE_BYTES

HEAD = "---\ntitle: Worst case\npublished: 2025-05-12\n---\n"
WORDS = ["talks", "peace", "envoy", "truce", "deal", "army", "border", "grain", "port", "aid"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _fill(make, limit: int) -> str:
    """Pieces from `make(n)` until the next would pass `limit` bytes."""
    out, size, n = [], len(HEAD) + 1, 0
    while True:
        piece = make(n)
        if size + len(piece.encode()) + 1 > limit:
            return " ".join(out)
        out.append(piece)
        size += len(piece.encode()) + 1
        n += 1


def tiny(limit: int) -> str:
    rng = random.Random(1)
    return _fill(lambda n: f"{rng.choice(LETTERS).upper()}{rng.choice(LETTERS)} {rng.choice(WORDS)[:3]} "
                           f"{rng.choice(WORDS)[:3]}.", limit)


def huge_sentence(limit: int) -> str:
    rng = random.Random(2)
    return _fill(lambda n: rng.choice(WORDS), limit - 1) + "."


def names(limit: int) -> str:
    rng = random.Random(3)
    return _fill(lambda n: f"President {''.join(rng.sample(LETTERS, 6)).title()} "
                           f"{''.join(rng.sample(LETTERS, 8)).title()} spoke.", limit)


def quotes(limit: int) -> str:
    return _fill(lambda n: f"“We are ready {n},” Putin said on Monday.", limit)


def dates(limit: int) -> str:
    return _fill(lambda n: f"Envoys met in Geneva on May {1 + n % 28}, {2000 + n % 25}.", limit)


CASES = {
    "9,000 tiny sentences (108 KB)": (tiny, 108_000),
    "tiny sentences at the limit": (tiny, MAX_SOURCE_BYTES),
    "one sentence at the limit": (huge_sentence, MAX_SOURCE_BYTES),
    "distinct names at the limit": (names, MAX_SOURCE_BYTES),
    "quotations at the limit": (quotes, MAX_SOURCE_BYTES),
    "dated sentences at the limit": (dates, MAX_SOURCE_BYTES),
}


def _rss(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


def run_case(name: str) -> dict:
    from bot.engine.sources import parse_source
    from bot.engine.store import dump_summary
    from bot.engine.summarize import summarize

    make, limit = CASES[name]
    data = (HEAD + make(limit) + "\n").encode()
    summarize(parse_source(HEAD.encode() + b"Warm up. Envoys met on Monday.\n", "w", "w.md"))
    before = _rss("VmRSS:")
    started = time.perf_counter()
    summary = summarize(parse_source(data, "worst", "worst.md"))
    took = time.perf_counter() - started
    peak = _rss("VmHWM:") - before
    return {"case": name, "bytes": len(data), "seconds": took, "peak_bytes": max(peak, 0),
            "sentences": len(summary.sentences), "summary_bytes": len(dump_summary(summary).encode())}


def main() -> None:
    from bot.engine.store import MAX_SUMMARY_BYTES

    print(f"limits: worst articles, one fresh process each (article limit {MAX_SOURCE_BYTES:,} bytes, "
          f"summary limit {MAX_SUMMARY_BYTES:,})")
    for name in CASES:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.limits", "--case", name],
                              capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout)
        mb = r["bytes"] / 1e6
        print(f"  {name}: {r['bytes']:,} bytes, {r['sentences']:,} sentences, {r['seconds']:.2f} s "
              f"({r['seconds'] / mb:.1f} s/MB), peak +{r['peak_bytes'] / 1e6:.0f} MB "
              f"({r['peak_bytes'] / 1e6 / mb:.0f} MB/MB); summary {r['summary_bytes'] / 1e6:.1f} MB"
              + ("" if r["summary_bytes"] <= MAX_SUMMARY_BYTES else " OVER ITS LIMIT: it could not be read back"))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2])))
    else:
        main()
