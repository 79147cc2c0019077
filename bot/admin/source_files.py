"""Moving a source (its article and its summary) to the removed folder and back, undoably.

Nothing is deleted: a removed source keeps its summary, reviewed or not, so restoring it
gives back exactly the briefing there was before.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bot.admin.errors import SourceFileError
from bot.engine.sources import ARTICLE_SUFFIXES
from bot.engine.store import summary_path

SUPERSEDED = ".superseded"  # earlier removed copies of an id that was removed again
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


@dataclass
class Moves:
    """The renames one action made, in order, so that it can be undone when the reload fails."""

    done: list[tuple[Path, Path]] = field(default_factory=list)

    def move(self, src: Path, dst: Path) -> None:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(src, dst)
        self.done.append((src, dst))

    def undo(self) -> None:
        for src, dst in reversed(self.done):
            shutil.move(dst, src)
        self.done.clear()


def check_id(source_id: str) -> str:
    source_id = source_id.strip()
    for suffix in ARTICLE_SUFFIXES:  # people paste the file name
        source_id = source_id.removesuffix(suffix)
    if not _ID.match(source_id):
        raise SourceFileError(
            "A source id is the file name without its extension: letters, digits, '.', '-' and '_'."
        )
    return source_id


def article_file(folder: Path, source_id: str) -> Path | None:
    for suffix in ARTICLE_SUFFIXES:
        path = folder / f"{source_id}{suffix}"
        if path.is_file():
            return path
    return None


def removed_ids(removed: Path) -> list[str]:
    if not removed.is_dir():
        return []
    return sorted(p.stem for p in removed.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def remove(seeds: Path, summaries: Path, removed: Path, source_id: str, now: dt.datetime) -> Moves:
    """Move the article and its summary into `removed`; an older removed copy is kept aside."""
    source_id = check_id(source_id)
    article = article_file(seeds, source_id)
    if article is None:
        raise SourceFileError(f"There is no source `{source_id}`; /sources lists their ids.")
    moves = Moves()
    try:
        stamp = now.strftime("%Y%m%dT%H%M%S")
        for old in _copies(removed, source_id):
            moves.move(old, removed / SUPERSEDED / f"{old.stem}.{stamp}{old.suffix}")
        moves.move(article, removed / article.name)
        summary = summary_path(summaries, source_id)
        if summary.is_file():
            moves.move(summary, removed / summary.name)
    except OSError as exc:
        moves.undo()
        raise SourceFileError(f"Could not move the files: {exc.strerror or exc}.") from exc
    return moves


def restore(seeds: Path, summaries: Path, removed: Path, source_id: str) -> Moves:
    """Move a removed article (and its summary, unless one is already in place) back."""
    source_id = check_id(source_id)
    if article_file(seeds, source_id) is not None:
        raise SourceFileError(f"`{source_id}` is already a source; there is nothing to restore.")
    article = article_file(removed, source_id)
    if article is None:
        raise SourceFileError(f"There is no removed source `{source_id}`.")
    moves = Moves()
    try:
        moves.move(article, seeds / article.name)
        summary = summary_path(removed, source_id)
        if summary.is_file() and not summary_path(summaries, source_id).exists():
            moves.move(summary, summary_path(summaries, source_id))
    except OSError as exc:
        moves.undo()
        raise SourceFileError(f"Could not move the files: {exc.strerror or exc}.") from exc
    return moves


def _copies(removed: Path, source_id: str) -> list[Path]:
    candidates = [removed / f"{source_id}{s}" for s in (*ARTICLE_SUFFIXES, ".json")]
    return [p for p in candidates if p.is_file()]


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text` in one step, so a reload never reads half an article."""
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")  # not an article suffix: never read as a source
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
