"""The real bot's slash commands over the loopback Discord: round trips, memory, start to READY.

Two cases: the 2 bundled sources, and 10,000 generated articles (``benchmarks/corpus.py``)
plus the bundled ones. The 10,000 summaries are made once into a cache directory
(``$BENCH_CACHE``, default ``~/.cache/diplomacy-briefing-bot/bench``) with the same code as
``python -m bot summarize``; later runs reuse them, so only loading is timed.

How it is measured: the loopback Discord and its driver run in this process; the bot runs in
a child process (this file with ``--child``) doing what ``python -m bot run`` does (settings,
``load_story``, ``StoryBot.start``) with a fixed clock, so server and bot do not share an event
loop. A round trip is the driver's ``invoke()`` (INTERACTION_CREATE over the gateway until the
answer is complete over REST, the server's schema checks included) or ``autocomplete()``.
Commands run interleaved after three warm-up calls each; "1st" is the first call after
READY, when a story builds what it keeps (its indexes, the /ask index, remembered answers).
Start to READY runs from spawning the child to discord.py's ``on_ready`` in it
(``guild_ready_timeout`` 0.05 s, as in the tests). Memory is the child's VmRSS (VmHWM for the
peak) from ``/proc``; the child also counts its garbage collector's pauses.

Standalone: ``python benchmarks/bot_commands.py [-n N] [--sources COUNT]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import math
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import cached_sources  # noqa: E402 (after the path above)

NOW = dt.datetime(2025, 5, 13, 9, 0, tzinfo=dt.UTC)  # between the bundled articles and the talks
TARGET_P99_MS = 50.0
TARGET_RSS_MB = 300.0
BUDGET_S = 120.0  # per case, for the measured calls; N is cut (and shown) if it runs out


# -- sources ------------------------------------------------------------------------------


# -- the bot, in a child process ----------------------------------------------------------
def memory() -> dict[str, float]:
    """This process's resident memory in MB: now (VmRSS) and peak (VmHWM)."""
    out = {"peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out["rss" if key == "VmRSS" else "peak"] = int(value.split()[0]) / 1024
    return out


class GcPauses:
    """The garbage collector's pauses in this process, by generation (a full one is generation 2)."""

    def __init__(self) -> None:
        import gc

        self.pauses: list[tuple[int, float]] = []
        self._started = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))

    def summary(self) -> dict[str, float]:
        full = [d for g, d in self.pauses if g == 2]
        return {"gc_full": len(full), "gc_full_max": max(full, default=0.0), "gc_all_s": sum(d for _, d in self.pauses)}


def _emit(event: str, **data: Any) -> None:
    print(json.dumps({"event": event, "t": time.time(), **data}), flush=True)


def child(config: dict[str, Any]) -> None:
    """`python -m bot run`, with a fixed clock and progress reported on stdout as JSON lines."""
    from bot.app import load_story, setup_logging, use_endpoints
    from bot.client import StoryBot
    from bot.runtime import Runtime
    from bot.settings import Settings

    _emit("imported", **memory())
    pauses = GcPauses()
    setup_logging("WARNING")
    data = Path(config["data"])
    settings = Settings(
        discord={"token": config["token"], "api_base": config["api_base"], "gateway_url": config["gateway_url"],
                 "guild_ready_timeout": 0.05, "sync_state_file": str(data / "command-sync.json")},
        paths={"seeds": config["seeds"], "summaries": config["summaries"],
               "removed": str(data / "removed-sources"), "data": str(data)},
        database={"url": f"sqlite+aiosqlite:///{data / 'bot.db'}"},
    )

    async def run() -> None:
        runtime = Runtime.from_settings(settings, clock=lambda: NOW)
        await load_story(runtime)
        b = runtime.briefings.current
        _emit("loaded", sources=len(b.sources), actors=len(b.actors), quotes=len(b.quotes),
              events=len(b.events), **memory())
        use_endpoints(settings.discord.api_base, settings.discord.gateway_url)
        bot = StoryBot(runtime)

        async def on_ready() -> None:
            pauses.pauses.clear()
            _emit("ready", **memory())

        bot.add_listener(on_ready, "on_ready")
        task = asyncio.create_task(bot.start(config["token"]))
        task.add_done_callback(lambda t: _emit("stopped", error=None if t.cancelled() else repr(t.exception())))
        while await asyncio.to_thread(sys.stdin.readline) not in ("", "quit\n"):
            _emit("memory", **memory(), **pauses.summary())
        await bot.close()
        await task

    asyncio.run(run())


# -- measuring, in this process -----------------------------------------------------------
@dataclass
class Case:
    label: str
    seeds: Path
    summaries: Path
    speaker: str
    typed: str
    n: int
    picture_bytes: int = 0  # /timeline's PNG, as uploaded


@dataclass
class Outcome:
    case: Case
    phases: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    memory: dict[str, dict[str, float]] = field(default_factory=dict)
    times: dict[str, list[float]] = field(default_factory=dict)
    first: dict[str, float] = field(default_factory=dict)
    gc: dict[str, float] = field(default_factory=dict)


