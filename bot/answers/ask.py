"""/ask: the story engine's extractive answer, with the sentences it came from."""

from __future__ import annotations

from bot.answers.common import QUESTION_MAX, Context, source_label
from bot.engine.ask import ask
from bot.errors import UserError
from bot.render.card import Card, Field, Reply, clip


def validate(question: str) -> str:
    question = question.strip()
    if not question:
        raise UserError("Ask a question, for example: Where will the talks take place?")
    if len(question) > QUESTION_MAX:
        raise UserError(f"The question is too long (at most {QUESTION_MAX} characters).")
    return question


def answer(ctx: Context, question: str) -> Reply:
    fmt = ctx.fmt
    question = validate(question)
    result = ask(ctx.story.briefing, question)
    if not result.citations:
        return Reply(cards=(Card(title=fmt.text(clip(question, 200)), description=(
            f"{result.answer} Nothing in the {len(ctx.story.briefing.sources)} loaded sources answers this."
        )),))
    fields = []
    for citation in result.citations[:5]:
        source = ctx.story.source(citation.source)
        name = source_label(source) if source else citation.source
        # The sentence itself: its own quotation marks are the article's, none are added.
        fields.append(Field(clip(name, 200), fmt.text(clip(citation.text, 900))
                            + (f"\n{fmt.link('read the article', source.url)}" if source and source.url else "")))
    return Reply(cards=(Card(title=fmt.text(clip(question, 200)), description=fmt.text(clip(result.answer, 2000)),
                             fields=tuple(fields), footer="Answered only from the sources cited below"),))
