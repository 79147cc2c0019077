"""`run`, `console` and `sync`: settings loaded here, at start, with clear messages on failure."""

from __future__ import annotations

import argparse
import asyncio
import sys

from rich.console import Console

from bot.settings import Settings, SettingsError, load_settings


def _settings(args: argparse.Namespace) -> Settings | None:
    paths = {k: v for k, v in (("seeds", args.seeds), ("summaries", args.summaries)) if v is not None}
    try:
        return load_settings(args.config, require_seeds=True, **({"paths": paths} if paths else {}))
    except SettingsError as exc:
        print("The settings cannot be used:", file=sys.stderr)
        for line in exc.lines:
            print(f"  {line}", file=sys.stderr)
        return None


async def _console(settings: Settings, once: list[str] | None) -> int:
    from bot.app import load_story
    from bot.console import StoryConsole, command_table
    from bot.runtime import Runtime

    runtime = Runtime.from_settings(settings)
    await load_story(runtime)
    out = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 110)
    console = StoryConsole(runtime, await command_table(runtime), out)
    try:
        if once:
            return max([await console.run_line(line) for line in once])
        await console.run_line("/status")
        return await console.loop()
    finally:
        await console.close()


def launch(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings is None:
        return 2
    from bot.app import run_bot, setup_logging

    if args.command == "feeds":
        from bot.feeds.cli import poll_once

        setup_logging("WARNING")
        return asyncio.run(poll_once(settings))
    offline = args.command == "console" or (args.command == "run" and settings.discord.token is None)
    setup_logging("WARNING" if offline else settings.log.level)
    if args.command == "sync":
        return asyncio.run(run_bot(settings, sync_only=True))
    if args.command == "run" and settings.discord.token is not None:
        return asyncio.run(run_bot(settings))
    if args.command == "run":
        print("No Discord token set, so this is the offline console; "
              "set DISCORD_TOKEN (or [discord] token in config.toml) to connect to Discord.")
    return asyncio.run(_console(settings, getattr(args, "once", None)))
