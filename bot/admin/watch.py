"""Optional: reload when article files in seeds/ change (setting `sources.watch`, off by default)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import watchfiles

from bot.engine.sources import ARTICLE_SUFFIXES

log = logging.getLogger(__name__)
WATCHED_NAMES = ("actors.toml",)
DEBOUNCE_MS = 500  # an editor's save is often several writes; wait for the last of them


def relevant(change: watchfiles.Change, path: str) -> bool:
    name = Path(path).name
    if name.startswith("."):  # temporary files of editors and of our own atomic writes
        return False
    return name in WATCHED_NAMES or Path(name).suffix.lower() in ARTICLE_SUFFIXES


async def watch_seeds(seeds: Path, on_change: Callable[[], Awaitable[None]], *, stop: asyncio.Event,
                      debounce_ms: int = DEBOUNCE_MS) -> None:
    """Call `on_change` after each settled batch of changes until `stop` is set."""
    if not await asyncio.to_thread(seeds.is_dir):
        log.warning("not watching %s: no such folder", seeds)
        return
    log.info("watching %s for changes", seeds)
    async for changes in watchfiles.awatch(seeds, watch_filter=relevant, stop_event=stop,
                                           debounce=debounce_ms, recursive=False):
        log.info("seeds changed (%d files); reloading", len(changes))
        await on_change()
