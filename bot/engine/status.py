"""A plain-text status of the briefing, for the terminal before the bot connects."""

from __future__ import annotations

from bot.engine.ask import format_date
from bot.engine.models import Briefing


def status_text(briefing: Briefing) -> str:
    lines = [
        f"Briefing: {len(briefing.sources)} sources, {len(briefing.actors)} actors, "
        f"{len(briefing.quotes)} quotes, {len(briefing.events)} events."
    ]
    upcoming = [e for e in briefing.events if e.status in ("planned", "proposed")]
    if upcoming:
        lines.append("Coming up:")
        lines += [f"  - {format_date(e.date, e.date_precision)}: {e.summary} [{', '.join(e.sources)}]" for e in upcoming[:5]]
    if briefing.quotes:
        lines.append("Latest quotes:")
        for q in [q for q in briefing.quotes if not q.partial][:3]:
            lines.append(f"  - {q.speaker_name or 'unattributed'}: “{q.text}” [{', '.join(q.sources)}]")
    return "\n".join(lines)
