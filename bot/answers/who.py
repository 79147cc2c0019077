"""/who: one actor's role, other names, quotes and events."""

from __future__ import annotations

from bot.answers.common import OPTION_MAX, Context, event_line, per_story, quote_block
from bot.answers.refs import Refs, cited_pages
from bot.engine.text import plural
from bot.errors import UserError
from bot.render.card import Card, Field, Reply, clip

SHOWN = 3


@per_story
def answer(ctx: Context, name: str) -> Reply:
    story, fmt = ctx.story, ctx.fmt
    if not name.strip():
        raise UserError("Give a name, for example one from the suggestions.")
    if len(name) > OPTION_MAX:
        raise UserError(f"The name is too long (at most {OPTION_MAX} characters).")
    actor = story.find_actor(name)
    if actor is None:
        raise UserError(f"No one called “{clip(name, 50)}” appears in the sources.")
    quotes = story.quotes_by_speaker.get(actor.id, ())
    events = story.events_by_actor.get(actor.id, ())
    fields = [Field("Role", fmt.text(actor.role or "not stated in the sources"), inline=True)]
    if actor.aliases:
        fields.append(Field("Also called", fmt.text(", ".join(actor.aliases)), inline=True))
    fields.append(Field("In the sources", f"{plural(len(quotes), 'quote')}, {plural(len(events), 'dated event')}", inline=True))
    refs = Refs(ctx)
    if quotes:
        fields.append(Field(f"Latest quotes ({min(SHOWN, len(quotes))} of {len(quotes)})",
                            "\n\n".join(quote_block(ctx, q, refs, with_speaker=False) for q in quotes[:SHOWN])))
    if events:
        fields.append(Field(f"Latest events ({min(SHOWN, len(events))} of {len(events)})",
                            "\n\n".join(event_line(ctx, e, refs) for e in events[-SHOWN:])))
    kind = "Organization" if actor.kind == "organization" else "Person"
    cards = [Card(title=fmt.text(clip(actor.name, 200)), description=kind, fields=(*fields, *refs.fields()),
                  kind="quotes")]
    if len(quotes) > SHOWN:
        cards += cited_pages(ctx, fmt.text(f"{actor.name}: all quotes"),
                             (lambda r, q=q: quote_block(ctx, q, r, with_speaker=False) for q in quotes), kind="quotes")
    return Reply(cards=tuple(cards))
