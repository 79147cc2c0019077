"""Attribution as news wires write it, beyond `"…," X said`: one short article per class."""

from __future__ import annotations

from bot.engine.briefing import assemble
from tests.engine.conftest import article


def quotes(summary):
    return {q.text: (q.speaker, q.partial) for q in summary.quotes}


def test_attribution_verbs_beyond_said_and_saying_that():
    s = article("attribution_verbs.md")
    assert quotes(s) == {
        "a first step is better than no step at all.": ("pieter-claessens", True),
        "The door to a second round is open.": ("beate-meinl-reisinger", False),
        "nobody has walked away from the table.": ("pieter-claessens", True),
        "We are closer than we were in May": ("beate-meinl-reisinger", False),
        "moved the goalposts twice.": ("pieter-claessens", True),
        # "X … after meeting Y, telling reporters:" is X's words, not Y's
        "Nobody wants to be blamed for walking out.": ("beate-meinl-reisinger", False),
    }


def test_partial_quotes_after_an_article_are_words_when_someone_reports_them():
    s = article("partial_after_article.md")
    assert quotes(s) == {
        "successful": ("kirill-dmitriev", True),  # "what he described as a …"
        "root causes of the conflict": ("sergei-lavrov", True),  # "said the …"
        "spirit of Istanbul.": ("sergei-lavrov", True),
        # "gathered in the "green room"": no one reports these words
    }
    assert {a.id: a.role for a in s.actors}["kirill-dmitriev"] == "Presidential aide"


def test_guillemets_low_marks_and_a_quotation_cut_off():
    s = article("quotation_marks.md")
    assert quotes(s) == {
        # «…», — X said
        "We are still open to negotiations. We never gave up on them": ("maria-zakharova", False),
        "a mockery": ("radoslaw-sikorski", True),  # „…“
        "Nobody should expect miracles": ("radoslaw-sikorski", False),  # ‹…›
        "The next round is up to Moscow": ("radoslaw-sikorski", False),  # „…”
        "a show for Washington.": ("radoslaw-sikorski", True),
        # the statement cut off at "our neg" is dropped, not glued to the next quotation
        "useful.": ("vladimir-medinsky", True),
    }
    assert [w.split(": ", 1)[0] for w in s.warnings] == ["quotation_marks.md:9", "quotation_marks.md:11"]


def test_a_title_as_the_speaker_is_the_person_with_that_role():
    s = article("title_speakers.md")
    assert quotes(s) == {
        "A very useful and constructive conversation took place": ("yuri-ushakov", False),
        # "the Kremlin official": Ushakov (an aide), not Putin (a head of state)
        "Washington has not yet been told the results, so I will not go into detail": ("yuri-ushakov", False),
        "We will not trade our land for promises": ("volodymyr-zelensky", False),  # the head of state
        "The sanctions must stay until the guns fall silent": ("volodymyr-zelensky", False),  # not the Russian one
        "new signals": ("steve-witkoff", True),  # "The envoy said …"
    }


def test_an_organization_or_a_document_as_the_speaker():
    s = article("organization_speakers.md")
    assert quotes(s) == {
        "businesslike.": ("kremlin", True),
        # a statement on a ministry's website speaks for the ministry
        "Russia remains open to a fourth round": ("russian-foreign-ministry", False),
        "Kyiv expects a date within days": ("ukraines-foreign-ministry", False),
        "both sides accepted the venue.": ("office-of-the-turkish-president", False),
        "The humanitarian track has produced results": ("ukraines-foreign-ministry", False),  # "the ministry"
        "There is no date yet.": ("dmitry-peskov", False),  # a Kremlin spokesman is a person
    }
    kinds = {a.id: (a.name, a.kind) for a in s.actors}
    assert kinds["russian-foreign-ministry"] == ("Russian Foreign Ministry", "organization")
    assert kinds["dmitry-peskov"] == ("Dmitry Peskov", "person")


def test_a_list_under_an_attribution_lead_in():
    s = article("bullet_lead_in.md")
    assert quotes(s) == {
        "coming days": ("vladimir-medinsky", True),
        "invited": ("vladimir-medinsky", True),
        "We will present our vision of a possible ceasefire in detail.": ("vladimir-medinsky", False),
        # the list after an unattributed paragraph is nobody's words
    }


def test_captions_credits_bylines_and_quoted_names_are_not_actors_or_quotes():
    s = article("captions_credits.md")
    assert quotes(s) == {"Nobody was left behind": ("rustem-umerov", False)}  # not "State of the Union"
    assert [a.id for a in s.actors if a.kind == "person"] == ["rustem-umerov"]  # no Baltic Sea, no photographers
    text = " ".join(x.text for x in s.sentences)
    for chrome in ("Savilov", "Sitdikov", "Getty", "DIVISEK", "Patreon", "attends a meeting", "published at", "Summer Time"):
        assert chrome not in text
    assert [e.date.isoformat() for e in s.events] == ["2025-05-23", "2025-05-22"]  # none from a caption


