"""`python -m bot feeds poll --once`: every feed polled now, one line per feed and per item."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
from pathlib import Path

from bot.admin.actions import SourceAdmin
from bot.answers.common import plural
from bot.db import Database, DatabaseUnavailable
from bot.feeds.poller import CycleReport, FeedPoller
from bot.feeds.store import FeedStore
from bot.pidfile import PID_FILE
from bot.runtime import Runtime
from bot.settings import Settings


async def poll_once(settings: Settings, out: object = print) -> int:
    """0 when at least one feed could be polled (or there are none to poll), 1 otherwise."""
    from bot.app import load_story

    runtime = Runtime.from_settings(settings)
    await load_story(runtime)
    try:
        async with Database.open(settings.database.url) as db:
            runtime.db = db
            store = FeedStore(db)
            await store.sync_config([(f.url, f.name, f.interval_minutes) for f in settings.feeds], runtime.clock())
            if not any(f.stopped_at is None for f in await store.feeds()):
                out("No feeds to poll: declare them as [[feeds]] in the config, or use /feed add.")
                return 0
            poller = FeedPoller(SourceAdmin(runtime), store, settings.feed_reader,
                                allow_private=settings.sources.allow_private_addresses)
            report = await poller.poll(everything=True)
    except DatabaseUnavailable as exc:
        out(f"Could not open the database: {exc}")
        return 1
    _print(report, out)
    if report.added:
        tell_running_bot(settings.paths.data, out)
    return 0 if any(": failed: " not in line for line in report.feeds) else 1


def _print(report: CycleReport, out: object) -> None:
    for line in report.feeds:
        out(line)  # type: ignore[operator]
    for item in report.items:
        out(str(item))  # type: ignore[operator]
    if report.added:
        out(f"{plural(len(report.added), 'source')} added and summarized.")  # type: ignore[operator]


def tell_running_bot(data: Path, out: object) -> None:
    """SIGHUP to the bot that wrote its pid file, so it reloads what this poll wrote. A pid file
    left by a bot that was killed may name another program now: SIGHUP would end most of them,
    so only a process that is this bot is signalled."""
    try:
        pid = int((data / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return
    if not is_the_bot(pid):
        out(f"{data / PID_FILE} names pid {pid}, which is not the bot: reload it yourself if it runs "  # type: ignore[operator]
            "(/reload, or kill -HUP its pid).")
        return
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        os.kill(pid, signal.SIGHUP)
        out(f"Asked the running bot (pid {pid}) to reload.")  # type: ignore[operator]


def is_the_bot(pid: int) -> bool:
    """Whether process `pid` runs this bot (`python -m bot run` or the `diplomacy-bot` script)."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False  # gone, or no /proc to tell: not signalled
    words = [a.decode(errors="replace") for a in args if a]
    module = any(a == "-m" and b == "bot" for a, b in itertools.pairwise(words))
    return (module or any(Path(w).name == "diplomacy-bot" for w in words)) and "run" in words
