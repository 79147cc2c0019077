"""/status: what comes next, what happened last, where each main actor stands."""

from __future__ import annotations

from bot.answers.common import Context, actor_label, cite, event_line, per_story, plural
from bot.engine.models import UPCOMING_STATUSES
from bot.render.card import Card, Field, Reply, clip

UPCOMING = 5
LATEST = 3
ACTORS = 5


@per_story
def answer(ctx: Context) -> Reply:
    story, fmt = ctx.story, ctx.fmt
    briefing = story.briefing
    if not briefing.sources:
        return Reply(cards=(Card(title="Where things stand", description="No sources are loaded yet."),))
    dated = story.events_by_date
    upcoming = [e for e in dated if e.status in UPCOMING_STATUSES and e.date >= ctx.today][:UPCOMING]
    fields = []
    if upcoming:
        fields.append(Field("Coming up", "\n\n".join(event_line(ctx, e) for e in upcoming)))
    else:
        last_plan = [e for e in dated if e.status in UPCOMING_STATUSES][-1:]
        text = f"Nothing scheduled after {fmt.date(ctx.today)} in the sources."
        if last_plan:
            text += f" The latest plan they report:\n{event_line(ctx, last_plan[0])}"
        fields.append(Field("Coming up", text))
    past = [e for e in reversed(dated) if e.status == "occurred"][:LATEST]
    if past:
        fields.append(Field("Latest developments", "\n\n".join(event_line(ctx, e) for e in past)))
    elif briefing.key_points:
        points = briefing.key_points[:LATEST]
        fields.append(Field("Latest developments", "\n".join(
            f"• {fmt.text(clip(p.text, 300))} ({cite(ctx, p.sources, 2)})" for p in points)))
    positions = []
    for actor_id, quotes in sorted(story.quotes_by_speaker.items(), key=lambda kv: -len(kv[1]))[:ACTORS]:
        quote = next((q for q in quotes if not q.partial), quotes[0])
        when = story.quote_date(quote)
        positions.append(
            f"{fmt.bold(fmt.text(actor_label(story.actor(actor_id), quote.speaker_name)))} · "
            f"{fmt.date(when) if when else 'date not given'}\n{fmt.quote(clip(quote.text, 250))} "
            f"({cite(ctx, quote.sources, 2)})"
        )
    if positions:
        fields.append(Field("Positions", "\n\n".join(positions)))
    n = len(briefing.sources)
    latest = story.latest_published
    footer = plural(n, "source")
    if latest:
        footer += f" · newest article {latest:%d %b %Y}"
    updated = f"Updated {fmt.moment(ctx.updated_at)} from {plural(n, 'source')}." if ctx.updated_at else ""
    return Reply(cards=(Card(title="Where things stand", description=updated, fields=tuple(fields), footer=footer),))
