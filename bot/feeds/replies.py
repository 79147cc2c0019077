"""/feed list and /feed log as transport-neutral replies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.answers.common import plural
from bot.feeds.store import DUPLICATE, FAILED, SKIPPED, TAKEN, Feed, Item
from bot.render.card import Reply, clip, paginate
from bot.render.format import PlainFormat

LOG_LIMIT = 20
_MARK = {TAKEN: "✅ taken", SKIPPED: "⏭️ skipped", DUPLICATE: "🔁 duplicate", FAILED: "⚠️ failed"}


def when(at: dt.datetime | None, fmt: PlainFormat) -> str:
    if at is None:
        return "never"
    return f"<t:{int(at.timestamp())}:R>" if fmt.name == "discord" else f"{at:%Y-%m-%d %H:%M} UTC"


def added_text(feed: Feed) -> str:
    return (f"Following feed `{feed.id}`: {clip(feed.url, 300)}, polled every {feed.interval_minutes} minutes. "
            "Its articles about the story will become sources; `/feed log` shows what was taken and why.")


def removed_text(feed: Feed) -> str:
    note = (" It is declared in the config and comes back on the next start unless removed there."
            if feed.origin == "config" else "")
    return f"No longer following feed `{feed.id}` ({clip(feed.label, 300)}). The sources it brought stay.{note}"


def feeds_reply(feeds: Sequence[Feed], fmt: PlainFormat) -> Reply:
    if not feeds:
        return Reply.text("No feeds are followed. Operators add them with `/feed add` or `[[feeds]]` "
                          "in the config.", ephemeral=True)
    items = []
    for f in feeds:
        state = (f"⛔ stopped: {fmt.text(clip(f.failure or 'gone', 300))}" if f.stopped_at
                 else f"⚠️ failing ({plural(f.failures, 'time')} in a row): {fmt.text(clip(f.failure, 300))}"
                 if f.failure else "✅ working")
        name = fmt.bold(fmt.text(clip(f.name, 100))) + " · " if f.name else ""
        items.append(
            f"`{f.id}` {name}{fmt.text(clip(f.url, 200))}\n{state}\n"
            f"every {plural(f.interval_minutes, 'minute')} · last poll {when(f.last_polled_at, fmt)}"
            + (f" ({fmt.text(clip(f.last_result, 120))})" if f.last_result and not f.failure else "")
            + f" · last new article {when(f.last_new_at, fmt)}"
            + ("" if f.stopped_at else f" · next poll {when(f.next_poll_at, fmt)}")
            + (" · from the config" if f.origin == "config" else ""))
    return Reply(cards=paginate("Feeds", items, footer=plural(len(feeds), "feed")), ephemeral=True)


def log_reply(items: Sequence[Item], fmt: PlainFormat) -> Reply:
    if not items:
        return Reply.text("No feed items have been decided yet.", ephemeral=True)
    lines = []
    for i in items:
        target = f" → `{i.source_id}`" if i.source_id else ""
        lines.append(f"{_MARK.get(i.decision, i.decision)} {when(i.decided_at, fmt)} · "
                     f"{fmt.bold(fmt.text(clip(i.title or i.url, 150)))}{target}\n"
                     f"{fmt.text(clip(i.reason, 300))}")
    return Reply(cards=paginate("Feed log", lines, footer=f"The latest {len(items)}, newest first"),
                 ephemeral=True)
