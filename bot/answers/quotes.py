"""/quotes: who said what, when, reported by whom — newest first, filtered, paginated."""

from __future__ import annotations

from bot.answers.common import OPTION_MAX, Context, actor_label, per_story, quote_block
from bot.answers.refs import cited_pages
from bot.engine.text import plural
from bot.errors import UserError
from bot.render.card import Reply, clip


def _check(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > OPTION_MAX:
        raise UserError(f"The {name} option is too long (at most {OPTION_MAX} characters).")
    return value.strip()


@per_story
def answer(ctx: Context, speaker: str | None = None, contains: str | None = None,
           source: str | None = None) -> Reply:
    story, fmt = ctx.story, ctx.fmt
    speaker, contains, source = _check("speaker", speaker), _check("contains", contains), _check("source", source)
    quotes = story.quotes_newest_first
    title, url = "Quotes", None
    if speaker:
        actor = story.find_actor(speaker)
        if actor is None:
            raise UserError(f"No one called “{clip(speaker, 50)}” is quoted in the sources. "
                            "Pick a name from the suggestions.")
        quotes = story.quotes_by_speaker.get(actor.id, ())
        title = f"Quotes by {actor_label(actor)}"
    if source:
        found = story.source(source) or next(
            (s for s in story.briefing.sources if source.casefold() in s.title.casefold()), None)
        if found is None:
            raise UserError(f"There is no source “{clip(source, 50)}”. /sources lists them.")
        quotes = [q for q in quotes if found.id in q.sources]
        title += f" from {clip(found.outlet or found.title, 60)}"
        url = found.url
    if contains:
        needle = contains.casefold()
        quotes = [q for q in quotes if needle in q.text.casefold()]
        title += f" containing “{clip(contains, 40)}”"
    quotes = list(quotes)
    if not quotes:
        return Reply(content=f"{fmt.text(title)}: the sources have none.", ephemeral=True)
    n = len(quotes)
    items = (lambda refs, q=q: quote_block(ctx, q, refs, with_speaker=not speaker) for q in quotes)
    return Reply(cards=cited_pages(ctx, fmt.text(title), items, footer=f"{plural(n, 'quote')}, newest first",
                                   kind="quotes", url=url))
