"""/status: what comes next, what happened last, where each main actor stands."""

from __future__ import annotations

from bot.answers.common import Context, actor_label, event_line, per_story
from bot.answers.refs import Refs
from bot.engine.models import UPCOMING_STATUSES
from bot.engine.text import plural
from bot.render.card import Card, Field, Reply, clip

UPCOMING = 5
LATEST = 3
ACTORS = 5
TITLE = "Where things stand"


@per_story
def answer(ctx: Context) -> Reply:
    story, fmt = ctx.story, ctx.fmt
    briefing = story.briefing
    if not briefing.sources:
        return Reply(cards=(Card(title=TITLE, description="No sources are loaded yet."),))
    refs = Refs(ctx)
    dated = story.events_by_date
    upcoming = [e for e in dated if e.status in UPCOMING_STATUSES and e.date >= ctx.today][:UPCOMING]
    fields = []
    if upcoming:
        fields.append(Field("Coming up", "\n\n".join(event_line(ctx, e, refs) for e in upcoming)))
    else:
        last_plan = [e for e in dated if e.status in UPCOMING_STATUSES][-1:]
        text = f"Nothing scheduled after {fmt.date(ctx.today)} in the sources."
        if last_plan:
            text += f" The latest plan they report:\n{event_line(ctx, last_plan[0], refs)}"
        fields.append(Field("Coming up", text))
    past = [e for e in reversed(dated) if e.status == "occurred"][:LATEST]
    if past:
        fields.append(Field("Latest developments", "\n\n".join(event_line(ctx, e, refs) for e in past)))
    elif briefing.key_points:
        points = briefing.key_points[:LATEST]
        fields.append(Field("Latest developments", "\n".join(
            f"• {fmt.text(clip(p.text, 300))} {refs.mark(p.sources, 2)}".rstrip() for p in points)))
    positions = []
    for actor_id, quotes in sorted(story.quotes_by_speaker.items(), key=lambda kv: -len(kv[1]))[:ACTORS]:
        quote = next((q for q in quotes if not q.partial), quotes[0])
        when = story.quote_date(quote)
        positions.append(
            f"{fmt.bold(fmt.text(actor_label(story.actor(actor_id), quote.speaker_name)))} · "
            f"{fmt.date(when) if when else 'date not given'}\n{fmt.quote(clip(quote.text, 250))} "
            f"{refs.mark(quote.sources, 2)}".rstrip()
        )
    if positions:
        fields.append(Field("Positions", "\n\n".join(positions)))
    read = plural(len(briefing.sources), "source")
    if story.latest_published:
        read += f", newest article {fmt.date(story.latest_published)}"
    # When the sources were loaded is an instant: the embed's timestamp, in each reader's own time.
    loaded = ctx.updated_at.isoformat() if ctx.updated_at else None
    return Reply(cards=(Card(title=TITLE, description=f"From {read}.", fields=(*fields, *refs.fields()),
                             footer="Sources loaded" if loaded else None, timestamp=loaded),))
