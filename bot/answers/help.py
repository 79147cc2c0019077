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
    ("/reload, /source …", "Admins: reload, add, remove or restore sources."),
)


def answer(ctx: Context) -> Reply:
    lines = [f"{ctx.fmt.bold(name)} — {text}" for name, text in COMMANDS]
    return Reply(cards=(Card(title="What I can do", description="\n".join(lines),
                             footer="Every answer cites its sources; when they do not say, I say so."),),
                 ephemeral=True)
