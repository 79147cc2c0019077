"""`/healthz` and `/metrics` over HTTP, on 127.0.0.1 by default and only when `[health] port` is set.

`/healthz` answers 200 when every check passes and 503 otherwise, with each check's result as
JSON; `/metrics` is the Prometheus text format (bot.ops.monitor).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from bot.ops.monitor import monitor_of

if TYPE_CHECKING:
    from aiohttp import web

    from bot.client import StoryBot

log = logging.getLogger(__name__)
DATABASE_TIMEOUT = 2.0


class HealthPortUnavailable(Exception):
    """The health endpoint could not listen where the settings say."""


async def _database(bot: StoryBot) -> dict[str, Any]:
    db = bot.runtime.db
    if db is None:
        return {"ok": False, "detail": "no database is open"}
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT), db.session() as session:
            await session.execute(text("SELECT 1"))
    except TimeoutError:
        return {"ok": False, "detail": f"no answer within {DATABASE_TIMEOUT:g} s"}
    except Exception as exc:  # whatever the driver raises, the check reports it rather than fails
        return {"ok": False, "detail": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
    return {"ok": True, "detail": db.dialect}


def _scheduler(bot: StoryBot) -> dict[str, Any]:
    from bot.exts.digest.lifecycle import SERVICE

    service = bot.runtime.services.get(SERVICE)
    if service is None:
        return {"ok": False, "detail": "the digest service is not running (no database)"}
    if not (service.running.is_set() and service.scheduler.running):
        return {"ok": False, "detail": "the digest scheduler is not running"}
    return {"ok": True, "detail": f"{len(service.scheduler.get_jobs())} job(s) scheduled"}


async def health(bot: StoryBot) -> dict[str, Any]:
    """Every check with `ok` and a `detail`, and `ok` overall."""
    monitor = monitor_of(bot.runtime)
    store = bot.runtime.briefings
    sources = len(store.current.sources)
    connected = monitor.gateway_connected and not bot.is_closed()
    checks = {
        "gateway": {"ok": connected, "detail": (f"connected, {len(bot.guilds)} server(s)" if connected
                                                else "not connected to Discord")},
        "story": {"ok": store.loaded_at is not None and sources > 0,
                  "detail": f"{sources} source(s)" if store.loaded_at else "not loaded yet"},
        "database": await _database(bot),
        "scheduler": _scheduler(bot),
    }
    return {"ok": all(c["ok"] for c in checks.values()), "checks": checks}


def _app(bot: StoryBot) -> web.Application:
    from aiohttp import web  # only when the endpoint is on: 1.5 MB that most bots do not need
    async def healthz(_request: web.Request) -> web.Response:
        report = await health(bot)
        return web.Response(text=json.dumps(report, indent=1) + "\n", status=200 if report["ok"] else 503,
                            content_type="application/json")

    async def metrics(request: web.Request) -> web.Response:
        body, content_type = await monitor_of(bot.runtime).exposition(request.headers.get("Accept"))
        return web.Response(body=body, headers={"Content-Type": content_type})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


@contextlib.asynccontextmanager
async def serving(bot: StoryBot) -> AsyncIterator[str | None]:
    """Serve while inside; yields the base URL, or None when `[health] port` is not set."""
    settings = bot.runtime.settings.health
    if settings.port is None:
        yield None
        return
    from aiohttp import web

    runner = web.AppRunner(_app(bot), access_log=None, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.host, settings.port)
        try:
            await site.start()
        except OSError as exc:
            raise HealthPortUnavailable(
                f"[health] port {settings.port} on {settings.host}: {exc.strerror or exc}") from None
        url = f"http://{settings.host}:{settings.port}"
        log.info("health and metrics on %s/healthz and %s/metrics", url, url)
        yield url
    finally:
        await runner.cleanup()
