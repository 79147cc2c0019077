"""Answers are made once per story and options; the fast path of Discord text changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from discord.utils import escape_markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers import quotes, sources
from bot.answers.common import Context
from bot.engine.models import Briefing, Provenance, Quote, Source
from bot.errors import UserError
from bot.render.format import DISCORD, quiet_mentions
from bot.story import REMEMBERED, Story

DAY = dt.date(2025, 5, 13)


def story() -> Story:
    prov = (Provenance(source="a", start=0, end=1, sentence="x"),)
    return Story(Briefing(
        sources=(Source(id="a", title="A", content_hash="0", published=dt.date(2025, 5, 1)),
                 Source(id="b", title="B", content_hash="1", published=dt.date(2025, 5, 3))),
        quotes=(Quote(id="q", speaker=None, text="words", sources=("b", "a"), provenance=prov),),
    ))


def test_a_repeated_answer_is_the_same_reply_until_the_story_or_the_day_changes():
    s = story()
    first = sources.answer(Context(s, DISCORD, DAY))
    assert sources.answer(Context(s, DISCORD, DAY)) is first
    assert sources.answer(Context(s, DISCORD, DAY + dt.timedelta(days=1))) is not first
    assert sources.answer(Context(story(), DISCORD, DAY)) is not first
    assert sources.answer(Context(story(), DISCORD, DAY)) == first


def test_errors_are_not_remembered_and_the_memory_is_bounded():
    s = story()
    for _ in range(2):
        with pytest.raises(UserError):
            quotes.answer(Context(s, DISCORD, DAY), "Nobody")
    for n in range(REMEMBERED + 5):
        quotes.answer(Context(s, DISCORD, DAY), None, f"no such words {n}")
    assert len(s._remembered) == REMEMBERED


def test_a_quote_without_its_own_date_takes_its_first_report():
    s = story()
    quote = s.briefing.quotes[0]
    assert s.quote_date(quote) == dt.date(2025, 5, 1)
    assert s.quote_date(quote) == dt.date(2025, 5, 1)
    later = quote.model_copy(update={"sources": ("b",)})
    assert s.quote_date(later) == dt.date(2025, 5, 3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab 1\n\t_\\~|*`>#[]()-@<!&:/.", "https://x.y/_a_", "<@123>"]), max_size=40).map("".join))
def test_discord_text_is_escaped_as_before(text):
    assert DISCORD.text(text) == quiet_mentions(escape_markdown(text))
