"""/source history: the latest admin actions in this server, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from bot.db.audit import AuditEntry
from bot.render.card import Reply, clip, paginate
from bot.render.format import PlainFormat

LIMIT = 10


def history_reply(entries: Sequence[AuditEntry], fmt: PlainFormat) -> Reply:
    if not entries:
        return Reply.text("No admin actions are recorded for this server yet.", ephemeral=True)
    items = []
    for e in entries:
        when = fmt.moment(e.at, "f")
        target = f" {fmt.text(clip(e.target, 200))}" if e.target else ""
        items.append(f"{when} · {fmt.bold(fmt.text(e.user_name))} · {fmt.bold(e.action)}{target}\n"
                     f"{'✅' if e.ok else '❌'} {fmt.text(clip(e.result, 400))}")
    cards = paginate("Admin actions", items, footer=f"The latest {len(entries)}, newest first", page_items=LIMIT,
                     kind="admin")
    return Reply(cards=cards, ephemeral=True)
