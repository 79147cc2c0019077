"""Update posts as Discord messages: one card per change, and the changes over the hour's
limit folded into one card of headlines.

Each message ends with a marker (its card's footer) naming the change or the fold, so a post
sent just before a crash is recognised in the channel afterwards. The only text outside the
card is the mention of the role the channel pings, when it has one.
"""

from __future__ import annotations

from bot.digest.layout import CARD_DESCRIPTION, Part
from bot.engine.text import short_hash
from bot.render.card import Card, clip
from bot.updates.changes import LABELS, Change


def _marker(change: Change) -> str:
    return f"Update · {LABELS[change.kind]} · #{short_hash(change.key, n=8)}"


# Each kind of change has the colour of the answers that show it.
_CARD_KINDS = {"planned": "events", "moved": "events", "outcome": "events", "quote": "quotes", "source": "sources"}


def card(change: Change) -> Card:
    return Card(title=change.headline, description=clip(change.body, CARD_DESCRIPTION), footer=_marker(change),
                kind=_CARD_KINDS.get(change.kind, "digest"))


def folded(changes: list[Change]) -> Card:
    lines, size = [], 0
    for change in changes:
        line = f"• **{change.headline}**"
        if size + len(line) + 1 > CARD_DESCRIPTION - 40:
            lines.append(f"… and {len(changes) - len(lines)} more (`/timeline`, `/quotes`, `/sources`)")
            break
        lines.append(line)
        size += len(line) + 1
    footer = f"Updates · {len(changes)} folded · #{short_hash(*(c.key for c in changes), n=8)}"
    return Card(title=f"{len(changes)} more updates this hour", description="\n".join(lines), footer=footer,
                kind="digest")


def layout(changes: list[Change], *, allowance: int, role_id: int | None = None) -> tuple[Part, ...]:
    """A message per change while the hour allows; the rest folded into the last one."""
    if not changes or allowance < 1:
        return ()
    if len(changes) <= allowance:
        cards = [card(c) for c in changes]
    else:
        cards = [*(card(c) for c in changes[:allowance - 1]), folded(changes[allowance - 1:])]
    ping = f"<@&{role_id}>" if role_id else None
    return tuple(Part(cards=(c,), content=ping) for c in cards)
