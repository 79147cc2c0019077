"""seeds/actors.toml: known people and organizations, checked by a model, errors as file:line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.engine.files import read_regular
from bot.engine.models import Actor, ActorKind
from bot.engine.problems import Problem, SourceError
from bot.engine.text import slug

MAX_ACTORS_BYTES = 1024 * 1024
_Text = Field(min_length=1, max_length=300)


def _named(value: str) -> str:
    """A name or alias has letters: "!!!" or "a" would match words that name nobody."""
    if sum(c.isalpha() for c in value) < 2:
        raise ValueError(f"{value.strip()!r} is not a name (it needs at least two letters)")
    return value


class ActorEntry(BaseModel):
    """One [[actor]] table. Strict: `aliases = "Erdogan"` is not a list of one-letter aliases."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | None = Field(default=None, min_length=1, max_length=100)
    name: str = _Text
    kind: ActorKind = "person"
    aliases: list[str] = []
    role: str | None = Field(default=None, min_length=1, max_length=300)

    _name = field_validator("name")(classmethod(lambda cls, v: _named(v)))

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, values: list[str]) -> list[str]:
        for value in values:
            _named(value)
        return values


class ActorsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    actor: list[ActorEntry] = []


def load_known_actors(path: Path) -> tuple[Actor, ...]:
    """The file's actors; () when there is none. SourceError with `file:line: reason` otherwise."""
    name = str(path)
    if not path.is_symlink() and not path.exists():
        return ()
    data = read_regular(path, name, MAX_ACTORS_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(Problem(name, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})")) from exc
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(Problem(name, _toml_line(exc), f"not valid TOML: {exc}")) from exc
    except RecursionError as exc:
        raise SourceError(Problem(name, 1, "not valid TOML: nested too deeply")) from exc
    try:
        parsed = ActorsFile.model_validate(table)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        where = _describe(loc)
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        message = str(err["msg"]).removeprefix("Value error, ")
        raise SourceError(Problem(name, _line_of(text, loc), f"{where}: {message}{more}")) from exc
    seen: set[str] = set()
    for index, entry in enumerate(parsed.actor):
        key = entry.id or slug(entry.name)
        if key in seen:
            raise SourceError(Problem(name, _line_of(text, ("actor", index, "id" if entry.id else "name")),
                                      f"actor #{index + 1}: the id {key!r} is another actor's too: give each its own id"))
        seen.add(key)
    return tuple(
        Actor(
            id=entry.id or slug(entry.name),
            name=entry.name,
            kind=entry.kind,
            aliases=tuple(a for a in entry.aliases if a.strip()),
            role=entry.role,
        )
        for entry in parsed.actor
    )


def _describe(loc: tuple) -> str:
    """('actor', 0, 'aliases', 2) → 'actor #1: aliases #3'."""
    parts: list[str] = []
    for x in loc:
        if isinstance(x, int) and parts:
            parts[-1] += f" #{x + 1}"
        else:
            parts.append(str(x))
    return ": ".join(parts) or "(file)"


def _line_of(text: str, loc: tuple) -> int:
    """The line of the key an error is about: in the n-th [[actor]] table when it is in one."""
    top = str(loc[0]) if loc else ""
    table = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    key = str(loc[2]) if table is not None and len(loc) > 2 else None
    seen, in_table, header = -1, False, None
    for n, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.replace(" ", "") == f"[[{top}]]"
            if in_table:
                seen += 1
                if seen == table:
                    header = n
            continue
        if table is None and not in_table and _assigns(stripped, top):
            return n
        if seen == table and in_table and key is not None and _assigns(stripped, key):
            return n
    if header is not None:
        return header
    for n, line in enumerate(text.split("\n"), start=1):
        if _assigns(line.strip(), top):
            return n
    return 1


def _assigns(line: str, key: str) -> bool:
    return re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", line) is not None


def _toml_line(exc: Exception) -> int:
    m = re.search(r"line (\d+)", str(exc))
    return getattr(exc, "lineno", None) or (int(m.group(1)) if m else 1)
