"""Reading article files: bytes → checked UTF-8 text, optional YAML front matter, metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.engine.problems import Problem, SourceError

ARTICLE_SUFFIXES = (".md", ".txt", ".markdown")
MAX_SOURCE_BYTES = 2 * 1024 * 1024
FRONT_KEYS = {"title", "source", "outlet", "url", "published"}
_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


@dataclass(frozen=True)
class RawSource:
    id: str
    path: Path
    text: str  # the body, after the front matter
    body_offset: int  # characters of front matter before the body
    body_line: int  # 1-based line number where the body starts
    title: str
    outlet: str | None
    url: str | None
    published: dt.date | None
    content_hash: str
    warnings: tuple[Problem, ...] = field(default=())


def list_source_files(seeds_dir: Path) -> list[Path]:
    if not seeds_dir.is_dir():
        return []
    # By name (what sorting the paths of one folder compares), without a stat per file.
    with os.scandir(seeds_dir) as entries:
        names = sorted(
            e.name for e in entries if e.is_file() and _suffix(e.name).lower() in ARTICLE_SUFFIXES
        )
    return [seeds_dir / name for name in names]


def _suffix(name: str) -> str:
    """Path(name).suffix: "..md" has one, ".md" has none."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(path: Path, display: str | None = None) -> RawSource:
    """Read one article file. Raises SourceError with a `file:line: reason` problem."""
    name = display or str(path)
    return parse_source(read_source_bytes(path, name), path.stem, name, path)


def read_source_bytes(path: Path, display: str | None = None) -> bytes:
    """An article file's bytes, if it can be read and is not too large."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(
                Problem(name, 1, f"file is {size:,} bytes; the limit is {MAX_SOURCE_BYTES:,}")
            )
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(Problem(name, 1, f"cannot read file: {exc.strerror or exc}")) from exc


def parse_source(data: bytes, source_id: str, name: str, path: Path | None = None) -> RawSource:
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(
            Problem(name, 1, f"file is {len(data):,} bytes; the limit is {MAX_SOURCE_BYTES:,}")
        )
    if b"\x00" in data:
        raise SourceError(Problem(name, 1, "binary file (contains NUL bytes), not an article"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            Problem(name, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})")
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(Problem(name, 1, "empty file: no article text"))

    meta: dict[str, object] = {}
    warnings: list[Problem] = []
    body, offset = text, 0
    match = _FENCE.match(text)
    if text.startswith("---\n") and not match:
        raise SourceError(Problem(name, 1, "front matter opened with '---' is never closed"))
    if match:
        meta = _parse_front_matter(match.group(1), name)
        offset = match.end()
        body = text[offset:]
    body_line = text[:offset].count("\n") + 1
    if not body.strip():
        raise SourceError(Problem(name, body_line, "no article text after the front matter"))

    title = _text_field(meta, "title", name)
    if not match:
        warnings.append(
            Problem(name, 1, "no front matter: title taken from the first line, date unknown", False)
        )
    if not title:
        title = _first_line_title(body)
    published = _date_field(meta, name)
    return RawSource(
        id=source_id,
        path=path or Path(name),
        text=body,
        body_offset=offset,
        body_line=body_line,
        title=title,
        outlet=_text_field(meta, "source", name) or _text_field(meta, "outlet", name),
        url=_text_field(meta, "url", name),
        published=published,
        content_hash=content_hash(data),
        warnings=tuple(warnings),
    )


def _parse_front_matter(block: str, name: str) -> dict[str, object]:
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise SourceError(Problem(name, line, f"front matter: {problem}")) from exc
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise SourceError(Problem(name, 2, "front matter must be a mapping of key: value lines"))
    unknown = sorted(str(k) for k in meta if k not in FRONT_KEYS)
    if unknown:
        raise SourceError(
            Problem(
                name,
                _key_line(block, unknown[0]),
                f"front matter: unknown key {unknown[0]!r} (known: {', '.join(sorted(FRONT_KEYS))})",
            )
        )
    return meta


def _key_line(block: str, key: str) -> int:
    for i, line in enumerate(block.split("\n"), start=2):
        if line.lstrip().startswith(f"{key}:"):
            return i
    return 2


def _text_field(meta: dict[str, object], key: str, name: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise SourceError(Problem(name, 2, f"front matter: {key} must be text"))
    text = str(value).strip()
    return text or None


def _date_field(meta: dict[str, object], name: str) -> dt.date | None:
    value = meta.get("published")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise SourceError(
            Problem(name, 2, f"front matter: published must be a date as YYYY-MM-DD, not {value!r}")
        ) from exc


def _first_line_title(body: str) -> str:
    for line in body.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return "(untitled)"
