"""Admin actions on the sources: reload, add, remove, restore — each all or nothing.

Every action changes files and then reloads. When the reload keeps the previous briefing
(something fatal), the action's own file changes are undone, so the files on disk and the
briefing being served always agree.

File work and the diff of two briefings (10,000 sources each, possibly) run in worker threads,
so commands keep being answered meanwhile; one lock still runs the actions one at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bot.admin import source_files
from bot.admin.diff import BriefingDiff, diff_briefings
from bot.admin.errors import AdminError
from bot.admin.extract import Article, extract_article, require_extractor, seed_text, source_id
from bot.admin.fetch import fetch_page
from bot.engine.briefing import BuildResult
from bot.engine.models import Briefing
from bot.engine.problems import Problem
from bot.engine.store import summary_path
from bot.runtime import ReloadOutcome, Runtime

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class ActionResult:
    """What an action did. `ok` False: nothing changed and `problems` says why."""

    ok: bool
    briefing: Briefing  # the one served after the action
    diff: BriefingDiff
    problems: tuple[Problem, ...]
    summarized: tuple[str, ...] = ()
    target: str = ""  # the source id acted on
    article: Article | None = field(default=None, compare=False)

    @property
    def fatal(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.fatal)


class SourceAdmin:
    """One per running bot; actions run one at a time so that each one's undo stays valid."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._lock = asyncio.Lock()
        self._removed_ids: tuple[str, ...] | None = None  # read on first use, refreshed by the actions

    @property
    def seeds(self) -> Path:
        return self.runtime.briefings.seeds

    @property
    def summaries(self) -> Path:
        return self.runtime.briefings.summaries

    @property
    def removed(self) -> Path:
        return self.runtime.settings.paths.removed

    async def removed_ids(self) -> tuple[str, ...]:
        """The ids in the removed folder, for /source restore's suggestions: one listing, not one a keystroke."""
        if self._removed_ids is None:
            ids = await self._list_removed()
            if self._removed_ids is None:  # an action may have refreshed the list meanwhile
                self._removed_ids = ids
            return ids
        return self._removed_ids

    async def reload(self) -> ActionResult:
        async with self._lock:
            outcome = await self.runtime.briefings.reload()
            # A reload is how an admin makes the bot see files moved by hand, the removed folder's included.
            self._removed_ids = await self._list_removed()
        return await _result(outcome)

    async def add(self, url: str) -> ActionResult:
        require_extractor()  # before fetching anything
        settings = self.runtime.settings.sources
        page = await fetch_page(url, timeout=settings.fetch_timeout, max_bytes=settings.max_bytes,
                                allow_private=settings.allow_private_addresses)
        article = await asyncio.to_thread(extract_article, page)  # parsing HTML is CPU work
        text = seed_text(article)
        sid = source_id(article)
        async with self._lock:
            briefing = self.runtime.briefings.current
            await asyncio.to_thread(self._refuse_duplicate, briefing, sid, article.url)
            path = self.seeds / f"{sid}.md"
            summary = summary_path(self.summaries, sid)
            had_summary = await _to_thread_to_the_end(
                _write_article, path, summary, text, undo=lambda had: _unwrite_article(path, summary, had))
            outcome = None
            try:
                outcome = await self.runtime.briefings.reload()
            finally:
                if outcome is None or not outcome.ok:
                    await _to_thread_to_the_end(_unwrite_article, path, summary, had_summary)
        return await _result(outcome, target=sid, article=article)

    async def add_articles(self, articles: Sequence[Article]) -> tuple[ActionResult, dict[str, str], dict[str, str]]:
        """Several fetched articles in one reload (the feeds' way), all or nothing. By article
        address: the source id of each one written, and why each other one was not."""
        written: dict[str, str] = {}
        refused: dict[str, str] = {}
        files: list[tuple[Path, Path, str]] = []
        async with self._lock:
            briefing = self.runtime.briefings.current
            for article in articles:
                sid = source_id(article)
                try:
                    text = seed_text(article)
                    await asyncio.to_thread(self._refuse_duplicate, briefing, sid, article.url)
                    if any(sid == other for other in written.values()):
                        raise AdminError(f"That page is already a source: `{sid}`.")
                except AdminError as exc:
                    refused[article.url] = exc.message
                    continue
                written[article.url] = sid
                files.append((self.seeds / f"{sid}.md", summary_path(self.summaries, sid), text))
            if not files:
                return await _result(await self._unchanged()), written, refused
            had = await _to_thread_to_the_end(_write_articles, files, undo=lambda had: _unwrite_articles(files, had))
            outcome = None
            try:
                outcome = await self.runtime.briefings.reload()
            finally:
                if outcome is None or not outcome.ok:
                    await _to_thread_to_the_end(_unwrite_articles, files, had)
        return await _result(outcome), written, refused

    async def _unchanged(self) -> ReloadOutcome:
        briefing = self.runtime.briefings.current
        return ReloadOutcome(True, (), briefing, briefing, BuildResult(briefing))

    async def remove(self, sid: str) -> ActionResult:
        async with self._lock:
            moves = await _to_thread_to_the_end(
                source_files.remove, self.seeds, self.summaries, self.removed, sid, self.runtime.clock(),
                undo=source_files.Moves.undo)
            outcome = await self._reload_or_undo(moves)
        return await _result(outcome, target=source_files.check_id(sid))

    async def restore(self, sid: str) -> ActionResult:
        async with self._lock:
            moves = await _to_thread_to_the_end(
                source_files.restore, self.seeds, self.summaries, self.removed, sid, undo=source_files.Moves.undo)
            outcome = await self._reload_or_undo(moves)
        return await _result(outcome, target=source_files.check_id(sid))

    async def _reload_or_undo(self, moves: source_files.Moves) -> ReloadOutcome:
        """Under the lock: reload, undo the moves unless the new briefing was swapped in, list the removed ids."""
        try:
            try:
                outcome = await self.runtime.briefings.reload()
            except BaseException:
                await _to_thread_to_the_end(moves.undo)
                raise
            if not outcome.ok:
                await _to_thread_to_the_end(moves.undo)
        finally:
            self._removed_ids = None
        self._removed_ids = await self._list_removed()
        return outcome

    async def _list_removed(self) -> tuple[str, ...]:
        try:
            return tuple(await asyncio.to_thread(source_files.removed_ids, self.removed))
        except OSError as exc:
            log.warning("could not list the removed sources in %s: %s", self.removed, exc)
            return ()

    def _refuse_duplicate(self, briefing: Briefing, sid: str, url: str) -> None:
        """In a worker thread: the folders are asked about the id, the briefing's 10,000 sources about the URL."""
        if source_files.article_file(self.seeds, sid) is not None:
            raise AdminError(f"That page is already a source: `{sid}`.")
        if source_files.article_file(self.removed, sid) is not None:
            raise AdminError(f"That page was removed earlier; bring it back with `/source restore id:{sid}`.")
        same = next((s for s in briefing.sources if s.url == url), None)
        if same is not None:
            raise AdminError(f"That address is already a source: `{same.id}`.")