def commands(case: Case) -> list[tuple[str, Any]]:
    """(label, async call returning what to check) for the mix."""

    def invoke(command: str, expect: str, **options: Any) -> Any:
        async def call(driver: Any) -> None:
            reply = await driver.invoke(command, timeout=60, **options)
            if expect not in reply.text:
                raise SystemExit(f"{command} {options}: expected {expect!r}, got {reply.text[:300]!r}")
        return call

    async def timeline(driver: Any) -> None:
        from tests.loopback_discord.limits import ATTACHMENT_MAX_BYTES

        reply = await driver.invoke("/timeline", timeout=60)
        pictures = [a for m in reply.messages for a in m.get("attachments") or []]
        if "oldest first" not in reply.text or [a["filename"] for a in pictures] != ["timeline.png"]:
            raise SystemExit(f"/timeline: expected its events and timeline.png, got {reply.text[:300]!r}, {pictures}")
        if pictures[0]["size"] >= ATTACHMENT_MAX_BYTES:
            raise SystemExit(f"/timeline: the picture ({pictures[0]['size']:,} bytes) is over Discord's limit")
        case.picture_bytes = pictures[0]["size"]

    async def complete(driver: Any) -> None:
        choices = await driver.autocomplete("/quotes", focused="speaker", value=case.typed, timeout=60)
        if not choices:
            raise SystemExit(f"autocomplete of {case.typed!r} offered nothing")

    return [
        ("/status", invoke("/status", "Where things stand")),
        ("/quotes speaker", invoke("/quotes", "Quotes by", speaker=case.speaker)),
        ("/quotes", invoke("/quotes", "newest first")),
        ("/timeline", timeline),
        ("/who", invoke("/who", "Role", name=case.speaker)),
        ("/sources", invoke("/sources", "Sources")),
        ("/ask", invoke("/ask", "Answered only from the sources", question="Where will the talks take place?")),
        ("autocomplete speaker", complete),
        ("/help (floor)", invoke("/help", "What I can do")),
    ]


async def measure(case: Case) -> Outcome:
    from tests.loopback_discord import LoopbackDiscord

    out = Outcome(case)
    data = Path(tempfile.mkdtemp(prefix="bot-bench-"))
    async with LoopbackDiscord() as server:
        config = {"token": server.token, "api_base": server.api_base, "gateway_url": server.gateway_url,
                  "seeds": str(case.seeds), "summaries": str(case.summaries), "data": str(data)}
        with open(data / "stderr.log", "wb") as errors:  # noqa: ASYNC230  (a local file, once)
            spawned = time.time()
            proc = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "--child", json.dumps(config),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=errors,
                limit=1 << 20,
            )
            try:
                await _drive(case, out, server, proc, spawned)
            except BaseException:
                proc.kill()
                await proc.wait()
                sys.stderr.write((data / "stderr.log").read_text()[-4000:])
                raise
    if server.violations:
        raise SystemExit(f"spec violations: {[str(v) for v in server.violations][:5]}")
    shutil.rmtree(data, ignore_errors=True)
    return out


async def _drive(case: Case, out: Outcome, server: Any, proc: Any, spawned: float) -> None:
    async def event(name: str, timeout: float = 120.0) -> dict[str, Any]:  # noqa: ASYNC109
        while True:
            line = await asyncio.wait_for(proc.stdout.readline(), timeout)
            if not line:
                raise SystemExit(f"the bot process ended before {name!r} (exit {await proc.wait()})")
            msg = json.loads(line)
            if msg["event"] == "stopped":
                raise SystemExit(f"the bot stopped before {name!r}: {msg['error']}")
            if msg["event"] == name:
                return msg

    imported = await event("imported")
    loaded = await event("loaded")
    ready = await event("ready")
    out.phases = {"imports": imported["t"] - spawned, "load": loaded["t"] - imported["t"],
                  "connect": ready["t"] - loaded["t"], "total": ready["t"] - spawned}
    out.counts = {k: loaded[k] for k in ("sources", "actors", "quotes", "events")}
    out.memory["imported"] = {k: imported[k] for k in ("rss", "peak")}
    out.memory["loaded"] = {k: loaded[k] for k in ("rss", "peak")}
    out.memory["ready"] = {k: ready[k] for k in ("rss", "peak")}
    driver = server.driver
    await driver.wait_for_commands()
    mix = commands(case)
    # Warm-up, /ask last: the first call of each is shown apart (it builds what a story caches).
    for label, call in sorted(mix, key=lambda m: m[0] == "/ask"):
        if label == "/ask":
            out.memory["before 1st /ask"], _ = await memory_of(proc, event)
        started = time.perf_counter()
        await call(driver)
        out.first[label] = time.perf_counter() - started
        for _ in range(2):
            await call(driver)
    out.times = {label: [] for label, _ in mix}
    deadline = time.perf_counter() + BUDGET_S
    for _ in range(case.n):
        for label, call in mix:
            started = time.perf_counter()
            await call(driver)
            out.times[label].append(time.perf_counter() - started)
        if time.perf_counter() > deadline:
            break
    out.memory["after mix"], out.gc = await memory_of(proc, event)
    proc.stdin.write(b"quit\n")
    await asyncio.wait_for(proc.wait(), 15)


