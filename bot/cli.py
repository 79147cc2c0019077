"""Command line: summarize, export, ask, check, run. Names, flags and JSON fields are stable."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.engine.ask import ask
from bot.engine.briefing import BuildResult, build
from bot.engine.check import check
from bot.engine.export import export_document
from bot.engine.text import plural

DEFAULT_SEEDS = Path("seeds")
DEFAULT_SUMMARIES = Path("summaries")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("summarize", help="write one JSON summary per source into summaries/")
    p.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    p.add_argument("--out", type=Path, default=DEFAULT_SUMMARIES)
    p = sub.add_parser("export", help="summarize in memory and print one JSON document")
    p.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    p = sub.add_parser("ask", help="answer questions from the sources, with citations")
    p.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    p.add_argument("--json", action="store_true", help="one JSON line per question")
    p.add_argument("questions", nargs="+")
    p = sub.add_parser("check", help="validate seeds and summaries; print file:line: reason")
    p.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    p.add_argument("--summaries", type=Path, default=DEFAULT_SUMMARIES)
    for name, text in (
        ("run", "connect to Discord (the offline console when no token is set)"),
        ("console", "the commands in a terminal, offline"),
        ("sync", "register the slash commands globally now"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--config", type=Path, help="settings file (default: config.toml)")
        p.add_argument("--seeds", type=Path, help="overrides [paths] seeds")
        p.add_argument("--summaries", type=Path, help="overrides [paths] summaries")
        p.add_argument("--log-format", choices=("text", "json"),
                       help="overrides [log] format: json is one JSON object per line")
        if name == "console":
            p.add_argument("--once", action="append", metavar="COMMAND",
                           help='run one command, e.g. --once "/status", and exit (repeatable)')
    feeds = sub.add_parser("feeds", help="news feeds")
    feed_sub = feeds.add_subparsers(dest="feeds_command", required=True)
    p = feed_sub.add_parser("poll", help="poll every feed now, take the articles about the story")
    p.add_argument("--once", action="store_true", required=True, help="one cycle, then exit")
    p.add_argument("--config", type=Path, help="settings file (default: config.toml)")
    p.add_argument("--seeds", type=Path, help="overrides [paths] seeds")
    p.add_argument("--summaries", type=Path, help="overrides [paths] summaries")
    p = sub.add_parser("invite", help="print the URL that adds the bot to a server")
    p.add_argument("application_id", nargs="?", type=int,
                   help="the Application ID (default: read from the bot token)")
    p.add_argument("--config", type=Path, help="settings file (default: config.toml)")
    return parser


def _progress(files: Sequence[Path]) -> Sequence[Path]:
    if len(files) < 20 or not sys.stderr.isatty():
        return files
    from tqdm import tqdm

    return tqdm(files, desc="summarizing", unit="source", file=sys.stderr)


def _report(result: BuildResult) -> None:
    for problem in result.problems:
        print(f"{'error' if problem.fatal else 'warning'}: {problem}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "summarize":
        result = build(args.seeds, args.out, write=True, progress=_progress)
        _report(result)
        print(
            f"{len(result.summarized)} summarized, {len(result.reused)} unchanged, "
            f"{len(result.kept_reviewed)} reviewed kept, {len(result.fatal)} failed"
        )
        return 1 if result.fatal else 0
    if args.command == "export":
        result = build(args.seeds)
        _report(result)
        print(json.dumps(export_document(result.briefing), ensure_ascii=False, indent=2))
        return 1 if result.fatal else 0
    if args.command == "ask":
        result = build(args.seeds)
        _report(result)
        for question in args.questions:
            answer = ask(result.briefing, question)
            if args.json:
                print(json.dumps({
                    "question": answer.question,
                    "answer": answer.answer,
                    "citations": [{"source": c.source, "text": c.text} for c in answer.citations],
                }, ensure_ascii=False))
            else:
                print(f"Q: {answer.question}\nA: {answer.answer}")
                for c in answer.citations:
                    print(f"   [{c.source}] {c.text}")
        return 0
    if args.command == "check":
        problems = check(args.seeds, args.summaries)
        for problem in problems:
            print(problem)
        fatal = [p for p in problems if p.fatal]
        print(f"{plural(len(fatal), 'problem')}, {plural(len(problems) - len(fatal), 'warning')}", file=sys.stderr)
        return 1 if fatal else 0
    if args.command == "invite":
        from bot.launch import print_invite

        return print_invite(args)
    if args.command in ("run", "console", "sync", "feeds"):
        from bot.launch import launch

        return launch(args)
    return 2
