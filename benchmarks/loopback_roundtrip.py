"""Round trips of the minimal bot against the loopback Discord.

Prints the time from ``client.start()`` to READY, and the median and p99 of a slash
command's round trip (INTERACTION_CREATE over the gateway, the bot's callback over REST)
for N invocations. Standalone: ``python benchmarks/loopback_roundtrip.py [N]``.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.discord_harness.minimal_bot import make_bot
from tests.loopback_discord import LoopbackDiscord, running_bot


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = max(0, math.ceil(fraction * len(sorted_values)) - 1)
    return sorted_values[index]


async def main(n: int) -> None:
    async with LoopbackDiscord() as server:
        bot = make_bot()
        async with running_bot(bot, server) as running:
            ready = running.ready_seconds
            await server.driver.wait_for_commands()
            for _ in range(10):  # warm-up, not measured
                await server.driver.invoke("/ping")
            times = []
            for _ in range(n):
                start = time.perf_counter()
                reply = await server.driver.invoke("/ping")
                times.append(time.perf_counter() - start)
                if reply.content != "pong":
                    raise SystemExit(f"unexpected reply {reply.content!r}")
        if server.violations:
            raise SystemExit(f"spec violations: {[str(v) for v in server.violations]}")
    times.sort()
    print(f"client start to READY: {ready * 1000:.1f} ms (guild_ready_timeout {bot._connection.guild_ready_timeout * 1000:.0f} ms)")
    print(f"slash command round trip over loopback, N={n}:")
    print(f"  median {statistics.median(times) * 1000:.2f} ms")
    print(f"  p99    {percentile(times, 0.99) * 1000:.2f} ms")
    print(f"  min    {times[0] * 1000:.2f} ms, max {times[-1] * 1000:.2f} ms")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
