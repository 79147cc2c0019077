"""`check`: everything a reload validates, reported as `file:line: reason`."""

from __future__ import annotations

from pathlib import Path

from bot.engine.briefing import build
from bot.engine.problems import Problem


def check(seeds_dir: Path, summaries_dir: Path | None) -> list[Problem]:
    result = build(seeds_dir, summaries_dir)
    return sorted(result.problems, key=lambda p: (p.file, p.line, p.reason))
