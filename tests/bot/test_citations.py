"""Numbered citations: every page lists exactly the sources its lines cite, each once, within Discord's limits."""

from __future__ import annotations

import datetime as dt
import re

from bot.answers import quotes, timeline
from bot.answers.common import Context
from bot.engine.models import Briefing, Provenance, Quote, Source
from bot.render.embed import to_embed
from bot.render.format import DISCORD
from bot.story import Story

DAY = dt.date(2025, 5, 13)


def many_sourced_story(n: int) -> Story:
    """`n` quotes, each reported by 5 of 40 sources with long titles and addresses."""
    sources = [Source(id=f"src-{i:02d}", title=f"A very long headline number {i} " + "about the talks " * 12,
                      outlet=f"Outlet {i}", url=f"https://example.org/{'path/' * 30}{i}", published=DAY,
                      content_hash="0" * 64) for i in range(40)]
    quotes_ = []
    for i in range(n):
        ids = tuple(f"src-{(i * 7 + k) % 40:02d}" for k in range(5))
        text = f"quote {i} " + "words " * 40
        quotes_.append(Quote(id=f"q-{i}", speaker=None, speaker_name=f"Speaker {i}", text=text, said_on=DAY,
                             sources=ids, provenance=(Provenance(source=ids[0], start=0, end=5, sentence=text),)))
    return Story(Briefing(sources=tuple(sources), quotes=tuple(quotes_)))


def test_each_page_lists_the_sources_its_lines_cite_once_and_fits_in_an_embed():
    story = many_sourced_story(60)
    reply = quotes.answer(Context(story, DISCORD, DAY))
    assert len(reply.cards) > 3
    for card in reply.cards:
        embed = to_embed(card)
        assert len(embed) <= 6000
        listed = [f for f in embed.fields if f.name.startswith("Sources")]
        # The renderer dropped nothing: every field of the card arrived whole.
        assert [(f.name, f.value) for f in embed.fields] == [(f.name, f.value) for f in card.fields]
        lines = "\n".join(f.value for f in listed).split("\n")
        numbers = [int(re.match(r"\*\*\[(\d+)\]\*\*", line)[1]) for line in lines]
        assert numbers == list(range(1, len(numbers) + 1))  # numbered in order, each source once
        cited = {int(n) for marks in re.findall(r"\[([\d, ]+)\]", card.description) for n in marks.split(", ")}
        assert cited == set(numbers)  # nothing listed that the page does not cite, nothing cited unlisted
        # Three numbers per line at most, the rest counted; titles clipped with "…", each a link.
        assert "reported by 5 sources [" in card.description and "] and 2 more" in card.description
        assert all(re.search(r"\[A very long headline number \d+ about the talks.*…\]\(https://example\.org/", line)
                   for line in lines)


def test_a_timeline_with_no_events_in_its_bounds_says_so_privately():
    reply = timeline.answer(Context(many_sourced_story(3), DISCORD, DAY))
    assert reply.ephemeral and reply.content == "Timeline: no dated events in the sources."
