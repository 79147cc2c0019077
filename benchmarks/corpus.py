"""A generated corpus of realistic articles: varied people, places, dates, quotes and noise."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import shutil
import sys
import time
from pathlib import Path

PEOPLE = [
    ("Finnish", "President", "Aino", "Korhonen"), ("Polish", "Foreign Minister", "Marek", "Nowicki"),
    ("Turkish", "Foreign Minister", "Kemal", "Arslan"), ("Swiss", "President", "Lena", "Baumann"),
    ("Norwegian", "Prime Minister", "Erik", "Dahl"), ("Qatari", "mediator", "Omar", "Haddad"),
    ("Ukrainian", "Defence Minister", "Taras", "Melnyk"), ("Russian", "Deputy Foreign Minister", "Oleg", "Sorokin"),
]
PLACES = ["Istanbul", "Geneva", "Vienna", "Riyadh", "Doha", "Helsinki", "Warsaw", "Budapest"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = [
    "Diplomats described the atmosphere as businesslike but tense.",
    "Neither side has published the draft text of the framework.",
    "Observers noted that the previous round ended without a joint statement.",
    "Humanitarian corridors and prisoner exchanges remain on the agenda.",
    "Analysts cautioned that expectations for a breakthrough remain modest.",
    "The talks come amid continued fighting along the front line.",
]


def article(n: int, rng: random.Random) -> str:
    published = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(300))
    a, b = rng.sample(PEOPLE, 2)
    place, day = rng.choice(PLACES), rng.choice(DAYS)
    lines = [
        "---", f"title: Round {n} of talks", "source: Generated Wire", f"published: {published}", "---",
        f"{a[0]} {a[1]} {a[2]} {a[3]} said on {day} that talks would continue in {place}.",
        f"\"We are ready to meet in {place} on {rng.choice(DAYS)},\" {a[3]} told reporters.",
        f"{b[0]} {b[1]} {b[2]} {b[3]} responded that the proposal {rng.choice(['deserved', 'needed'])} more study.",
        f"\"There is no agreement yet. We will keep talking,\" said {b[3]}.",
    ]
    for _ in range(rng.randrange(8, 14)):
        lines.append(" ".join(rng.sample(FILLER, 3)))
    lines.append(f"{a[3]} called the offer \"serious\" during a visit to {rng.choice(PLACES)} last week.")
    if n % 5 == 0:
        lines += ["Breaking: unrelated story https://t.co/abc pic.twitter.com/xyz", "— Some Feed (@somefeed) May 1, 2025"]
    return "\n".join(lines) + "\n"


ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("BENCH_CACHE") or Path.home() / ".cache" / "diplomacy-briefing-bot" / "bench")


def cached_sources(count: int) -> tuple[Path, Path, str]:
    """Seeds (the bundled ones + `count` generated) and their summaries, cached across runs."""
    from bot.engine.briefing import build
    from bot.engine.models import ENGINE_VERSION

    root = CACHE / f"sources-{count}"
    seeds, summaries = root / "seeds", root / "summaries"
    wanted = {p.name: p.read_bytes() for p in sorted((ROOT / "seeds").iterdir()) if p.is_file()}
    rng = random.Random(7)
    wanted |= {f"gen-{n:05d}.md": article(n, rng).encode() for n in range(count)}
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for name, data in sorted(wanted.items()):
        digest.update(name.encode() + b"\0" + data)
    stamp = root / "stamp"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return seeds, summaries, "cached"
    started = time.perf_counter()
    seeds.mkdir(parents=True, exist_ok=True)
    for old in seeds.iterdir():
        if old.name not in wanted:
            old.unlink()
    for name, data in wanted.items():
        path = seeds / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    if not summaries.exists():  # the committed summaries of the bundled seeds, as a checkout has them
        shutil.copytree(ROOT / "summaries", summaries)
    print(f"summarizing {len(wanted):,} sources into {summaries} (once; later runs reuse them)…",
          file=sys.stderr, flush=True)
    result = build(seeds, summaries, write=True)
    if result.fatal:
        raise SystemExit(f"cannot build the generated sources: {result.fatal[:3]}")
    stamp.write_text(digest.hexdigest())
    return seeds, summaries, f"made in {time.perf_counter() - started:.0f} s"
