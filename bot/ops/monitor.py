"""What the bot knows about itself while it runs: uptime, gateway, recent failures, metrics.

One `Monitor` per running bot, kept in `runtime.services`; each has its own Prometheus
registry, so several bots in one process (the tests) never share counters.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from sqlalchemy import func, select

from bot.ops.logs import RecentFailures

if TYPE_CHECKING:
    from collections.abc import Iterator

    from prometheus_client.metrics_core import Metric

    from bot.runtime import Runtime

SERVICE = "ops.monitor"
# Seconds: slash commands answer in milliseconds; a reload or /source add may take seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
DIGEST_OUTCOMES = ("sent", "failed", "skipped", "missed")


class Monitor:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.started = time.monotonic()
        self.started_at = runtime.clock()
        self.gateway_connected = False
        self.failures = RecentFailures()
        self.registry = CollectorRegistry()
        self.commands = Counter(
            "bot_commands", "Slash commands answered, by command and outcome: ok, refused (a check or a "
            "wrong option: the member was told why), error (unexpected: logged with an error id)",
            ["command", "outcome"], registry=self.registry)
        self.latency = Histogram(
            "bot_command_seconds", "From receiving a slash command to the end of its answer",
            ["command"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.digests: dict[str, int] = {}
        self.registry.register(_StoryAndDigests(self))

    @property
    def uptime(self) -> float:
        return time.monotonic() - self.started

    def command_done(self, command: str, seconds: float | None, outcome: str) -> None:
        self.commands.labels(command, outcome).inc()
        if seconds is not None:
            self.latency.labels(command).observe(seconds)

    async def count_digests(self) -> None:
        """Digest runs finished since the start, by outcome, read from the database (where every
        run ends, whoever ran it: the schedule, a retry or /digest now)."""
        db = self.runtime.db
        if db is None:
            return
        from bot.db.digest_tables import DeliveryRow

        query = (select(DeliveryRow.state, func.count()).where(DeliveryRow.finished_at >= self.started_at)
                 .group_by(DeliveryRow.state))
        async with db.session() as session:
            self.digests = dict((await session.execute(query)).all())

    async def exposition(self, accept: str | None) -> tuple[bytes, str]:
        """(body, content type): the Prometheus text format, or OpenMetrics when the scraper asks for it."""
        await self.count_digests()
        encoder, content_type = choose_encoder(accept)
        return encoder(self.registry), content_type


class _StoryAndDigests:
    """Read at each scrape from what the bot holds, rather than counted twice."""

    def __init__(self, monitor: Monitor) -> None:
        self.monitor = monitor

    def describe(self) -> list[Metric]:
        return []

    def collect(self) -> Iterator[Metric]:
        store = self.monitor.runtime.briefings
        briefing = store.current
        story = GaugeMetricFamily("bot_story_items", "What the story being served holds", labels=["kind"])
        for kind, items in (("sources", briefing.sources), ("quotes", briefing.quotes), ("events", briefing.events)):
            story.add_metric([kind], len(items))
        yield story
        if store.loaded_at is not None:
            yield GaugeMetricFamily("bot_story_loaded_timestamp_seconds", "When the story being served was loaded",
                                    value=store.loaded_at.timestamp())
        reloads = CounterMetricFamily("bot_reloads", "Story reloads (the first load included), by outcome: "
                                      "ok (swapped in) or refused (a fatal problem kept the previous story)",
                                      labels=["outcome"])
        reloads.add_metric(["ok"], store.generation)
        reloads.add_metric(["refused"], store.refused)
        yield reloads
        digests = CounterMetricFamily("bot_digests", "Digest runs finished since the bot started, by outcome",
                                      labels=["outcome"])
        for outcome in DIGEST_OUTCOMES:
            digests.add_metric([outcome], self.monitor.digests.get(outcome, 0))
        yield digests


def monitor_of(runtime: Runtime) -> Monitor:
    found = runtime.services.get(SERVICE)
    if found is None:
        found = runtime.services[SERVICE] = Monitor(runtime)
    return found


def uptime_text(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"
