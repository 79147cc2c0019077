"""Who the actors are: roles from each person's own words, spellings merged, noise kept out."""

from __future__ import annotations

from bot.engine.briefing import assemble
from tests.engine.conftest import article


def test_each_role_comes_from_the_persons_own_title_or_appositive():
    s = article("roles_list.md")
    assert {a.id: a.role for a in s.actors if a.kind == "person"} == {
        # a list of titled names: each keeps its own title, not the next person's
        "emmanuel-macron": "French President",
        "keir-starmer": "British Prime Minister",
        "alexander-stubb": "Finnish President",
        "friedrich-merz": "German Chancellor",
        "steve-witkoff": "US special envoy",  # lower-case title words before the name
        "yuri-ushakov": "presidential aide",
        "mark-rutte": "NATO secretary general",  # his own appositive
        "maria-zakharova": "Russian Foreign Ministry spokeswoman",
        "marco-rubio": "U.S. Secretary of State",  # "of" inside a title
        "andrii-yermak": "Ukrainian Presidential Office Head",  # an office's head, not "Office Head Andrii"
    }


def test_transliterations_of_one_name_merge_across_outlets():
    b = assemble([article("variants_c.md"), article("variants_d.md"), article("variants_a.md")])
    people = {a.id: set(a.aliases) for a in b.actors}
    assert set(people) == {"rustem-umyerov", "volodymyr-zelenskiy", "recep-tayyip-erdogan"}
    assert {"Umierov", "Rustem Umierov"} <= people["rustem-umyerov"]
    assert {"Zelenskyy", "Volodymyr Zelenskyy"} <= people["volodymyr-zelenskiy"]
    (q,) = [q for q in b.quotes if "exchange" in q.text]
    assert q.speaker == "rustem-umyerov"


def test_countries_bodies_and_unnamed_officials_are_actors_of_events():
    s = article("parties.md")
    got = [(e.summary.split(" ")[0], set(e.actors)) for e in s.events]
    assert got == [
        ("Russia", {"russia", "ukraine"}),
        ("A", {"united-states"}),  # "a US official": the country, not a person
        ("The", {"kremlin", "nato"}),
        ("Talks", set()),  # "…, Turkish officials said": they tell it, they do not take part
    ]
    kinds = {a.id: a.kind for a in s.actors}
    assert kinds == {"russia": "organization", "ukraine": "organization", "united-states": "organization",
                     "kremlin": "organization", "nato": "organization"}
