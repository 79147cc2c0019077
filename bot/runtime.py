"""What the running bot owns: settings, the current briefing (swapped atomically), the database."""

from __future__ import annotations

import asyncio
import ctypes
import datetime as dt
import gc
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.engine import ask
from bot.engine.briefing import BuildCache, BuildResult, build
from bot.engine.models import Briefing
from bot.engine.problems import Problem
from bot.settings import Settings
from bot.story import Story

log = logging.getLogger(__name__)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ReloadOutcome:
    """What a reload did. `ok` is False when something fatal kept the previous briefing."""

    ok: bool
    problems: tuple[Problem, ...]
    previous: Briefing
    current: Briefing
    result: BuildResult


class BriefingStore:
    """Holds one immutable `Story`; a reload builds the next one aside and swaps it in one step.

    Readers take `store.story` once per command and use only that object, so a command that
    runs during a reload sees the old story or the new one, never a mix.
    """

    def __init__(self, seeds: Path, summaries: Path, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.seeds = seeds
        self.summaries = summaries
        self._clock = clock
        self._story = Story(Briefing())
        self._lock = asyncio.Lock()
        self.generation = 0
        self.refused = 0  # reloads that kept the previous briefing
        self.loaded_at: dt.datetime | None = None
        self._listeners: list[Callable[[ReloadOutcome], Any]] = []
        # What the last build read from each unchanged source: a reload reads only what changed.
        self._cache = BuildCache()
        self._collect_all_above = -1  # frozen objects (see _collect)

    @property
    def story(self) -> Story:
        return self._story

    @property
    def current(self) -> Briefing:
        return self._story.briefing

    def on_swap(self, listener: Callable[[ReloadOutcome], Any]) -> None:
        """Call `listener(outcome)` after every successful swap (digests, caches)."""
        self._listeners.append(listener)

    def _build(self, write: bool) -> tuple[BuildResult, Story]:
        """In the reload's worker thread: the briefing, and /ask's index ready before the swap."""
        result = build(self.seeds, self.summaries, write=write, cache=self._cache)
        if not result.fatal:
            ask.prepare(result.briefing)
        return result, Story(result.briefing)

    def _collect(self) -> None:
        """A story of 10,000 sources is millions of long-lived objects: scanning them in every
        full collection stalls commands for hundreds of milliseconds, so they are frozen (kept
        out of collections). After a swap only what is not frozen yet is collected (the new
        objects: milliseconds); the old story, frozen, is freed by reference counting. Only when
        the frozen objects grew by half (garbage in cycles, which only a full collection frees)
        is everything collected again (hundreds of milliseconds).
        """
        everything = gc.get_freeze_count() > self._collect_all_above
        if everything:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        if everything:
            self._collect_all_above = gc.get_freeze_count() * 3 // 2 + 100_000
        _return_freed_memory()

    async def reload(self, *, write: bool = True, keep_going: bool = False) -> ReloadOutcome:
        """Re-read seeds and summaries in a worker thread; swap only when nothing is fatal.

        `keep_going` (used on start, when there is nothing older to keep serving) swaps in
        whatever could be read and leaves the problems to be reported.
        """
        async with self._lock:
            previous = self.current
            result, story = await asyncio.to_thread(self._build, write)
            ok = not result.fatal
            if ok or keep_going:
                self._story = story
                self.generation += 1
                self.loaded_at = self._clock()
                self._collect()
            else:
                self.refused += 1
            outcome = ReloadOutcome(ok, tuple(result.problems), previous, self.current, result)
        if self.current is not previous:
            for listener in self._listeners:
                try:
                    maybe = listener(outcome)
                    if asyncio.iscoroutine(maybe):
                        await maybe
                except Exception:
                    log.exception("a reload listener failed")
        return outcome


def _return_freed_memory() -> None:
    """glibc keeps what a reload freed (the old briefing, the index's arrays) in its heap, and the
    resident size only grows from reload to reload; malloc_trim hands it back (a few ms)."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim if sys.platform == "linux" else False
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim: Any = None


@dataclass
class Runtime:
    settings: Settings
    briefings: BriefingStore
    db: Any = None
    clock: Callable[[], dt.datetime] = utc_now
    services: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, clock: Callable[[], dt.datetime] = utc_now) -> Runtime:
        store = BriefingStore(settings.paths.seeds, settings.paths.summaries, clock)
        return cls(settings=settings, briefings=store, clock=clock)
