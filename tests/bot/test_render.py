"""The renderer keeps every message within Discord's limits, whatever the articles contain."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.card import Card, Field, clip, paginate
from bot.render.embed import to_embed
from bot.render.format import DISCORD, PLAIN, quiet_mentions

text = st.text(min_size=0, max_size=9000)


@settings(max_examples=60, deadline=None)
@given(title=text, description=text, footer=text,
       fields=st.lists(st.tuples(text, text), max_size=40))
def test_any_card_fits_in_one_embed(title, description, footer, fields):
    embed = to_embed(Card(title=title or "t", description=description, footer=footer or None,
                          fields=tuple(Field(n, v) for n, v in fields)))
    data = embed.to_dict()
    assert len(data.get("title", "")) <= 256
    assert len(data.get("description") or "") <= 4096
    assert len(data.get("fields", [])) <= 25
    assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 and f["name"].strip() and f["value"].strip()
               for f in data.get("fields", []))
    assert len(embed) <= 6000


def test_clip_cuts_at_a_word_and_says_so():
    assert clip("short", 10) == "short"
    cut = clip("The delegations met in Istanbul for the first direct talks since 2022", 40)
    assert cut == "The delegations met in Istanbul for the…"
    assert len(cut) <= 40


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=5000), min_size=1, max_size=60))
def test_pages_never_split_an_item(items):
    items = [i.strip() or "x" for i in items]
    cards = paginate("Quotes", items)
    bodies = [c.description for c in cards]
    assert all(len(b) <= 3000 for b in bodies)
    # Each item is on one page, whole or (when alone too long for any page) clipped with "…".
    shown = [part for b in bodies for part in b.split("\n\n")]
    expected = [clip(i, 2998) for i in items]
    if not any("\n\n" in i for i in expected):
        assert shown == expected
    if len(cards) > 1:
        assert cards[-1].footer == f"Page {len(cards)}/{len(cards)}"


def test_calendar_days_read_as_words_the_same_for_every_reader_and_instants_as_discord_timestamps():
    day = dt.date(2025, 5, 15)
    # A day is not an instant: no `<t:…>` that readers east of UTC+12 would see as the 16th.
    assert DISCORD.date(day) == PLAIN.date(day) == "Thu 15 May 2025"
    assert DISCORD.date(day, "month") == "May 2025"
    loaded = dt.datetime(2025, 5, 13, 9, 0, tzinfo=dt.UTC)
    assert DISCORD.moment(loaded) == "<t:1747126800:R>"
    assert PLAIN.date(day) == "Thu 15 May 2025"
    assert PLAIN.date(None) == "date unknown"


def test_mentions_and_markdown_in_article_text_are_neutralised():
    assert quiet_mentions("hi @everyone and @here and <@123> <@&5> <#9>") == (
        "hi @\u200beveryone and @\u200bhere and <@\u200b123> <@\u200b&5> <#\u200b9>")
    assert DISCORD.text("**bold** claim") == "\\*\\*bold\\*\\* claim"
    assert "javascript" not in DISCORD.link("A title", "javascript:alert(1)")
    assert DISCORD.link("Wire", "https://example.org/a_(b)") == "[Wire](https://example.org/a_(b%29)"
