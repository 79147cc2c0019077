"""The running bot's pid in `[paths] data`/bot.pid, so `feeds poll --once` can ask it to reload."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

PID_FILE = "bot.pid"


@contextlib.contextmanager
def pid_file(data: Path) -> Iterator[None]:
    """While the bot runs, its pid is in `[paths] data`/bot.pid for `feeds poll --once` to find."""
    path = data / PID_FILE
    try:
        data.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{os.getpid()}\n")
    except OSError:
        yield  # a read-only data folder costs only the reload hint
        return
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            if path.read_text().strip() == str(os.getpid()):
                path.unlink()
