"""Pointing discord.py at the loopback server, and running a client against it.

discord.py reaches Discord through two class attributes only: ``discord.http.Route.BASE``
(every REST route, webhooks and interaction callbacks included) and
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (the first connection of a plain
``Client``). A sharded client asks ``GET /gateway/bot`` for its URL, and every client
resumes at READY's ``resume_gateway_url``: the server answers both with its own address.
A real bot does the same from its settings (an API base URL and a gateway URL).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import discord

    from .server import LoopbackDiscord


def point_discord_py_at(api_base: str, gateway: str) -> Callable[[], None]:
    """Send discord.py's REST calls to ``api_base`` (e.g. ``http://127.0.0.1:PORT/api/v10``)
    and its gateway connections to ``gateway`` (e.g. ``ws://127.0.0.1:PORT/``).

    Returns a function that restores the previous values.
    """
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    previous = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    Route.BASE = api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)

    def restore() -> None:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = previous

    return restore


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class RunningBot:
    client: discord.Client
    server: LoopbackDiscord
    task: asyncio.Task[None]
    ready_seconds: float = 0.0
    _errors: _ErrorCollector = field(default_factory=_ErrorCollector)

    @property
    def errors(self) -> list[str]:
        """ERROR log records from discord.py (unhandled exceptions in commands, events...)."""
        return [_format(r) for r in self._errors.records]

    def clear_errors(self) -> list[str]:
        errors = self.errors
        self._errors.records.clear()
        return errors


def _format(record: logging.LogRecord) -> str:
    text = f"{record.name}: {record.getMessage()}"
    if record.exc_info and record.exc_info[1] is not None:
        text += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
    return text


@contextlib.asynccontextmanager
async def running_bot(
    client: discord.Client,
    server: LoopbackDiscord,
    *,
    token: str | None = None,
    ready_timeout: float = 5.0,
    reidentify_delay: float | None = 0.0,
    fail_on_errors: bool = True,
) -> AsyncIterator[RunningBot]:
    """Run ``client.start(token)`` against ``server`` (with the server's token unless
    ``token`` is given) until the client is ready; on exit, close it and wait for it to finish.

    ``reidentify_delay``: discord.py waits 5 s before a second IDENTIFY (Discord's identify
    rate limit); the harness shortens that wait on this client instance (``None`` keeps it).
    ``fail_on_errors``: raise at exit if discord.py logged errors (unhandled exceptions in
    commands or events) that the test did not clear with ``clear_errors()``.
    """
    restore = point_discord_py_at(server.api_base, server.gateway_url)
    collector = _ErrorCollector()
    discord_logger = logging.getLogger("discord")
    discord_logger.addHandler(collector)
    if reidentify_delay is not None:
        delay = reidentify_delay

        async def before_identify_hook(shard_id: int | None, *, initial: bool = False) -> None:
            if not initial and delay:
                await asyncio.sleep(delay)

        client.before_identify_hook = before_identify_hook  # type: ignore[method-assign]
    started = time.perf_counter()
    task = asyncio.create_task(client.start(token or server.token), name="loopback-discord-client")
    handle = RunningBot(client, server, task, _errors=collector)
    try:
        await _wait_ready(client, task, server, ready_timeout)
        handle.ready_seconds = time.perf_counter() - started
        yield handle
    finally:
        try:
            await _shutdown(client, task)
        finally:
            discord_logger.removeHandler(collector)
            restore()
    if fail_on_errors and handle.errors:
        raise AssertionError("discord.py logged errors while the bot ran:\n  " + "\n  ".join(handle.errors))


async def _wait_ready(client: Any, task: asyncio.Task[None], server: LoopbackDiscord, timeout: float) -> None:  # noqa: ASYNC109
    end = time.perf_counter() + timeout
    while not client.is_ready():
        if task.done():
            exc = task.exception()
            raise RuntimeError(f"the client stopped before READY: {exc!r}") from exc
        if time.perf_counter() > end:
            raise TimeoutError(
                f"the client was not ready within {timeout} s; gateway log: {server.gateway.log}; "
                f"violations: {[str(v) for v in server.violations]}"
            )
        await asyncio.sleep(0.005)


async def _shutdown(client: Any, task: asyncio.Task[None]) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(client.close(), 5.0)
    if not task.done():
        try:
            await asyncio.wait_for(task, 5.0)
        except (TimeoutError, asyncio.CancelledError):
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        except Exception:
            pass
    elif not task.cancelled():
        task.exception()  # retrieved, so asyncio does not warn about it
