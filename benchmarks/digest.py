"""Digest fan-out: N subscriptions due at the same minute, posted to the loopback Discord with
Discord's real limits (50 requests/s per bot, 5 messages per 5 s per channel).

Target: every digest delivered, none twice, within 1.1 × the rate-limit bound (N / 50 s).
Prints the time from the due minute to the last digest, the ratio to the bound, and the 429s.
`python -m benchmarks.digest [N] [--database-url URL]`; `python -m benchmarks` runs it with N=1000.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

import time_machine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.client import StoryBot  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.digest import deliveries, subscriptions  # noqa: E402
from bot.digest.subscriptions import Request  # noqa: E402
from bot.exts.digest.lifecycle import SERVICE  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.loopback_discord import LoopbackDiscord, running_bot  # noqa: E402

DUE = dt.datetime(2025, 5, 14, 9, 0, tzinfo=dt.UTC)
SEEDS = ("000_353006ad1c53f48c", "002_8e5d6f9d2557a0da")
MESSAGES = "/channels/{channel_id}/messages"


def _copy_seed(tmp: Path, source_id: str) -> None:
    for folder, suffix in (("seeds", ".md"), ("summaries", ".json")):
        (tmp / folder).mkdir(exist_ok=True)
        shutil.copy(ROOT / folder / f"{source_id}{suffix}", tmp / folder)


def _settings(server: LoopbackDiscord, tmp: Path, database_url: str) -> Settings:
    return Settings(
        discord={"api_base": server.api_base, "gateway_url": server.gateway_url, "token": server.token,
                 "guild_ready_timeout": 0.05, "sync_state_file": str(tmp / "sync.json")},
        paths={"seeds": str(tmp / "seeds"), "summaries": str(tmp / "summaries"), "data": str(tmp)},
        database={"url": database_url},
    )


async def run(n: int, database_url: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        _copy_seed(tmp, SEEDS[0])
        async with LoopbackDiscord() as server:
            channel_ids = [int(server.add_channel(f"digest-{i:04d}").id) for i in range(n)]
            settings = _settings(server, tmp, database_url or f"sqlite+aiosqlite:///{tmp / 'bot.db'}")
            runtime = Runtime.from_settings(settings)
            await runtime.briefings.reload(write=False, keep_going=True)
            with time_machine.travel(DUE - dt.timedelta(minutes=5), tick=True) as traveller:
                async with Database.open(settings.database.url) as db:
                    runtime.db = db
                    for channel_id in channel_ids:
                        await subscriptions.subscribe(
                            db, Request.check(channel_id=channel_id, guild_id=int(server.guild.id), time="09:00"),
                            defaults=settings.digest, by=None, notify_channel_id=None, now=runtime.clock())
                    bot = StoryBot(runtime, extensions=("bot.exts.digest.commands",))
                    async with running_bot(bot, server):
                        service = runtime.services[SERVICE]
                        await service.running.wait()
                        _copy_seed(tmp, SEEDS[1])  # news arrives, so every digest has something to say
                        await runtime.briefings.reload(write=False)
                        server.requests.clear()
                        server.ratelimits.hits.clear()
                        lead = 0.5
                        traveller.move_to(DUE - dt.timedelta(seconds=lead))
                        due_at = time.monotonic() + lead
                        service.scheduler.wakeup()
                        while len(server.requests_to("POST", MESSAGES, status=200)) < n:
                            await asyncio.sleep(0.05)
                            if time.monotonic() - due_at > n / 50 * 3 + 30:
                                raise SystemExit("digests are not arriving; giving up")
                        last = max(r.at for r in server.requests_to("POST", MESSAGES, status=200))
                        await _wait_recorded(db, n)
                        rows = [d for s in await subscriptions.all_subscriptions(db)
                                for d in await deliveries.history(db, s.id)]
                    per_channel = [len(server.driver.messages(str(c))) for c in channel_ids]
        if server.violations:
            raise SystemExit(f"spec violations: {[str(v) for v in server.violations[:5]]}")
    took = last - due_at
    bound = n / 50
    return {
        "n": n, "seconds": took, "bound": bound, "ratio": took / bound,
        "twice": sum(c > 1 for c in per_channel), "missing": sum(c == 0 for c in per_channel),
        "sent_rows": sum(r.state == "sent" for r in rows), "rows": len(rows),
        "429": len(server.requests_to(status=429)), "hits": len(server.ratelimits.hits),
    }


async def _wait_recorded(db: Database, n: int) -> None:
    for _ in range(600):
        if not await deliveries.open_deliveries(db):
            return
        await asyncio.sleep(0.05)


def report(figures: dict[str, float]) -> None:
    ok = figures["twice"] == 0 and figures["missing"] == 0 and figures["sent_rows"] == figures["n"]
    print(f"digest fan-out: {figures['n']:.0f} subscriptions due at one minute, delivered in "
          f"{figures['seconds']:.1f} s; rate-limit bound N/50 = {figures['bound']:.1f} s; "
          f"ratio {figures['ratio']:.2f} (target <= 1.10)")
    print(f"  delivered once each: {'yes' if ok else 'NO'} ({figures['missing']:.0f} missing, "
          f"{figures['twice']:.0f} twice, {figures['sent_rows']:.0f}/{figures['rows']:.0f} delivery records sent); "
          f"429 responses: {figures['429']:.0f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.digest", description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    args = parser.parse_args([] if argv is None else argv)
    report(asyncio.run(run(args.n, args.database_url)))


if __name__ == "__main__":
    main(sys.argv[1:])