def _write_article(path: Path, summary: Path, text: str) -> bool:
    """Write the new article; whether a summary of that id was already there (an undo keeps it)."""
    had_summary = summary.exists()
    try:
        source_files.write_new(path, text)
    except OSError as exc:
        raise AdminError(f"Could not write {path.name}: {exc.strerror or exc}.") from exc
    return had_summary


def _unwrite_article(path: Path, summary: Path, had_summary: bool) -> None:
    path.unlink(missing_ok=True)
    if not had_summary:
        summary.unlink(missing_ok=True)


def _write_articles(files: list[tuple[Path, Path, str]]) -> list[bool]:
    """Write every article or none: a failure part-way removes the ones already written."""
    had: list[bool] = []
    try:
        for path, summary, text in files:
            had.append(_write_article(path, summary, text))
    except BaseException:
        _unwrite_articles(files[: len(had)], had)
        raise
    return had


def _unwrite_articles(files: list[tuple[Path, Path, str]], had: list[bool]) -> None:
    for (path, summary, _), had_summary in zip(files, had, strict=False):
        _unwrite_article(path, summary, had_summary)


async def _to_thread_to_the_end(fn: Callable[..., T], /, *args: Any, undo: Callable[[T], Any] | None = None) -> T:
    """`fn(*args)` in a worker thread, never abandoned half-way: when the calling task is cancelled
    meanwhile, the thread is waited for and what it did is undone with `undo(its result)`, before
    the cancellation goes on and the lock is released. All or nothing, as on the loop."""
    work = asyncio.ensure_future(asyncio.to_thread(fn, *args))
    try:
        return await asyncio.shield(work)
    except asyncio.CancelledError:
        await _wait_out(work)
        if undo is not None and not work.cancelled() and work.exception() is None:
            undoing = asyncio.ensure_future(asyncio.to_thread(undo, work.result()))
            await _wait_out(undoing)
            if undoing.exception() is not None:
                log.error("could not undo %s after a cancellation", getattr(fn, "__name__", fn),
                          exc_info=undoing.exception())
        raise


async def _wait_out(work: asyncio.Future[Any]) -> None:
    while not work.done():
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait([work])


async def _result(outcome: ReloadOutcome, *, target: str = "", article: Article | None = None) -> ActionResult:
    for problem in outcome.problems:
        (log.warning if problem.fatal else log.info)("reload: %s", problem)
    # Two briefings of 10,000 sources are compared in a worker thread: they are immutable, so no lock is needed.
    diff = await asyncio.to_thread(diff_briefings, outcome.previous, outcome.current)
    return ActionResult(
        ok=outcome.ok,
        briefing=outcome.current,
        diff=diff,
        problems=tuple(sorted(outcome.problems, key=lambda p: (not p.fatal, p.file, p.line, p.reason))),
        summarized=tuple(outcome.result.summarized),
        target=target,
        article=article,
    )
