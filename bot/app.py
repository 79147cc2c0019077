"""Starting the bot: settings in, resources opened with `async with`, a clear exit on failure."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import discord

from bot.client import StoryBot
from bot.db import Database, DatabaseUnavailable
from bot.ops.health import HealthPortUnavailable, serving
from bot.pidfile import pid_file
from bot.runtime import Runtime
from bot.settings import Settings

log = logging.getLogger("bot")


def use_endpoints(api_base: str, gateway_url: str | None) -> None:
    """Talk to another Discord-compatible endpoint (the loopback Discord in tests)."""
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    Route.BASE = api_base.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def setup_logging(level: str, fmt: str = "text") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
                        stream=sys.stderr)
    if fmt == "json":
        from bot.ops.logs import JsonFormatter

        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
        logging.captureWarnings(True)  # Python's warnings as log records too: every line stays JSON
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))
    # The bot never joins voice; discord.py's notice about missing voice libraries is noise.
    logging.getLogger("discord.client").addFilter(lambda r: "voice will NOT" not in r.getMessage())


def limit_malloc_arenas() -> None:
    """One glibc malloc arena, not one per thread that allocates (a reload's worker thread and
    asyncio's: their freed memory stays in their arenas). Elsewhere, nothing."""
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX


async def load_story(runtime: Runtime) -> None:
    limit_malloc_arenas()
    outcome = await runtime.briefings.reload(keep_going=True)
    for problem in outcome.problems:
        (log.error if problem.fatal else log.warning)("%s", problem)
    b = outcome.current
    log.info("briefing: %d sources, %d quotes, %d events", len(b.sources), len(b.quotes), len(b.events))


async def run_bot(settings: Settings, *, sync_only: bool = False) -> int:
    """Connect and serve until stopped. Returns the process exit code."""
    token = settings.discord.token
    if token is None:
        print("No Discord token: set DISCORD_TOKEN or [discord] token in config.toml.", file=sys.stderr)
        return 2
    use_endpoints(settings.discord.api_base, settings.discord.gateway_url)
    runtime = Runtime.from_settings(settings)
    await load_story(runtime)
    try:
        # The digests (and the audit log) need the database: it is migrated before the bot connects.
        async with Database.open(settings.database.url) as runtime.db, \
                StoryBot(runtime, sync_on_start=not sync_only) as bot, \
                serving(bot) if not sync_only else contextlib.nullcontext():
            if sync_only:
                await bot.login(token.get_secret_value())
                for line in await bot.sync(force_global=True):
                    print(line)
                return 0
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
            with pid_file(settings.paths.data):
                await bot.start(token.get_secret_value())
    except DatabaseUnavailable as exc:
        print(f"Could not open the database: {exc}", file=sys.stderr)
        return 1
    except HealthPortUnavailable as exc:
        print(f"Could not serve the health endpoint: {exc}", file=sys.stderr)
        return 1
    except discord.LoginFailure:
        print("Discord refused the token: check DISCORD_TOKEN (or [discord] token).", file=sys.stderr)
        return 1
    except (discord.GatewayNotFound, discord.ConnectionClosed, OSError) as exc:
        if isinstance(exc, discord.ConnectionClosed) and exc.code == 4004:
            # The REST login can pass while the gateway refuses the token (4004 Authentication failed).
            print("Discord refused the token: check DISCORD_TOKEN (or [discord] token).", file=sys.stderr)
        else:
            print(f"Could not reach Discord: {exc}", file=sys.stderr)
        return 1
    except discord.HTTPException as exc:
        # Registering commands failed: a development guild the bot is not in, a missing scope.
        print(f"Discord refused a request at start ({exc.status}): {exc.text or exc}", file=sys.stderr)
        return 1
    return 0
