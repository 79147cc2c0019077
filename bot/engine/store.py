"""summaries/: one JSON file per source, written atomically, read back with clear errors."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from pydantic import ValidationError

from bot.engine.files import read_regular
from bot.engine.models import SourceSummary
from bot.engine.problems import Problem, SourceError
from bot.engine.sources import MAX_SOURCE_BYTES

SCHEMA_FILE = "summary.schema.json"
# A summary holds its article's sentences (at most MAX_SOURCE_BYTES) and the quotes, events
# and key points that cite them: up to 12 times the article in the worst cases of
# benchmarks/limits.py (a quotation in every sentence), so with a margin:
MAX_SUMMARY_BYTES = 32 * MAX_SOURCE_BYTES
_AT_LINE = re.compile(r" at line (\d+) column \d+")


def summary_path(summaries_dir: Path, source_id: str) -> Path:
    return summaries_dir / f"{source_id}.json"


def dump_summary(summary: SourceSummary) -> str:
    return summary.model_dump_json(indent=2) + "\n"


def write_summary(summaries_dir: Path, summary: SourceSummary) -> Path:
    path = summary_path(summaries_dir, summary.source.id)
    write_atomic(path, dump_summary(summary))
    return path


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_summary(path: Path, display: str | None = None) -> SourceSummary:
    name = display or str(path)
    data = read_regular(path, name, MAX_SUMMARY_BYTES)
    try:
        return SourceSummary.model_validate_json(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "(document)"
        line = _line_of(data, err)
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise SourceError(Problem(name, line, f"does not match the summary schema: {loc}: {err['msg']}{more}")) from exc


def _line_of(data: bytes, err: dict) -> int:
    if err.get("type") == "json_invalid":
        # pydantic's parser says where ("… at line 3 column 7"), also when nesting is too deep.
        m = _AT_LINE.search(err.get("msg", ""))
        return int(m.group(1)) if m else 1
    key = next((str(x) for x in reversed(err["loc"]) if isinstance(x, str)), None)
    if key:
        needle = f'"{key}"'.encode()
        pos = data.find(needle)
        if pos >= 0:
            return data.count(b"\n", 0, pos) + 1
    return 1


def schema_json() -> str:
    schema = SourceSummary.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Source summary"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
