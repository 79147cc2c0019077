"""/sources: every article the briefing reads, with what each contributed."""

from __future__ import annotations

import datetime as dt

from bot.answers.common import Context, per_story
from bot.engine.text import plural
from bot.render.card import Reply, clip, paginate


@per_story
def answer(ctx: Context) -> Reply:
    story, fmt = ctx.story, ctx.fmt
    sources = sorted(story.briefing.sources, key=lambda s: (s.published is not None, s.published or dt.date.min, s.id), reverse=True)
    if not sources:
        return Reply(content="No sources are loaded yet.", ephemeral=True)
    counts = story.counts_by_source
    items = []
    for s in sources:
        quotes, events = counts.get(s.id, (0, 0))
        title = fmt.link(clip(s.title, 150), s.url)
        meta = " · ".join(x for x in (
            fmt.text(s.outlet) if s.outlet else "outlet not named",
            fmt.date(s.published) if s.published else "date not given",
            f"id `{s.id}`",
        ) if x)
        items.append(f"{fmt.bold(title)}\n{meta}\n{plural(quotes, 'quote')}, {plural(events, 'event')}")
    n = len(sources)
    return Reply(cards=paginate("Sources", items, footer=f"{plural(n, 'source')}, newest first", kind="sources"))
