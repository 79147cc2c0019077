"""A problem found in an input file, reported as `file:line: reason`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    reason: str
    fatal: bool = True  # a fatal problem means the file was not loaded

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class SourceError(Exception):
    """A source file that cannot be loaded; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
