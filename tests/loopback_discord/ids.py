"""Snowflake ids and tokens shaped like Discord's."""

from __future__ import annotations

import itertools
import secrets
import time

DISCORD_EPOCH_MS = 1420070400000


class SnowflakeFactory:
    """Makes increasing snowflakes: 42 bits of milliseconds since 2015, worker, process, counter."""

    def __init__(self, worker: int = 1, process: int = 0) -> None:
        self._worker = worker & 0x1F
        self._process = process & 0x1F
        self._counter = itertools.count()
        self._last = 0

    def next(self) -> str:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = (ms << 22) | (self._worker << 17) | (self._process << 12) | (next(self._counter) & 0xFFF)
        # Keep ids strictly increasing even when the counter wraps within one millisecond.
        value = max(value, self._last + 1)
        self._last = value
        return str(value)


def interaction_token() -> str:
    """An interaction token of the length Discord uses (opaque, url-safe)."""
    return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(120)


def webhook_token() -> str:
    return secrets.token_urlsafe(51)


def session_id() -> str:
    return secrets.token_hex(16)


def iso_timestamp(ts: float | None = None) -> str:
    """An ISO 8601 timestamp with microseconds and +00:00, as Discord writes them."""
    from datetime import UTC, datetime

    moment = datetime.fromtimestamp(time.time() if ts is None else ts, tz=UTC)
    return moment.isoformat(timespec="microseconds")
