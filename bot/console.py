"""The offline console: the same commands and answers as on Discord, drawn in a terminal."""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Callable
from typing import Any

from discord import app_commands
from rich.console import Console
from rich.text import Text

from bot.answers import ask, help, quotes, sources, status, timeline, who
from bot.answers.common import Context
from bot.errors import UserError
from bot.render.card import Reply
from bot.render.console import print_reply
from bot.render.format import PLAIN
from bot.runtime import Runtime

# The console speaks the story commands; admin and digest commands need a server.
ANSWERS: dict[str, Callable[..., Reply]] = {
    "status": status.answer,
    "quotes": quotes.answer,
    "timeline": timeline.answer,
    "who": who.answer,
    "sources": sources.answer,
    "ask": ask.answer,
    "help": help.answer,
}


class ConsoleError(Exception):
    pass


def parse_line(line: str, command: app_commands.Command) -> dict[str, Any]:
    """`/quotes speaker:Trump contains:cease fire` → {"speaker": "Trump", "contains": "cease fire"},
    checked against the command's declared options as Discord would."""
    params = {p.name: p for p in command.parameters}
    _, _, rest = line.strip().partition(" ")
    names = "|".join(map(re.escape, params))
    values: dict[str, Any] = {}
    if rest.strip():
        if not names:
            raise ConsoleError(f"/{command.name} takes no options.")
        parts = re.split(rf"(?:^|\s)({names}):", rest)
        if parts[0].strip():
            required = [p for p in command.parameters if p.required]
            if len(required) == 1 and len(parts) == 1:
                parts = ["", required[0].name, rest]  # `/ask Where are the talks?`
            else:
                raise ConsoleError(f"Write options as name:value; /{command.name} has {', '.join(params)}.")
        for name, value in zip(parts[1::2], parts[2::2], strict=True):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                try:
                    value = shlex.split(value)[0]
                except ValueError:
                    raise ConsoleError(f"Unbalanced quotes in {name}:…") from None
            values[name] = value
    for p in command.parameters:
        if p.required and p.name not in values:
            raise ConsoleError(f"/{command.name} needs {p.name}:…")
        value = values.get(p.name)
        if value is not None and p.max_value is not None and len(value) > p.max_value:
            raise ConsoleError(f"{p.name} is too long (at most {p.max_value} characters).")
    return values


class StoryConsole:
    def __init__(self, runtime: Runtime, commands: dict[str, app_commands.Command], out: Console) -> None:
        self.runtime = runtime
        self.commands = commands
        self.out = out

    def context(self) -> Context:
        store = self.runtime.briefings
        return Context(store.story, PLAIN, self.runtime.clock().date(), store.loaded_at)

    def run_line(self, line: str) -> int:
        """Run one command line; 0 when answered, 2 when the line or an option was wrong."""
        line = line.strip()
        if not line:
            return 0
        name = line.lstrip("/").split()[0]
        command = self.commands.get(name)
        if command is None or name not in ANSWERS:
            self.out.print(Text(f"Unknown command /{name}. Try: " + ", ".join(f"/{n}" for n in ANSWERS)))
            return 2
        try:
            options = parse_line(line, command)
            reply = ANSWERS[name](self.context(), **options)
        except (ConsoleError, UserError) as exc:
            self.out.print(Text(str(exc), style="red" if self.out.is_terminal else ""))
            return 2
        print_reply(self.out, reply)
        return 0

    def loop(self, stdin=sys.stdin) -> int:
        self.out.print("Offline console. Type /help for the commands, /quit to leave.")
        while True:
            if stdin.isatty():
                self.out.print("> ", end="")
            line = stdin.readline()
            if not line or line.strip() in ("/quit", "/exit", "quit", "exit"):
                return 0
            self.run_line(line)


async def command_table(runtime: Runtime) -> dict[str, app_commands.Command]:
    """The commands as the Discord bot declares them, without connecting anywhere."""
    from bot.client import StoryBot

    bot = StoryBot(runtime, sync_on_start=False)
    for extension in bot.extensions_to_load:
        await bot.load_extension(extension)
    table = {c.name: c for c in bot.tree.get_commands() if isinstance(c, app_commands.Command)}
    await bot.close()
    return table
