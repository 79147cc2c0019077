"""/help: each command in a line."""

from __future__ import annotations

from bot.answers.common import Context
from bot.render.card import Card, Reply

COMMANDS = (
    ("/status", "Where things stand: what comes next, the latest developments, each side's position."),
    ("/quotes [speaker] [contains] [source]", "Who said what and when, with the outlets that reported it."),
    ("/timeline [since] [until] [actor]", "Dated events, planned and past."),
    ("/who name", "One person or organization: role, other names, quotes, events."),
    ("/sources", "The articles everything is read from."),
    ("/ask question", "A question answered from the sources only, with citations."),
    ("/digest preview", "What this channel's next daily digest would say (only you see it)."),
    ("/digest subscribe, unsubscribe, list, now", "Admins: a daily digest in a channel, at your time and timezone."),
    ("/reload, /source …", "Operators: reload, add, remove or restore sources (for every server)."),
    ("/feed add, remove, list, log", "Operators: the news feeds whose articles about the story become sources."),
)

# Who may run a line of COMMANDS beyond everyone (see bot/checks.py); the console shows them all.
NEEDS = {
    "/digest subscribe, unsubscribe, list, now": "server admin",
    "/reload, /source …": "operator",
    "/feed add, remove, list, log": "operator",
}


def answer(ctx: Context, may: frozenset[str] | None = None) -> Reply:
    """`may`: the powers of the member asking ("server admin", "operator"); None shows every line."""
    shown = [(n, t) for n, t in COMMANDS if may is None or NEEDS.get(n, "everyone") in may | {"everyone"}]
    lines = [f"{ctx.fmt.bold(name)} — {text}" for name, text in shown]
    return Reply(cards=(Card(title="What I can do", description="\n".join(lines),
                             footer="Every answer cites its sources; when they do not say, I say so."),),
                 ephemeral=True)
