"""/ask: the story engine's extractive answer, with the sentences it came from."""

from __future__ import annotations

from bot.answers.common import QUESTION_MAX, Context
from bot.answers.refs import Refs
from bot.engine.ask import ask
from bot.engine.text import plural, squash
from bot.errors import UserError
from bot.render.card import Card, Reply, clip

EVIDENCE = 5


def validate(question: str) -> str:
    question = question.strip()
    if not question:
        raise UserError("Ask a question, for example: Where will the talks take place?")
    if len(question) > QUESTION_MAX:
        raise UserError(f"The question is too long (at most {QUESTION_MAX} characters).")
    return question


def answer(ctx: Context, question: str, private: bool = False) -> Reply:
    """The answer first, then the sentences it was read from, each with the number of its source.

    When the sources do not answer, only the asker is told (nothing public to scroll past).
    """
    fmt = ctx.fmt
    question = validate(question)
    result = ask(ctx.story.briefing, question)
    title = fmt.text(clip(question, 200))
    if not result.citations:
        return Reply(cards=(Card(title=title, kind="answer", description=(
            f"{result.answer} Nothing in the {plural(len(ctx.story.briefing.sources), 'loaded source')} answers this."
        )),), ephemeral=True)
    refs = Refs(ctx)
    said = fmt.text(clip(result.answer, 1500))
    said = fmt.bold(said) if len(said) < 200 else said
    evidence = []
    for citation in result.citations[:EVIDENCE]:
        if _same(citation.text, result.answer):
            said += f" {refs.mark([citation.source])}"  # the answer is this sentence: cite it, do not repeat it
            continue
        evidence.append(f"{fmt.cited(clip(citation.text, 600))} {refs.mark([citation.source])}")
    description = "\n\n".join([said, "\n".join(evidence)]) if evidence else said
    return Reply(cards=(Card(title=title, description=description, fields=refs.fields(), kind="answer",
                             footer="Answered only from the sources listed"),), ephemeral=private)


def _same(a: str, b: str) -> bool:
    return squash(a).strip(" .").casefold() == squash(b).strip(" .").casefold()