async def memory_of(proc: Any, event: Any) -> tuple[dict[str, float], dict[str, float]]:
    """The bot's (RSS, peak) in MB, and its garbage collector's pauses since READY."""
    proc.stdin.write(b"memory\n")
    said = await event("memory")
    return ({"rss": said["rss"], "peak": said["peak"]},
            {k: said[k] for k in ("gc_full", "gc_full_max", "gc_all_s")})


# -- report -------------------------------------------------------------------------------
def percentile(sorted_values: list[float], fraction: float) -> float:
    index = max(0, math.ceil(fraction * len(sorted_values)) - 1)
    return sorted_values[index]


def report(outcomes: list[Outcome]) -> None:
    for o in outcomes:
        c = o.counts
        print(f"\n{o.case.label}: {c['sources']:,} sources, {c['actors']:,} actors, {c['quotes']:,} quotes, "
              f"{c['events']:,} events; speaker {o.case.speaker!r}, autocomplete {o.case.typed!r}")
        print(f"  start to READY {o.phases['total']:.2f} s = imports {o.phases['imports']:.2f} s"
              f" + load briefing {o.phases['load']:.2f} s + connect/sync/READY {o.phases['connect']:.2f} s")
        mem = "; ".join(f"{k} {v['rss']:.0f}" for k, v in o.memory.items())
        peak = max(v["peak"] for v in o.memory.values())
        print(f"  bot process RSS in MB: {mem}; peak {peak:.0f}")
        print(f"  garbage collector in the bot after READY: {o.gc['gc_all_s']:.2f} s in all, "
              f"{o.gc['gc_full']:.0f} full collections (longest {o.gc['gc_full_max'] * 1000:.0f} ms)")
        print(f"  /timeline picture: {o.case.picture_bytes:,} bytes (Discord's limit: 10 MiB)")
        print(f"  {'command':<22} {'N':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'1st ms':>8}")
        everything: list[float] = []
        for label, times in o.times.items():
            times = sorted(times)
            everything += times
            print(f"  {label:<22} {len(times):>5} {percentile(times, 0.5) * 1000:>8.1f} "
                  f"{percentile(times, 0.99) * 1000:>8.1f} {times[-1] * 1000:>8.1f} {o.first[label] * 1000:>8.1f}")
        everything.sort()
        print(f"  {'all':<22} {len(everything):>5} {percentile(everything, 0.5) * 1000:>8.1f} "
              f"{percentile(everything, 0.99) * 1000:>8.1f} {everything[-1] * 1000:>8.1f}")
    print("\n| sources | p50 ms | p99 ms | p99 without /ask | start to READY | of which loading "
          "| RSS at READY | RSS after the mix |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for o in outcomes:
        every = sorted(t for ts in o.times.values() for t in ts)
        no_ask = sorted(t for label, ts in o.times.items() if label != "/ask" for t in ts)
        print(f"| {o.counts['sources']:,} | {percentile(every, 0.5) * 1000:.1f} | {percentile(every, 0.99) * 1000:.1f} "
              f"| {percentile(no_ask, 0.99) * 1000:.1f} | {o.phases['total']:.2f} s | {o.phases['load']:.2f} s "
              f"| {o.memory['ready']['rss']:.0f} MB | {o.memory['after mix']['rss']:.0f} MB |")
    big = outcomes[-1]
    p99 = percentile(sorted(t for ts in big.times.values() for t in ts), 0.99) * 1000
    rss = max(v["rss"] for v in big.memory.values())
    print(f"targets at {big.counts['sources']:,} sources: p99 {p99:.1f} ms (< {TARGET_P99_MS:.0f}: "
          f"{'met' if p99 < TARGET_P99_MS else 'NOT met'}), RSS {rss:.0f} MB (< {TARGET_RSS_MB:.0f}: "
          f"{'met' if rss < TARGET_RSS_MB else 'NOT met'})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="measured calls per command (default 200)")
    parser.add_argument("--sources", type=int, default=10_000, help="generated sources (default 10,000)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        bundled_seeds, bundled_summaries = Path(tmp) / "seeds", Path(tmp) / "summaries"
        shutil.copytree(ROOT / "seeds", bundled_seeds)
        shutil.copytree(ROOT / "summaries", bundled_summaries)
        seeds, summaries, how = cached_sources(args.sources)
        print(f"slash commands over the loopback Discord, bot in its own process "
              f"({args.sources:,} generated summaries {how})")
        cases = [
            Case("bundled", bundled_seeds, bundled_summaries, "Donald Trump", "zel", args.n),
            Case(f"{args.sources:,} generated", seeds, summaries, "Aino Korhonen", "kor", args.n),
        ]
        report([asyncio.run(measure(case)) for case in cases])


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(json.loads(sys.argv[2]))
    else:
        main()
