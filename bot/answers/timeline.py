"""/timeline: dated events with their status, oldest first, within optional bounds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter

from bot.answers.common import OPTION_MAX, Context, actor_label, event_line, per_story
from bot.answers.refs import cited_pages
from bot.engine.models import Event
from bot.engine.text import plural
from bot.errors import UserError
from bot.render import chart
from bot.render.card import Attachment, Reply, clip
from bot.render.chart import Mark

ROWS = 8  # main actors drawn in their own row
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")


def parse_day(text: str, *, end: bool = False) -> dt.date:
    """YYYY-MM-DD, or YYYY-MM meaning the whole month."""
    match = _ISO.match(text)
    if match:
        year, month, day = int(match[1]), int(match[2]), match[3]
        try:
            if day:
                return dt.date(year, month, int(day))
            first = dt.date(year, month, 1)
            if not end:
                return first
            return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        except ValueError:
            pass
    raise UserError(f"“{clip(text, 40)}” is not a date. Use YYYY-MM-DD (or YYYY-MM for a month).")


def select(ctx: Context, since: str | None, until: str | None, actor: str | None) -> tuple[str, list[Event]]:
    """The title and the events the options ask for (UserError for a bad option)."""
    story = ctx.story
    for name, value in (("since", since), ("until", until), ("actor", actor)):
        if value and len(value) > OPTION_MAX:
            raise UserError(f"The {name} option is too long (at most {OPTION_MAX} characters).")
    start = parse_day(since) if since else None
    stop = parse_day(until, end=True) if until else None
    if start and stop and start > stop:
        raise UserError("“since” is after “until”: nothing can be in between.")
    events = story.events_by_date
    title = "Timeline"
    if actor:
        found = story.find_actor(actor)
        if found is None:
            raise UserError(f"No one called “{clip(actor, 50)}” appears in the sources.")
        events = story.events_by_actor.get(found.id, ())
        title += f" · {actor_label(found)}"
    events = [e for e in events if (not start or e.date >= start) and (not stop or e.date <= stop)]
    if start or stop:
        title += f" · {start or '…'} to {stop or '…'}"
    return title, events


@per_story
def answer(ctx: Context, since: str | None = None, until: str | None = None,
           actor: str | None = None) -> Reply:
    title, events = select(ctx, since, until, actor)
    if not events:
        return Reply(content=f"{ctx.fmt.text(title)}: no dated events in the sources.", ephemeral=True)
    n = len(events)
    items = (lambda refs, e=e: event_line(ctx, e, refs) for e in events)
    return Reply(cards=cited_pages(ctx, ctx.fmt.text(title), items, footer=f"{plural(n, 'event')}, oldest first",
                                   kind="events"))


@per_story
def picture(ctx: Context, since: str | None = None, until: str | None = None,
            actor: str | None = None) -> Attachment | None:
    """The same events on a date axis, one row per main actor (the rest in "others")."""
    title, events = select(ctx, since, until, actor)
    if not events:
        return None
    counts = Counter(a for e in events for a in _actors(e))
    main = [a for a, _ in counts.most_common(ROWS)]
    rows = [clip(ctx.story.actor(a).name if ctx.story.actor(a) else a, 28) for a in main]
    row_of = {a: i for i, a in enumerate(main)}
    marks = []
    others = len(rows)
    for e in events:
        at = [row_of[a] for a in _actors(e) if a in row_of] or [others]
        marks += [Mark(e.date, r, done=e.status == "occurred", background=e.status == "background",
                       rough=e.date_precision == "year") for r in at]
    if any(m.row == others for m in marks):
        rows.append("others" if main else "events")
    png = chart.draw(f"{title} · {plural(len(events), 'event')}", rows, marks, ctx.today)
    return Attachment(chart.FILENAME, png, description=f"{title}: {plural(len(events), 'event')} on a date axis")


def with_picture(ctx: Context, since: str | None = None, until: str | None = None,
                 actor: str | None = None) -> Reply:
    """The answer with its picture attached and shown in every page (for a worker thread)."""
    reply = answer(ctx, since, until, actor)
    image = picture(ctx, since, until, actor) if reply.cards else None
    if image is None:
        return reply
    cards = tuple(dataclasses.replace(c, image=image.filename) for c in reply.cards)
    return dataclasses.replace(reply, cards=cards, files=(image,))


def _actors(event: Event) -> list[str]:
    return list(dict.fromkeys([*([event.host] if event.host else []), *event.actors]))
