"""/about's text: what an admin checks first when something seems off."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from collections.abc import Sequence

import bot
from bot.digest.subscriptions import Subscription
from bot.extras import DISTRIBUTION
from bot.exts.digest.listing import stamp
from bot.ops.logs import Failure
from bot.ops.monitor import Monitor, uptime_text
from bot.render.card import clip

SHOWN_DIGESTS = 3
FAILURE_CHARS = 160


def version() -> str:
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:  # run from a folder that was never installed
        return bot.__version__


def about_text(monitor: Monitor, next_digests: Sequence[tuple[Subscription, dt.datetime]] | None,
               stopped: Sequence[Subscription] = (), *, operator: bool = True) -> str:
    """`next_digests`: this server's running subscriptions with their next run, None without a
    database; `stopped`: its subscriptions that stopped on a failure; `operator`: the bot's
    failures are shown (they can concern any server, so only to its operators)."""
    store = monitor.runtime.briefings
    briefing = store.current
    lines = [f"**Diplomacy briefing bot {version()}**, up {uptime_text(monitor.uptime)}"]
    story = (f"Story: {len(briefing.sources)} sources, {len(briefing.quotes)} quotes, "
             f"{len(briefing.events)} events")
    if store.loaded_at is not None:
        story += f", loaded {stamp(store.loaded_at, 'R')}"
    dates = [s.published for s in briefing.sources if s.published]
    if dates:
        story += f"; newest source published {max(dates):%d %b %Y}"
    lines.append(story + (f" ({store.refused} reload(s) refused since the start)" if store.refused else ""))
    if next_digests is None:
        lines.append("Next digests: none (digests need the database)")
    elif not next_digests:
        lines.append("Next digests: none in this server (/digest subscribe starts one)")
    else:
        soonest = sorted(next_digests, key=lambda pair: pair[1])[:SHOWN_DIGESTS]
        shown = ", ".join(f"<#{sub.channel_id}> {stamp(at, 'f')}" for sub, at in soonest)
        more = len(next_digests) - len(soonest)
        lines.append(f"Next digests: {shown}" + (f" and {more} more (/digest list)" if more else ""))
    for sub in stopped[:SHOWN_DIGESTS]:
        lines.append(f"Stopped digest: <#{sub.channel_id}>: {clip(sub.failure or '', FAILURE_CHARS)}")
    lines.append(_failures(list(monitor.failures.failures)) if operator
                 else "Last failures: shown to the bot's operators only (they can concern any server)")
    return "\n".join(lines)


def _failures(failures: list[Failure]) -> str:
    if not failures:
        return "Last failures: none since the start"
    items = [f"- {stamp(f.at, 'f')} `{f.logger}`: {clip(f.message, FAILURE_CHARS)}" for f in reversed(failures)]
    return "Last failures (newest first; details in the log):\n" + "\n".join(items)
