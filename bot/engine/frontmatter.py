"""Front matter as people write it: YAML when it is YAML, plain `key: value` lines when it is not.

Only flat `key: text` pairs are wanted, so the YAML is read as a stream of events (never built
into objects): anchors and aliases are refused before anything is expanded, nesting is bounded
before the parser sees it (the pure-Python scanner is quadratic in flow nesting), and every
scalar stays text (dates are parsed here, so an impossible date is a warning, not an error).
A header that is not such YAML (`title: A: B`) is read line by line, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from bot.engine.problems import Problem

MAX_FRONT_MATTER_BYTES = 16 * 1024
MAX_NESTING = 4
MAX_WARNINGS = 8
FIRST_LINE = 2  # the block starts after the opening `---`
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_PLAIN_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")


@dataclass
class FrontMatter:
    fields: dict[str, tuple[str | None, int]] = field(default_factory=dict)  # key → (text, line)
    nested: dict[str, int] = field(default_factory=dict)  # key → line, for lists and mappings
    warnings: list[Problem] = field(default_factory=list)


class _NotFlatYaml(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def clip(value: object, limit: int = 40) -> str:
    """A value as it may be quoted in a message: never the whole of a hostile one."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def read_front_matter(block: str, name: str) -> FrontMatter:
    size = len(block.encode("utf-8", "surrogatepass"))
    try:
        if size > MAX_FRONT_MATTER_BYTES:
            raise _NotFlatYaml(FIRST_LINE, f"{size:,} bytes, more than the {MAX_FRONT_MATTER_BYTES:,} bytes read as YAML")
        out = _yaml(block)
    except _NotFlatYaml as exc:
        out = _plain_lines(block, name)
        note = f"front matter: {exc.reason}; read as plain key: value lines"
        out.warnings.insert(0, Problem(name, exc.line, note, False))
    return out


def capped(warnings: list[Problem]) -> list[Problem]:
    """At most MAX_WARNINGS for one file: the rest are counted, not listed."""
    if len(warnings) <= MAX_WARNINGS:
        return warnings
    rest = warnings[MAX_WARNINGS - 1]
    more = len(warnings) - MAX_WARNINGS + 1
    return [*warnings[: MAX_WARNINGS - 1], Problem(rest.file, rest.line, f"{more} more problems like these", False)]


def _yaml(block: str) -> FrontMatter:
    _check_nesting(block)
    out = FrontMatter()
    depth = 0
    key: tuple[str, int] | None = None
    nested_key: tuple[str, int] | None = None
    try:
        for event in yaml.parse(block, Loader=_Loader):
            line = event.start_mark.line + FIRST_LINE if event.start_mark else FIRST_LINE
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _NotFlatYaml(line, "YAML anchors and aliases are not allowed")
            if isinstance(event, yaml.StreamStartEvent | yaml.StreamEndEvent | yaml.DocumentStartEvent
                          | yaml.DocumentEndEvent):
                continue
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise _NotFlatYaml(line, f"nested more than {MAX_NESTING} levels")
                if depth == 1:
                    if not isinstance(event, yaml.MappingStartEvent):
                        raise _NotFlatYaml(line, "not a mapping of key: value lines")
                elif depth == 2:
                    if key is None:
                        raise _NotFlatYaml(line, "a key that is not text")
                    nested_key, key = key, None
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                if depth == 1 and nested_key is not None:
                    out.nested[nested_key[0]] = nested_key[1]
                    nested_key = None
                continue
            if not isinstance(event, yaml.ScalarEvent):
                continue
            if depth == 0:
                if event.value.strip():
                    raise _NotFlatYaml(line, "not a mapping of key: value lines")
            elif depth == 1 and key is None:
                key = (event.value, line)
            elif depth == 1:
                plain_null = event.style is None and event.value in _NULLS
                out.fields[key[0]] = (None if plain_null else event.value, key[1])
                key = None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + FIRST_LINE if mark is not None else FIRST_LINE
        raise _NotFlatYaml(line, f"not valid YAML ({getattr(exc, 'problem', None) or 'unreadable'})") from exc
    return out


def _check_nesting(block: str) -> None:
    """Brackets nested deeper than allowed, found before the parser walks them."""
    depth = 0
    for n, ch in enumerate(block):
        if ch in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line = block.count("\n", 0, n) + FIRST_LINE
                raise _NotFlatYaml(line, f"nested more than {MAX_NESTING} levels")
        elif ch in "]}":
            depth = max(depth - 1, 0)


def _plain_lines(block: str, name: str) -> FrontMatter:
    out = FrontMatter()
    last: str | None = None
    for line_no, line in enumerate(block.split("\n"), start=FIRST_LINE):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _PLAIN_LINE.match(line)
        if m:
            value = _unquote((m.group(2) or "").strip())
            last = m.group(1)
            out.fields[last] = (value or None, line_no)
        elif line[:1] in " \t" and last is not None:  # a value continued on an indented line
            text, at = out.fields[last]
            out.fields[last] = (f"{text} {stripped}" if text else stripped, at)
        else:
            out.warnings.append(Problem(name, line_no, "front matter: not a key: value line; ignored", False))
    return out


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value
