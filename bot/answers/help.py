"""/help: each command the member may run on the current transport, in a line."""

from __future__ import annotations

from collections.abc import Collection

from bot.answers.common import Context
from bot.render.card import Card, Reply

# (the commands a line is about, as the transport names them; how it reads; who may run it beyond
# everyone, see bot/checks.py)
COMMANDS = (
    (("status",), "/status", "Where things stand: what comes next, the latest developments, each side's position.",
     "everyone"),
    (("quotes",), "/quotes [speaker] [contains] [source]", "Who said what and when, with the outlets that reported it.",
     "everyone"),
    (("timeline",), "/timeline [since] [until] [actor]", "Dated events, planned and past, with a picture.", "everyone"),
    (("who",), "/who name", "One person or organization: role, other names, quotes, events.", "everyone"),
    (("sources",), "/sources", "The articles everything is read from.", "everyone"),
    (("ask",), "/ask question [private]", "A question answered from the sources only, with citations.", "everyone"),
    (("digest preview",), "/digest preview", "What the next daily digest would say (only you see it).", "everyone"),
    (("digest subscribe", "digest unsubscribe", "digest list", "digest now"),
     "/digest subscribe, unsubscribe, list, now", "Admins: a daily digest in a channel, at your time and timezone.",
     "server admin"),
    (("reload",), "/reload", "Operators: re-read the sources and swap in the new briefing (for every server).",
     "operator"),
    (("source add", "source remove", "source restore"), "/source add, remove, restore",
     "Operators: add a web article, remove or restore a source.", "operator"),
    (("source history",), "/source history", "Operators: the latest actions on the sources.", "operator"),
    (("feed add", "feed remove", "feed list", "feed log"), "/feed add, remove, list, log",
     "Operators: the news feeds whose articles about the story become sources.", "operator"),
    (("updates subscribe", "updates unsubscribe", "updates list"), "/updates subscribe, unsubscribe, list",
     "Admins: a post in a channel when the story changes (planned events, new dates, quotes, sources), with "
     "filters, quiet hours and a limit per hour.", "server admin"),
    (("about",), "/about", "Admins: version, uptime, the story's size and age, next digests, last failures.",
     "server admin"),
)


def answer(ctx: Context, may: frozenset[str] | None = None, offered: Collection[str] | None = None) -> Reply:
    """`may`: the powers of the member asking ("server admin", "operator"), None for all;
    `offered`: the commands the transport has (the console has no channels to post in), None for all."""
    lines = [f"{ctx.fmt.bold(usage)} — {text}" for names, usage, text, needs in COMMANDS
             if (may is None or needs in may | {"everyone"})
             and (offered is None or any(n in offered for n in names))]
    return Reply(cards=(Card(title="What I can do", description="\n".join(lines),
                             footer="Every answer cites its sources; when they do not say, I say so."),),
                 ephemeral=True)
