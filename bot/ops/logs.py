"""Log lines as JSON objects (one per line, for log collectors), and the latest failures for /about."""

from __future__ import annotations

import collections
import datetime as dt
import json
import logging
from dataclasses import dataclass

# Attributes every LogRecord has; anything else was passed with `extra=` and goes into the object.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message"}`, plus `error_id` and any other `extra=` field,
    plus `traceback` when there is one. The message is formatted, so no argument is lost."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info:
            out["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            out["traceback"] = self.formatStack(record.stack_info)
        return json.dumps(out, ensure_ascii=False)


@dataclass(frozen=True)
class Failure:
    at: dt.datetime
    logger: str
    message: str


class RecentFailures(logging.Handler):
    """Keeps the last `size` ERROR records: what /about shows as the last failures."""

    def __init__(self, size: int = 5) -> None:
        super().__init__(logging.ERROR)
        self.failures: collections.deque[Failure] = collections.deque(maxlen=size)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not break logging
            message = str(record.msg)
        self.failures.append(Failure(dt.datetime.fromtimestamp(record.created, dt.UTC), record.name,
                                     message.splitlines()[0] if message else ""))
