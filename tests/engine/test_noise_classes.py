"""What a page carries besides its story: teasers, related-story blocks, captions and credits."""

from __future__ import annotations

from bot.engine.briefing import assemble
from tests.engine.conftest import article


def test_related_stories_teasers_captions_and_credits_give_no_actor_quote_or_event():
    s = article("teasers_related.md")
    # Credits (Piotr Zielny, Kasia Brandt, Tomas Reyes, Ines Moro), the byline, the teaser
    # headlines and the related story's people (Ruth Kellerman, Jonas Brandt) are all left out.
    assert {a.id: a.role for a in s.actors} == {"lena-varga": None, "omar-haddad": None}
    assert [(q.speaker, q.text) for q in s.quotes] == [
        ("lena-varga", "We made real progress today"),
        ("omar-haddad", "The next round will be in October"),
    ]
    # The captions' days (September 10 and 11) are not events, nor the copy of a caption printed
    # again without its credit; the related story's Saturday is not either.
    assert [(str(e.date), e.summary.split(" met ")[0]) for e in s.events] == [
        ("2025-09-11", "Envoys Lena Varga and Omar Haddad")
    ]


def test_a_first_name_spelt_two_ways_is_one_person():
    b = assemble([article("first_name_variants.md"), article("first_name_variants_b.md")])
    people = {a.id: set(a.aliases) for a in b.actors if a.kind == "person"}
    assert set(people) == {"yuri-volkan", "lena-varga"}
    assert "Yury Volkan" in people["yuri-volkan"]


def test_a_long_title_case_headline_names_no_one():
    s = article("long_headlines.md")
    assert {a.id for a in s.actors} == {"lena-varga", "omar-haddad"}


def test_a_role_between_commas_before_a_name_is_that_names_role():
    s = article("role_before_name.md")
    assert {a.id: a.role for a in s.actors} == {
        "lena-varga": None,
        "omar-haddad": None,  # not "the island's chief negotiator": that is Kellerman's
        "ruth-kellerman": "island's chief negotiator",
    }


def test_a_hard_wrapped_page_reads_as_whole_sentences():
    s = article("hard_wrapped.md")
    assert {a.id: a.role for a in s.actors if a.kind == "person"} == {
        "lena-varga": "Maltese Foreign Minister",  # title words the lexicon does not know stay a title
        "omar-haddad": "Gozo Minister",
    }
    assert {(q.text.rstrip("."), q.speaker, q.partial) for q in s.quotes} == {
        ("very worthwhile", "lena-varga", True),  # its sentence began on the line above
        ("a very long time", "lena-varga", True),  # the quotation is broken across two lines
        ("Some of it is wording. Others need more time", "lena-varga", False),
        ("will always defend", "omar-haddad", True),  # "The Gozo leader": his title, named on a line of its own
    }
    (event,) = s.events
    assert str(event.date) == "2025-09-22" and "made progress toward a ferry deal" in event.summary


def test_a_body_named_with_and_is_neither_a_person_nor_two():
    s = article("and_bodies.md")
    people = {a.id: a.role for a in s.actors if a.kind == "person"}
    assert people["lena-varga"] == "Ports and Ferries Council Secretary"
    assert set(people) == {"lena-varga", "omar-haddad", "pavel-orlov", "ivan-sokol"}  # no "Ports", "Council"
    assert people["pavel-orlov"] == "Kremlin leader"  # "Varga and Kremlin leader …" stay two people