def test_quote_opening_mid_sentence_and_who_a_pronoun_or_title_is():
    s = article("mid_sentence_and_pronouns.md")
    assert quotes(s) == {
        # `Russia wants "…," Putin said`: the attribution after the quotation wins over "Russia"
        "a peaceful resolution of the crisis": ("vladimir-putin", True),
        # "Later, he spoke with Macron": the subject is still Putin, so "he said" is Putin
        "The next round can start in days": ("vladimir-putin", False),
        # a sentence opening with a title is about that person, not the first name in it
        "a common line.": ("volodymyr-zelensky", True),
    }
    roles = {a.id: a.role for a in s.actors}
    assert roles["volodymyr-zelensky"] == "Ukrainian President"  # "KYIV --" is not part of the name


def test_joint_attribution_names_both_speakers():
    s = article("joint_attribution.md")
    got = {q.text: (q.speaker, q.speaker_name) for q in s.quotes}
    both = ("volodymyr-zelensky", "Volodymyr Zelensky and Emmanuel Macron")
    assert got == {
        "Europe stands with Ukraine": both,  # "the two leaders said"
        "We are ready to go further": both,  # "Zelensky and Macron said"
    }


def test_partial_quotes_reported_by_more_verbs_and_untitled_names():
    s = article("partial_reporting.md")
    assert quotes(s) == {
        "diplomacy has been reinvigorated": ("volodymyr-zelensky", True),  # "hailed that"
        "the talks can be constructive.": ("volodymyr-zelensky", True),  # "voicing hope"
        "one way or the other.": ("trump", True),  # a name never titled, right before the verb
        "useful and substantive.": ("ushakov", True),  # "According to X, …"
        # "the United States … the "28-point" plan": "States" is not a verb
    }


def test_a_quotation_ending_in_a_full_stop_ends_the_sentence():
    s = article("quote_ends_sentence.md")
    assert quotes(s) == {
        "highly productive.": ("andrii-yermak", True),
        # the next sentence is Rubio's, not a continuation of Yermak's
        "most fruitful to date.": ("marco-rubio", True),
        "turned out to be very timely.": ("yuri-ushakov", True),
        "a systematic approach": ("yuri-ushakov", True),  # "According to him, …"
    }
    assert any(x.text.startswith("Secretary of State Marco Rubio echoed") for x in s.sentences)


def test_the_speaker_is_the_subject_of_the_verb_nearest_the_quotation():
    s = article("verb_subject.md")
    assert quotes(s) == {
        "friendly regards.": ("vladimir-putin", True),  # "…, while Putin asked …", not Witkoff
        "far more positive": ("new-york-times", True),  # a newspaper reports it
        "very meaningful and quite frank.": ("vladimir-putin", True),  # "Putin, who said …"
    }


def test_attribution_forms_of_wire_copy():
    s = article("attribution_forms.md")
    assert quotes(s) == {
        # "In a post …, the president stated,": the title at the end of the lead-in
        "The tone and spirit of the conversation were excellent.": ("donald-trump", False),
        "Work is underway to start negotiations": ("giorgia-meloni", False),  # her office speaks for her
        # "TASS quoted Putin's aide as saying": the aide, neither Putin nor TASS
        "Russia will not disclose details of the negotiations": ("yuri-ushakov", False),
        # "After the talks concluded, Umerov said …,": the verb nearest the quotation
        "We are now ready for a ceasefire.": ("rustem-umerov", False),
    }
    assert "tass" not in {a.id for a in s.actors}


def test_capitals_unnamed_officials_and_according_to_after_the_quotation():
    a = article("unnamed_speakers_a.md")
    assert {q.text: (q.speaker, q.speaker_name) for q in a.quotes} == {
        "unacceptable demands": ("kyiv", "Kyiv"),  # a capital speaks for its government
        "combat exploits": ("moscow", "Moscow"),
        "plausible evidence": ("andrii-sybiha", "Andrii Sybiha"),  # "…, according to Sybiha"
        "in any format": ("volodymyr-zelensky", "Volodymyr Zelensky"),  # "according to Reuters" relays it
        "productive": (None, "A White House official"),  # said by someone described, not named
    }
    b = assemble([a, article("unnamed_speakers_b.md")])
    productive = sorted((q.speaker or "-", q.sources) for q in b.quotes if q.text == "productive")
    # one word alike is not one quotation: the official's is not Trump's
    assert productive == [("-", ("unnamed_speakers_a",)), ("donald-trump", ("unnamed_speakers_b",))]


def test_the_president_is_the_one_just_speaking_when_the_source_never_titled_him():
    s = article("untitled_president.md")
    assert quotes(s) == {
        "There's no deal until there's a deal": ("donald-trump", False),
        "some great progress.": ("donald-trump", True),  # not Zelensky, titled President earlier
        "We didn't get there": ("donald-trump", False),
    }
    # documents and groups are not people: no "Joint Declaration", no "Coalition Countries"
    assert {a.id for a in s.actors if a.kind == "person"} == {"volodymyr-zelensky", "donald-trump"}


def test_partial_quotes_after_a_noun_verb_a_naming_or_with_the_speaker_in_the_next_sentence():
    s = article("partial_speakers_more.md")
    got = {(q.text, q.speaker, q.partial) for q in s.quotes}
    assert got == {
        ("quite helpful", "lena-varga", True),  # "her remarks": a noun, not the reporting verb
        ("right now", "omar-haddad", True),
        ("a real headache", "omar-haddad", True),  # what he called it: his words
        ("very constructive", "lena-varga", True),  # "This was stated by … Lena Varga"
    }  # its "memorandum" stays the outlet's scare quote
