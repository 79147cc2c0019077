from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import AsyncIterator

import pytest_asyncio
from aiohttp.abc import AbstractResolver, ResolveResult

from tests.admin.web import ArticleSite


def send_sighup() -> None:
    """SIGHUP to this process, once the bot's handler is in place (without it the test run would end)."""
    assert threading.current_thread() is threading.main_thread()
    assert signal.getsignal(signal.SIGHUP) not in (signal.SIG_DFL, signal.SIG_IGN, None)
    os.kill(os.getpid(), signal.SIGHUP)


@pytest_asyncio.fixture
async def site() -> AsyncIterator[ArticleSite]:
    server = ArticleSite()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


class TableResolver(AbstractResolver):
    """DNS answers from a table, so tests can name hosts that resolve anywhere without a network."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        if host not in self.table:
            raise OSError(f"unknown host {host}")
        return [
            ResolveResult(hostname=host, host=addr, port=port,
                          family=socket.AF_INET6 if ":" in addr else socket.AF_INET, proto=0, flags=0)
            for addr in self.table[host]
        ]

    async def close(self) -> None:
        pass
