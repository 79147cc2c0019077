"""/help: each command the current transport offers, in a line."""

from __future__ import annotations

from collections.abc import Collection

from bot.answers.common import Context
from bot.render.card import Card, Reply

# (the commands a line is about, as the transport names them; how the line reads)
COMMANDS = (
    (("status",), "/status", "Where things stand: what comes next, the latest developments, each side's position."),
    (("quotes",), "/quotes [speaker] [contains] [source]", "Who said what and when, with the outlets that reported it."),
    (("timeline",), "/timeline [since] [until] [actor]", "Dated events, planned and past, with a picture."),
    (("who",), "/who name", "One person or organization: role, other names, quotes, events."),
    (("sources",), "/sources", "The articles everything is read from."),
    (("ask",), "/ask question [private]", "A question answered from the sources only, with citations."),
    (("digest preview",), "/digest preview", "What the next daily digest would say (only you see it)."),
    (("digest subscribe", "digest unsubscribe", "digest list", "digest now"),
     "/digest subscribe, unsubscribe, list, now", "Admins: a daily digest in a channel, at your time and timezone."),
    (("reload",), "/reload", "Admins: re-read the sources and swap in the new briefing."),
    (("source add", "source remove", "source restore"), "/source add, remove, restore",
     "Admins: add a web article, remove or restore a source."),
    (("source history",), "/source history", "Admins: the latest actions on the sources."),
)


def answer(ctx: Context, offered: Collection[str] | None = None) -> Reply:
    """Every command, or only those in `offered` (the console has no channels to post in)."""
    lines = [f"{ctx.fmt.bold(usage)} — {text}" for names, usage, text in COMMANDS
             if offered is None or any(n in offered for n in names)]
    return Reply(cards=(Card(title="What I can do", description="\n".join(lines),
                             footer="Every answer cites its sources; when they do not say, I say so."),),
                 ephemeral=True)
