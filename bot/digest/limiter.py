"""Pacing for many digests due at once, so a fan-out stays under Discord's global limit.

discord.py waits out 429s it has been told about, but it learns the global limit only by
hitting it: a thousand digests started together would meet a wall of 429s. A sliding
window guarantees what Discord's fixed one-second window needs: no more than `limit`
requests in any `per` seconds.
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable, MutableMapping
from typing import Any

# Discord allows 50 requests per second per bot; the slack absorbs jitter between our
# clock and Discord's, and a little of the bot's other traffic.
DISCORD_GLOBAL = (50, 1.05)


class SlidingWindow:
    def __init__(self, limit: int, per: float, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        if limit < 1 or per <= 0:
            raise ValueError("a rate needs a positive limit and period")
        self.limit = limit
        self.per = per
        self._now = monotonic
        self._sent: collections.deque[float] = collections.deque()
        # Served in arrival order, so no digest waits forever behind later ones.
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._now()
                while self._sent and now - self._sent[0] >= self.per:
                    self._sent.popleft()
                if len(self._sent) < self.limit:
                    self._sent.append(now)
                    return
                await asyncio.sleep(self._sent[0] + self.per - now)


def shared(services: MutableMapping[str, Any], key: str = "discord.pacing") -> SlidingWindow:
    """The one window every kind of post the bot makes on its own (digests, updates) shares:
    Discord's global limit counts them together."""
    window = services.get(key)
    if window is None:
        window = services[key] = SlidingWindow(*DISCORD_GLOBAL)
    return window
