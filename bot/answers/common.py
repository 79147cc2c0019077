"""Pieces every answer uses: who someone is, where a line came from, how an event reads."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from bot.answers.refs import Refs
from bot.engine.models import Actor, Event, Quote
from bot.engine.text import plural  # noqa: F401  (answers and replies elsewhere import it from here)
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


def actor_label(actor: Actor | None, fallback: str | None = None) -> str:
    if actor is None:
        return fallback or "unattributed"
    return f"{actor.name} ({actor.role})" if actor.role else actor.name


def quote_block(ctx: Context, quote: Quote, refs: Refs, *, with_speaker: bool = True, whole: bool = False) -> str:
    """Speaker, date, words and the numbers of its sources. `whole` (digests, which never cut an
    item) keeps long quotes entire; commands clip them so one quote cannot fill a page."""
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
    lines[-1] += f" {refs.reported(quote.sources)}".rstrip()
    return "\n".join(lines)


def event_status(ctx: Context, event: Event) -> str:
    if event.status == "planned" and event.date and event.date < ctx.today:
        return "planned (date passed)"
    return event.status


def event_line(ctx: Context, event: Event, refs: Refs, *, whole: bool = False) -> str:
    """Date, status, place, then what happened with the numbers of its sources."""
    fmt = ctx.fmt
    head = [fmt.bold(fmt.date(event.date, event.date_precision)), event_status(ctx, event)]
    if event.place:
        head.append(fmt.text(event.place))
    summary = event.summary if whole else clip(event.summary, 500)
    return f"{' · '.join(head)}\n{fmt.text(summary)} {refs.mark(event.sources)}".rstrip()
