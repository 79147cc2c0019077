"""A small web server on 127.0.0.1 playing news sites for `/source add`: pages, redirects, faults."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

PAGES = Path(__file__).parent / "pages"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ArticleSite:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.requests: list[str] = []  # paths asked for, in order
        self._routes: dict[str, Handler] = {}
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def html(self, path: str, body: str | bytes, *, content_type: str = "text/html",
             charset: str | None = "utf-8", status: int = 200, headers: dict[str, str] | None = None) -> None:
        async def handler(_: web.Request) -> web.Response:
            data = body.encode(charset or "utf-8") if isinstance(body, str) else body
            ctype = f"{content_type}; charset={charset}" if charset else content_type
            return web.Response(body=data, status=status, headers={"Content-Type": ctype, **(headers or {})})

        self._routes[path] = handler

    def page(self, path: str, file: str) -> None:
        self.html(path, (PAGES / file).read_text(encoding="utf-8"))

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        async def handler(_: web.Request) -> web.Response:
            return web.Response(status=status, headers={"Location": location})

        self._routes[path] = handler

    def slow(self, path: str, seconds: float) -> None:
        async def handler(_: web.Request) -> web.Response:
            # Ends early when the site stops, so a test does not wait for the full delay.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), seconds)
            return web.Response(text="<p>late</p>", content_type="text/html")

        self._routes[path] = handler

    def stream(self, path: str, chunk: bytes, times: int) -> None:
        """HTML sent in chunks without a Content-Length, as a server that does not know the size."""

        async def handler(request: web.Request) -> web.StreamResponse:
            response = web.StreamResponse(headers={"Content-Type": "text/html"})
            response.enable_chunked_encoding()
            await response.prepare(request)
            for _ in range(times):
                await response.write(chunk)
            await response.write_eof()
            return response

        self._routes[path] = handler

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path)
        handler = self._routes.get(request.path)
        if handler is None:
            raise web.HTTPNotFound()
        return await handler(request)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
