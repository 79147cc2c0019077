"""Seeing every connection a fetch makes: a server on 127.0.0.1 that counts the connections it
accepts, and a record of every `socket.connect` this process attempts, wherever to."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Iterator

PAGE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 76\r\n"
        b"Connection: close\r\n\r\n"
        b"<html><head><title>Internal</title></head><body><p>secret</p></body></html>\n")


class CountingServer:
    """Answers every connection with a small web page, and counts the connections."""

    def __init__(self) -> None:
        self.connections = 0
        self.port = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._answer, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        with contextlib.suppress(OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            await reader.readuntil(b"\r\n\r\n")
            writer.write(PAGE)
            await writer.drain()
        writer.close()


_recorders: list[list[object]] = []


def _audit(event: str, args: tuple) -> None:
    if event == "socket.connect" and _recorders:
        for recorder in _recorders:
            recorder.append(args[1])


_hooked = False


@contextlib.contextmanager
def connect_attempts() -> Iterator[list[object]]:
    """The addresses this process tries to connect a socket to while the block runs, whatever
    the address: a private one that does not answer here is caught as well as 127.0.0.1."""
    global _hooked
    if not _hooked:  # an audit hook cannot be removed: one for the whole run, idle when nobody records
        sys.addaudithook(_audit)
        _hooked = True
    attempts: list[object] = []
    _recorders.append(attempts)
    try:
        yield attempts
    finally:
        _recorders.remove(attempts)
