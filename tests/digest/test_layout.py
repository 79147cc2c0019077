"""What a digest says and how it is cut into Discord messages."""

from __future__ import annotations

import datetime as dt
import re

from bot.answers.common import Context
from bot.digest.content import NewItems, compose, event_key, quote_key
from bot.digest.layout import EMBEDS_PER_MESSAGE, layout
from bot.render.card import DESCRIPTION_MAX, EMBED_TOTAL_MAX
from bot.render.embed import to_embed
from bot.render.format import DISCORD
from bot.story import Story
from tests.digest.conftest import SEED_A, SEED_B, big_story, story_of

SINCE = dt.datetime(2025, 5, 13, 9, 0, tzinfo=dt.UTC)


def everything_new(story: Story) -> NewItems:
    b = story.briefing
    return NewItems(sources=frozenset(s.id for s in b.sources), quotes=frozenset(map(quote_key, b.quotes)),
                    events=frozenset(map(event_key, b.events)))


def render(story: Story, new: NewItems, day: dt.date = dt.date(2025, 5, 14), *, note: bool = True):
    digest = compose(story, new, local_date=day, since=SINCE, upcoming_days=7)
    return digest, layout(digest, Context(story=story, fmt=DISCORD, today=day), note_when_quiet=note)


def test_only_the_new_items_are_reported_with_their_sources():
    story = story_of(SEED_A, SEED_B)
    macron = next(q for q in story.briefing.quotes if q.speaker == "emmanuel-macron")
    digest, (part,) = render(story, NewItems(quotes=frozenset({quote_key(macron)}), sources=frozenset({SEED_B})))
    assert digest.summary() == "1 new quote, 1 new source; 1 coming up"
    titles = [c.title for c in part.cards]
    assert titles == ["Daily digest · Wed 14 May 2025", "New quotes", "Coming up · next 7 days", "Sources"]
    assert [c.kind for c in part.cards] == ["digest", "quotes", "events", "sources"]
    header, quotes, upcoming, sources = (c.description for c in part.cards)
    assert header == f"New since <t:{int(SINCE.timestamp())}:f>: 1 new quote, 1 new source."
    assert quotes.startswith("**Emmanuel Macron")
    assert "There can be no negotiations while weapons are" in quotes
    assert quotes.endswith("so that talks can begin” [1]")
    assert upcoming.startswith("**Thu 15 May 2025** · planned")
    assert upcoming.endswith("[1, 2]")
    # Each source once, at the end, numbered as the items cite it; the new one is marked.
    assert sources == ("**[1]** Ukrainian President Zelenskyy agrees to meet with Russian President… "
                       "· outlet not named · Mon 12 May 2025 · new\n"
                       "**[2]** Zelensky Ready To Accept Face-To-Face Talks With Putin After Trump… "
                       "· outlet not named · Mon 12 May 2025")
    assert part.marker == "Daily digest · Wed 14 May 2025"


def test_coming_up_looks_seven_days_ahead_from_the_digest_date():
    story = story_of(SEED_A)
    _, (inside,) = render(story, everything_new(story), dt.date(2025, 5, 8))
    assert inside.cards[-2].title == "Coming up · next 7 days"
    _, (outside,) = render(story, everything_new(story), dt.date(2025, 5, 7))
    assert "Coming up" not in [c.title for c in outside.cards]
    assert "Nothing planned in the sources for the next 7 days." in outside.cards[0].description
    _, (after,) = render(story, everything_new(story), dt.date(2025, 5, 16))
    assert "Coming up" not in [c.title for c in after.cards]


def test_a_quiet_day_is_one_line_or_nothing():
    story = story_of(SEED_A, SEED_B)
    digest, (note,) = render(story, NewItems())
    assert digest.quiet
    assert note.cards == ()
    assert note.content == (f"**Daily digest · Wed 14 May 2025** — no new developments since "
                            f"<t:{int(SINCE.timestamp())}:f>.")
    assert render(story, NewItems(), note=False)[1] == ()


def test_a_long_digest_is_split_within_discord_limits_without_cutting_an_item():
    story = big_story(120, words=80)
    _digest, parts = render(story, everything_new(story))
    assert len(parts) > 3
    for i, part in enumerate(parts, 1):
        embeds = [to_embed(c) for c in part.cards]
        assert 1 <= len(embeds) <= EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in embeds) <= EMBED_TOTAL_MAX
        assert all(len(e.description or "") <= DESCRIPTION_MAX for e in embeds)
        # The renderer had nothing to clip: every card arrives exactly as laid out.
        assert [e.description for e in embeds] == [c.description for c in part.cards]
        assert embeds[-1].footer.text == f"Daily digest · Wed 14 May 2025 · part {i}/{len(parts)}"
    cards = [c for p in parts for c in p.cards]
    blocks = [b for c in cards[1:] if c.kind != "sources" for b in c.description.split("\n\n")]
    assert len(blocks) == 120 * 2  # every event and quote, each in one piece
    references = [line for c in cards if c.kind == "sources" for line in c.description.split("\n")]
    assert [line.split("** ")[0] for line in references] == [f"**[{n}]" for n in range(1, 121)]
    assert all(line.endswith(" · new") for line in references)
    for i in range(120):
        event = next(b for b in blocks if b.split("\n")[1].startswith(f"event{i} "))
        assert re.fullmatch(rf"{re.escape(story.briefing.events[i].summary)} \[\d+\]", event.split("\n")[1])
    assert [c.title for c in cards if "continued" not in c.title] == [
        "Daily digest · Wed 14 May 2025", "New events", "New quotes", "Sources"]


def test_text_from_articles_cannot_ping_anyone():
    story = big_story(1)
    event = story.briefing.events[0].model_copy(update={"summary": "Talks @everyone <@&123> **bold**"})
    story = Story(story.briefing.model_copy(update={"events": (event,)}))
    _, (part,) = render(story, everything_new(story))
    events = part.cards[1].description
    assert "@everyone" not in events.replace("@\u200beveryone", "")
    assert "<@&123>" not in events
    assert "\\*\\*bold\\*\\*" in events
