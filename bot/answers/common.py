"""Pieces every answer uses: who someone is, where a line came from, how an event reads."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from bot.engine.models import Actor, Event, Quote, Source
from bot.render.card import clip
from bot.render.format import PlainFormat
from bot.story import Story

# Options typed by members are bounded before anything reads them.
OPTION_MAX = 100
QUESTION_MAX = 300


@dataclass(frozen=True)
class Context:
    """What an answer needs: the story at the moment of asking, how to write, and today's date."""

    story: Story
    fmt: PlainFormat
    today: dt.date
    updated_at: dt.datetime | None = None


def per_story(answer: Callable[..., Any]) -> Callable[..., Any]:
    """Answer once per story, context and options: the same question costs a lookup next time.

    An answer reads only its context and options, and a story is never changed (a reload
    swaps in a new one), so this is safe; it also lets every pager of a long answer share one
    set of pages. Errors (UserError) are not remembered.
    """

    @functools.wraps(answer)
    def remembered(ctx: Context, *args: Any, **kwargs: Any) -> Any:
        key = (answer.__module__, answer.__qualname__, args, tuple(sorted(kwargs.items())),
               *(getattr(ctx, f.name) for f in fields(ctx) if f.name != "story"))
        return ctx.story.remember(key, lambda: answer(ctx, *args, **kwargs))

    return remembered


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def source_label(source: Source) -> str:
    return clip(source.outlet or source.title or source.id, 60)


def cite(ctx: Context, source_ids: tuple[str, ...] | list[str], limit: int = 3) -> str:
    """"source A, source B and 2 more", each linked when it has an address."""
    parts = []
    for sid in source_ids[:limit]:
        source = ctx.story.source(sid)
        parts.append(ctx.fmt.link(source_label(source), source.url) if source else ctx.fmt.text(sid))
    more = len(source_ids) - limit
    if more > 0:
        parts.append(f"{more} more")
    return ", ".join(parts) if parts else "no source"


def reported_by(ctx: Context, source_ids: tuple[str, ...]) -> str:
    return f"reported by {plural(len(source_ids), 'source')}: {cite(ctx, source_ids)}"


def actor_label(actor: Actor | None, fallback: str | None = None) -> str:
    if actor is None:
        return fallback or "unattributed"
    return f"{actor.name} ({actor.role})" if actor.role else actor.name


def quote_block(ctx: Context, quote: Quote, *, with_speaker: bool = True, whole: bool = False) -> str:
    """Speaker, date, words and sources. `whole` (digests, which never cut an item) keeps long
    quotes entire; commands clip them so one quote cannot fill a page."""
    fmt = ctx.fmt
    cut = (lambda text, _: text) if whole else clip
    speaker = ctx.story.actor(quote.speaker)
    said = ctx.story.quote_date(quote)
    head = []
    if with_speaker:
        head.append(fmt.bold(fmt.text(actor_label(speaker, quote.speaker_name))))
    head.append(fmt.date(said) if said else "date not given")
    lines = [" · ".join(head)]
    if quote.partial and quote.provenance:
        # A fragment means little alone: show it inside the sentence that carried it.
        lines.append(f"{fmt.quote(quote.text)} — in: {fmt.text(cut(quote.provenance[0].sentence, 600))}")
    else:
        lines.append(fmt.quote(cut(quote.text, 900)))
    lines.append(reported_by(ctx, quote.sources))
    return "\n".join(lines)


def event_line(ctx: Context, event: Event) -> str:
    fmt = ctx.fmt
    when = fmt.date(event.date, event.date_precision)
    status = event.status
    if status == "planned" and event.date and event.date < ctx.today:
        status = "planned (date passed)"
    place = f" · {fmt.text(event.place)}" if event.place else ""
    return (f"{fmt.bold(when)} · {status}{place}\n{fmt.text(clip(event.summary, 500))}\n"
            f"{cite(ctx, event.sources)}")
