"""The offline console: the same commands and answers as on Discord, drawn in a terminal."""

from __future__ import annotations

import asyncio
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from discord import AppCommandOptionType, app_commands
from rich.console import Console
from rich.text import Text

from bot.answers import ask, help, quotes, sources, status, timeline, who
from bot.answers.common import Context
from bot.console_admin import OfflineAdmin
from bot.errors import UserError
from bot.render.card import Reply
from bot.render.console import print_reply
from bot.render.format import PLAIN
from bot.runtime import Runtime

# The commands that make sense without Discord; subscribing a channel to digests does not.
STORY: dict[str, Callable[..., Reply]] = {
    "status": status.answer,
    "quotes": quotes.answer,
    "timeline": timeline.with_picture,
    "who": who.answer,
    "sources": sources.answer,
    "ask": ask.answer,
}
ADMIN = ("reload", "source add", "source remove", "source restore", "source history", "digest preview",
         "feed add", "feed remove", "feed list", "feed log")
# Options that mean something on Discord only.
IGNORED = {"ask": ("private",)}


class ConsoleError(Exception):
    pass


def parse_line(line: str, command: app_commands.Command) -> dict[str, Any]:
    """`/quotes speaker:Trump contains:cease fire` → {"speaker": "Trump", "contains": "cease fire"},
    checked against the command's declared options as Discord would."""
    # Options by the names members type (a renamed parameter goes by its display name).
    params = {p.display_name: p for p in command.parameters}
    words = len(command.qualified_name.split())
    parts = line.strip().lstrip("/").split(None, words)
    rest = parts[words] if len(parts) > words else ""
    names = "|".join(map(re.escape, params))
    values: dict[str, Any] = {}
    if rest.strip():
        if not names:
            raise ConsoleError(f"/{command.qualified_name} takes no options.")
        parts = re.split(rf"(?:^|\s)({names}):", rest)
        if parts[0].strip():
            required = [p for p in command.parameters if p.required]
            if len(required) == 1 and len(parts) == 1:
                parts = ["", required[0].display_name, rest]  # `/ask Where are the talks?`
            else:
                raise ConsoleError(f"Write options as name:value; /{command.qualified_name} has {', '.join(params)}.")
        for name, value in zip(parts[1::2], parts[2::2], strict=True):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                try:
                    value = shlex.split(value)[0]
                except ValueError:
                    raise ConsoleError(f"Unbalanced quotes in {name}:…") from None
            values[name] = value
    for name, p in params.items():
        if p.required and name not in values:
            raise ConsoleError(f"/{command.qualified_name} needs {name}:…")
        value = values.get(name)
        if value is None:
            continue
        if p.type is AppCommandOptionType.string:
            if p.max_value is not None and len(value) > p.max_value:
                raise ConsoleError(f"{name} is too long (at most {p.max_value} characters).")
        elif p.type is AppCommandOptionType.boolean:
            if value.casefold() not in ("true", "false", "yes", "no"):
                raise ConsoleError(f"{name} is true or false.")
            values[name] = value.casefold() in ("true", "yes")
        elif p.type is AppCommandOptionType.integer:
            values[name] = _integer(name, p, value)
        else:
            raise ConsoleError(f"{name}:… needs a Discord server; the console has none.")
    return values


def _integer(name: str, param: app_commands.Parameter, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ConsoleError(f"{name} is a whole number, not “{value}”.") from None
    low, high = param.min_value, param.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        raise ConsoleError(f"{name} is from {low} to {high}.")
    return number


class StoryConsole:
    def __init__(self, runtime: Runtime, commands: dict[str, app_commands.Command], out: Console,
                 files: Path | None = None) -> None:
        self.runtime = runtime
        self.commands = {name: c for name, c in commands.items() if name in STORY or name in ADMIN or name == "help"}
        self.discord_only = set(commands) - set(self.commands)
        self.out = out
        # Pictures (the timeline's) are written here and their path printed.
        self.files = files or runtime.settings.paths.data / "console"
        self.admin = OfflineAdmin(runtime)

    def context(self) -> Context:
        store = self.runtime.briefings
        return Context(store.story, PLAIN, self.runtime.clock().date(), store.loaded_at)

    async def answer(self, name: str, options: dict[str, Any]) -> Reply:
        for option in IGNORED.get(name, ()):
            options.pop(option, None)
        if name == "help":
            return help.answer(self.context(), offered=self.commands)
        if name in STORY:
            # The timeline draws a picture: a worker thread, as on Discord.
            return await asyncio.to_thread(STORY[name], self.context(), **options)
        return await getattr(self.admin, name.replace(" ", "_"))(**options)

    def _find(self, line: str) -> tuple[str, app_commands.Command | None]:
        words = line.lstrip("/").split()
        for name in (" ".join(words[:2]), words[0]):
            if name in self.commands or name in self.discord_only:
                return name, self.commands.get(name)
        return words[0], None

    async def run_line(self, line: str) -> int:
        """Run one command line; 0 when answered, 2 when the line or an option was wrong."""
        line = line.strip()
        if not line:
            return 0
        name, command = self._find(line)
        if command is None:
            why = "works on Discord only" if name in self.discord_only else "is not a command"
            self.out.print(Text(f"/{name} {why}. Try: " + ", ".join(f"/{n}" for n in self.commands)))
            return 2
        try:
            options = parse_line(line, command)
            reply = await self.answer(name, options)
        except (ConsoleError, UserError) as exc:
            self.out.print(Text(str(exc), style="red" if self.out.is_terminal else ""))
            return 2
        print_reply(self.out, reply)
        self._save_files(reply)
        return 0

    def _save_files(self, reply: Reply) -> None:
        for attachment in reply.files:
            self.files.mkdir(parents=True, exist_ok=True)
            path = self.files / attachment.filename
            path.write_bytes(attachment.data)
            self.out.print(Text(f"Picture: {path.resolve()}"))

    async def loop(self, stdin=sys.stdin) -> int:
        self.out.print("Offline console. Type /help for the commands, /quit to leave.")
        while True:
            if stdin.isatty():
                self.out.print("> ", end="")
            line = await asyncio.to_thread(stdin.readline)
            if not line or line.strip() in ("/quit", "/exit", "quit", "exit"):
                return 0
            await self.run_line(line)

    async def close(self) -> None:
        await self.admin.close()


async def command_table(runtime: Runtime) -> dict[str, app_commands.Command]:
    """The commands as the Discord bot declares them, without connecting anywhere."""
    from bot.client import StoryBot

    bot = StoryBot(runtime, sync_on_start=False)
    for extension in bot.extensions_to_load:
        await bot.load_extension(extension)
    table = {c.qualified_name: c for c in bot.tree.walk_commands() if isinstance(c, app_commands.Command)}
    await bot.close()
    return table
