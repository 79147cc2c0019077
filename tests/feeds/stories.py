"""Short articles written for these tests (about the talks, and some that are not)."""

from __future__ import annotations

from tests.feeds.site import Story


def talks(slug: str = "istanbul-round", **kw: object) -> Story:
    return Story(slug=slug, title="Delegations meet in Istanbul for a second round of peace talks", paragraphs=[
        "Ukrainian and Russian delegations met in Istanbul on Monday for a second round of direct peace talks, "
        "hosted by Turkish Foreign Minister Hakan Fidan at the Ciragan Palace.",
        "Ukrainian Defence Minister Rustem Umerov, who leads Kyiv's delegation, said the talks would focus on "
        "a full ceasefire and the return of children. \"We came to agree on a ceasefire, not to exchange "
        "speeches,\" Umerov told reporters after the meeting.",
        "Vladimir Medinsky, the head of the Russian delegation, said Moscow had handed over a memorandum. "
        "\"Our proposals are on the table,\" Medinsky said.",
    ], **kw)  # type: ignore[arg-type]


def prisoners(slug: str = "prisoner-swap", **kw: object) -> Story:
    return Story(slug=slug, title="Kyiv and Moscow swap 390 prisoners under the Istanbul deal", paragraphs=[
        "Ukraine and Russia exchanged 390 prisoners each on Friday, the first stage of the swap agreed at the "
        "talks in Istanbul, officials on both sides said.",
        "President Volodymyr Zelensky said more exchanges would follow. \"We are bringing our people home, "
        "step by step,\" Zelensky wrote on social media.",
        "The Russian Defence Ministry said the returned soldiers were being treated in Belarus before going home.",
    ], **kw)  # type: ignore[arg-type]


def festival(slug: str = "harbour-festival", **kw: object) -> Story:
    return Story(slug=slug, title="Harbour festival draws record crowds", paragraphs=[
        "The summer harbour festival drew a record 80,000 visitors over the weekend, the organisers said on "
        "Sunday, with boat races, concerts and food stalls along the quay.",
        "\"We have never seen so many families here,\" the festival director said.",
    ], **kw)  # type: ignore[arg-type]


def briefing_read(slug: str = "thursday-in-brief", **kw: object) -> Story:
    """Names the story in its headline but not the talks: the article decides."""
    return Story(slug=slug, title="Russia and Ukraine: what happened on Thursday", paragraphs=[
        "Negotiators from Kyiv and Moscow held a third day of talks on Thursday, discussing a ceasefire along "
        "the front line and a new prisoner exchange.",
        "US envoy Steve Witkoff said the sides were closer to a memorandum than at any time since May. "
        "\"There is real movement on the ceasefire,\" Witkoff said.",
    ], **kw)  # type: ignore[arg-type]


def marathon(slug: str = "kyiv-marathon", **kw: object) -> Story:
    """Names the story's capital and nothing of the talks."""
    return Story(slug=slug, title="Kyiv marathon goes ahead despite the war", paragraphs=[
        "More than 5,000 runners took part in the Kyiv marathon on Sunday, the organisers said, with the route "
        "shortened to stay near shelters.",
        "\"Running here is our way of saying the city lives,\" one of the runners said at the finish line.",
    ], **kw)  # type: ignore[arg-type]
