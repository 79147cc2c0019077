"""`run`, `console` and `sync`: settings loaded here, at start, with clear messages on failure."""

from __future__ import annotations

import argparse
import asyncio
import sys

from rich.console import Console

from bot.settings import Settings, SettingsError, load_settings


def _settings(args: argparse.Namespace, *, require_seeds: bool = True) -> Settings | None:
    paths = {k: v for k in ("seeds", "summaries") if (v := getattr(args, k, None)) is not None}
    try:
        return load_settings(args.config, require_seeds=require_seeds, **({"paths": paths} if paths else {}))
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
    setup_logging("WARNING" if offline else settings.log.level, args.log_format or settings.log.format)
    if args.command == "sync":
        return asyncio.run(run_bot(settings, sync_only=True))
    if args.command == "run" and settings.discord.token is not None:
        return asyncio.run(run_bot(settings))
    if args.command == "run":
        print("No Discord token set, so this is the offline console; "
              "set DISCORD_TOKEN (or [discord] token in config.toml) to connect to Discord.")
    return asyncio.run(_console(settings, getattr(args, "once", None)))


def print_invite(args: argparse.Namespace) -> int:
    """`python -m bot invite [APPLICATION_ID]`: the id given, or the one in the bot token."""
    from bot.invite import application_id_from_token, invite_url

    application_id = args.application_id
    if application_id is None:
        settings = _settings(args, require_seeds=False)  # only the token is read
        if settings is None:
            return 2
        token = settings.discord.token
        application_id = application_id_from_token(token.get_secret_value()) if token else None
        if application_id is None:
            print("Give the Application ID (Developer Portal → your application → General Information): "
                  "python -m bot invite 123456789012345678" + ("" if token else
                  "; or set DISCORD_TOKEN, whose first part holds it"), file=sys.stderr)
            return 2
    print(invite_url(application_id))
    return 0
