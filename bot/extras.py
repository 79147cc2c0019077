"""Optional parts installed as extras (`pip install 'diplomacy-briefing-bot[postgres]'`): a clear
message when one is used without being installed, rather than a bare ModuleNotFoundError."""

from __future__ import annotations

import importlib.util

DISTRIBUTION = "diplomacy-briefing-bot"


class MissingExtra(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def require(module: str, extra: str, purpose: str) -> None:
    """Raise MissingExtra when `module` (installed by the extra `extra`) cannot be imported."""
    if importlib.util.find_spec(module) is None:
        raise MissingExtra(
            f"{purpose} needs {module}, which is not installed: pip install '{DISTRIBUTION}[{extra}]' "
            f"(or `pip install -e '.[{extra}]'` in a checkout)"
        )
