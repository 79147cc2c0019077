"""Reading article files: bytes → checked UTF-8 text, optional YAML front matter, metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.files import LINK_REASON, is_link, is_regular, read_regular
from bot.engine.frontmatter import FrontMatter, capped, clip, read_front_matter
from bot.engine.problems import Problem, SourceError

ARTICLE_SUFFIXES = (".md", ".txt", ".markdown")
MAX_SOURCE_BYTES = 512 * 1024  # an article; per-article work is bounded by it (README, "Limits")
FRONT_KEYS = {"title", "source", "outlet", "url", "published"}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z ]*)?\Z")
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
    return seed_files(seeds_dir)[0]


def seed_files(seeds_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The article files in seeds/ by name, and a problem for each symbolic link among them."""
    if not seeds_dir.is_dir():
        return [], []
    # By name (what sorting the paths of one folder compares), without a stat per file.
    names, links = [], []
    try:
        with os.scandir(seeds_dir) as entries:
            for e in entries:
                if _suffix(e.name).lower() not in ARTICLE_SUFFIXES:
                    continue
                if is_link(e):
                    links.append(e.name)
                elif is_regular(e):
                    names.append(e.name)
    except OSError as exc:
        return [], [Problem(str(seeds_dir), 1, f"cannot read folder: {exc.strerror or exc}")]
    problems = [Problem(str(seeds_dir / name), 1, LINK_REASON) for name in sorted(links)]
    return [seeds_dir / name for name in sorted(names)], problems


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
    """An article file's bytes, if it is a regular file that can be read and is not too large."""
    return read_regular(path, display or str(path), MAX_SOURCE_BYTES)


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

    fields: dict[str, tuple[str | None, int]] = {}
    warnings: list[Problem] = []
    body, offset = text, 0
    match = _FENCE.match(text)
    if text.startswith("---\n") and not match:
        raise SourceError(Problem(name, 1, "front matter opened with '---' is never closed"))
    if match:
        front = read_front_matter(match.group(1), name)
        warnings.extend(capped(front.warnings))
        fields = _known_fields(front, name, warnings)
        offset = match.end()
        body = text[offset:]
    body_line = text[:offset].count("\n") + 1
    if not body.strip():
        raise SourceError(Problem(name, body_line, "no article text after the front matter"))

    title = _text(fields, "title")
    if not match:
        warnings.append(
            Problem(name, 1, "no front matter: title taken from the first line, date unknown", False)
        )
    if not title:
        title = _first_line_title(body)
    return RawSource(
        id=source_id,
        path=path or Path(name),
        text=body,
        body_offset=offset,
        body_line=body_line,
        title=title,
        outlet=_text(fields, "source") or _text(fields, "outlet"),
        url=_text(fields, "url"),
        published=_date_field(fields, name, warnings),
        content_hash=content_hash(data),
        warnings=tuple(warnings),
    )


def _known_fields(front: FrontMatter, name: str, warnings: list[Problem]) -> dict[str, tuple[str | None, int]]:
    """The known keys (in any case); unknown keys in one warning, a list as a known key's value in another."""
    fields: dict[str, tuple[str | None, int]] = {}
    unknown: list[tuple[int, str]] = []
    for key, (value, line) in front.fields.items():
        if key.lower() in FRONT_KEYS:
            fields[key.lower()] = (value, line)
        else:
            unknown.append((line, key))
    for key, line in front.nested.items():
        if key.lower() in FRONT_KEYS:
            warnings.append(Problem(name, line, f"front matter: {clip(key)} must be text, not a list or mapping; ignored", False))
        else:
            unknown.append((line, key))
    if unknown:
        unknown.sort()
        shown = ", ".join(clip(k) for _, k in unknown[:3]) + (f" and {len(unknown) - 3} more" if len(unknown) > 3 else "")
        known = ", ".join(sorted(FRONT_KEYS))
        s = "s" if len(unknown) > 1 else ""
        warnings.append(Problem(name, unknown[0][0], f"front matter: unknown key{s} {shown} ignored (known: {known})", False))
    return fields


def _text(fields: dict[str, tuple[str | None, int]], key: str) -> str | None:
    value = fields.get(key, (None, 0))[0]
    return value.strip() or None if value is not None else None


def _date_field(fields: dict[str, tuple[str | None, int]], name: str, warnings: list[Problem]) -> dt.date | None:
    value, line = fields.get("published", (None, 0))
    if value is None or not value.strip():
        return None
    m = _DATE.match(value.strip())
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    warnings.append(
        Problem(name, line, f"front matter: published is not a date as YYYY-MM-DD ({clip(value.strip())}); the date is unknown", False)
    )
    return None


def _first_line_title(body: str) -> str:
    for line in body.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return "(untitled)"
