"""Admin actions on the sources: reload, add, remove, restore — each all or nothing.

Every action changes files and then reloads. When the reload keeps the previous briefing
(something fatal), the action's own file changes are undone, so the files on disk and the
briefing being served always agree.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.admin import source_files
from bot.admin.diff import BriefingDiff, diff_briefings
from bot.admin.errors import AdminError
from bot.admin.extract import Article, extract_article, seed_text, source_id
from bot.admin.fetch import fetch_page
from bot.engine.models import Briefing
from bot.engine.problems import Problem
from bot.engine.store import summary_path
from bot.runtime import ReloadOutcome, Runtime

log = logging.getLogger(__name__)


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

    @property
    def seeds(self) -> Path:
        return self.runtime.briefings.seeds

    @property
    def summaries(self) -> Path:
        return self.runtime.briefings.summaries

    @property
    def removed(self) -> Path:
        return self.runtime.settings.paths.removed

    async def reload(self) -> ActionResult:
        async with self._lock:
            return _result(await self.runtime.briefings.reload())

    async def add(self, url: str) -> ActionResult:
        settings = self.runtime.settings.sources
        page = await fetch_page(url, timeout=settings.fetch_timeout, max_bytes=settings.max_bytes,
                                allow_private=settings.allow_private_addresses)
        article = await asyncio.to_thread(extract_article, page)  # parsing HTML is CPU work
        text = seed_text(article)
        sid = source_id(article)
        async with self._lock:
            self._refuse_duplicate(sid, article.url)
            path = self.seeds / f"{sid}.md"
            summary = summary_path(self.summaries, sid)
            had_summary = summary.exists()
            try:
                source_files.write_new(path, text)
            except OSError as exc:
                raise AdminError(f"Could not write {path.name}: {exc.strerror or exc}.") from exc
            outcome = None
            try:
                outcome = await self.runtime.briefings.reload()
            finally:
                if outcome is None or not outcome.ok:
                    path.unlink(missing_ok=True)
                    if not had_summary:
                        summary.unlink(missing_ok=True)
            return _result(outcome, target=sid, article=article)

    async def remove(self, sid: str) -> ActionResult:
        async with self._lock:
            moves = source_files.remove(self.seeds, self.summaries, self.removed, sid, self.runtime.clock())
            return await self._reload_or_undo(moves, source_files.check_id(sid))

    async def restore(self, sid: str) -> ActionResult:
        async with self._lock:
            moves = source_files.restore(self.seeds, self.summaries, self.removed, sid)
            return await self._reload_or_undo(moves, source_files.check_id(sid))

    async def _reload_or_undo(self, moves: source_files.Moves, sid: str) -> ActionResult:
        try:
            outcome = await self.runtime.briefings.reload()
        except BaseException:
            moves.undo()
            raise
        if not outcome.ok:
            moves.undo()
        return _result(outcome, target=sid)

    def _refuse_duplicate(self, sid: str, url: str) -> None:
        if source_files.article_file(self.seeds, sid) is not None:
            raise AdminError(f"That page is already a source: `{sid}`.")
        if source_files.article_file(self.removed, sid) is not None:
            raise AdminError(f"That page was removed earlier; bring it back with `/source restore id:{sid}`.")
        same = next((s for s in self.runtime.briefings.current.sources if s.url == url), None)
        if same is not None:
            raise AdminError(f"That address is already a source: `{same.id}`.")


def _result(outcome: ReloadOutcome, *, target: str = "", article: Article | None = None) -> ActionResult:
    for problem in outcome.problems:
        (log.warning if problem.fatal else log.info)("reload: %s", problem)
    return ActionResult(
        ok=outcome.ok,
        briefing=outcome.current,
        diff=diff_briefings(outcome.previous, outcome.current),
        problems=tuple(sorted(outcome.problems, key=lambda p: (not p.fatal, p.file, p.line, p.reason))),
        summarized=tuple(outcome.result.summarized),
        target=target,
        article=article,
    )
