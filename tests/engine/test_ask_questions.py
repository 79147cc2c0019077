"""ask: each kind of question answered from what it asks about, or not at all."""

from __future__ import annotations

import pytest

from bot.engine.ask import NO_ANSWER, ask
from bot.engine.briefing import assemble
from bot.engine.text import words
from tests.engine.conftest import article


@pytest.fixture(scope="module")
def briefing():
    # Two outlets spell the minister's name two ways (Kovalenko, Kovalyenko); a third has bullets.
    return assemble([article("ask_said_a.md"), article("ask_said_b.md"), article("ask_join.md")])


def test_what_x_said_is_x_quotes_merged_across_sources(briefing):
    said = ask(briefing, "What did Kovalenko say?")
    assert said.answer.startswith("Anna Kovalenko: “We will not sign anything that leaves our ports closed”. ")
    assert "must reopen before the harvest" in said.answer
    assert "sanctions" not in said.answer and "guarantees" not in said.answer  # Baranov's words
    assert [c.source for c in said.citations] == ["ask_said_a", "ask_said_b"]  # both outlets quote her
    other_spelling = ask(briefing, "What did Kovalyenko say about the ports?")
    assert other_spelling.answer == "Anna Kovalenko: “We will not sign anything that leaves our ports closed”."
    assert {c.source for c in other_spelling.citations} == {"ask_said_a", "ask_said_b"}


def test_what_x_said_is_never_another_speakers_words(briefing):
    baranov = ask(briefing, "What did Baranov say?")
    assert "The sanctions must go before any corridor opens" in baranov.answer
    assert "ports closed" not in baranov.answer
    # Ostrova is in the sources, but nothing she said is
    assert ask(briefing, "What did Ostrova say?").answer == "The sources do not say: they quote no words of Lena Ostrova."
    assert ask(briefing, "What did Ostrova say?").citations == ()
    off_topic = ask(briefing, "What did Baranov say about the harvest?")  # the harvest is Kovalenko's word
    assert off_topic.citations == () and off_topic.answer.startswith("The sources do not say")


def test_the_name_asked_is_the_speakers_whole_name(briefing):
    # another first name is another person; two names asked are two speakers, each named
    assert ask(briefing, "What did Maria Kovalenko say?").answer == (
        "The sources do not say: they quote no words of Maria Kovalenko.")
    both = ask(briefing, "What did Kovalenko and Baranov say?")
    assert "Anna Kovalenko: “We will not sign anything" in both.answer
    assert "Piotr Baranov: “The sanctions must go before any corridor opens”." in both.answer


def test_a_day_in_the_question_matches_the_weekday_the_article_wrote(briefing):
    # "on Tuesday" in an article of Wednesday 4 June 2025 is 3 June
    tuesday = ask(briefing, "What did Kovalenko say on June 3?")
    assert tuesday.answer == "Kovalenko wrote on Telegram on Tuesday that 84 soldiers had been released in an exchange."
    monday = ask(briefing, "What did Kovalenko say on 2 June?")  # "said on Monday"
    assert "must reopen before the harvest" in monday.answer
    assert "84 soldiers" not in monday.answer


def test_a_day_alone_asks_what_happened_that_day(briefing):
    day = ask(briefing, "What happened on June 3?")  # "on Tuesday", in the article of 4 June
    assert "84 soldiers had been released" in day.answer and day.citations


def test_a_post_is_what_was_written_on_social_media(briefing):
    posted = ask(briefing, "What did Kovalenko post on social media?")
    assert posted.answer == "Kovalenko wrote on Telegram on Tuesday that 84 soldiers had been released in an exchange."


def test_when_is_what_comes_and_when_did_what_happened(briefing):
    # the venue is a known place now (a base near Anchorage), so the answer names it
    assert ask(briefing, "When is the second round?").answer == (
        "Planned for Friday 20 June 2025 (2025-06-20), in Joint Base Elmendorf-Richardson")
    assert ask(briefing, "When did the second round take place?").answer == NO_ANSWER


def test_how_many_finds_the_number_in_other_words(briefing):
    freed = ask(briefing, "How many soldiers were freed?")  # the article says "released"
    assert freed.answer == "84 soldiers"
    assert freed.citations[0].text.startswith("Kovalenko wrote on Telegram")


def test_how_long_is_a_length_of_time(briefing):
    assert ask(briefing, "How long did the talks in Geneva last?").answer == "less than three hours"


def test_who_is_the_person_the_sentence_gives_for_what_was_asked(briefing):
    # "The Ukrainian delegation was led by Anna Kovalyenko, and the Russian delegation was headed by envoy Piotr Baranov."
    assert ask(briefing, "Who led the Russian delegation?").answer == "Piotr Baranov (envoy)"
    assert ask(briefing, "Who headed the Ukrainian delegation?").answer.startswith("Anna Kovalenko")
    assert ask(briefing, "Who chaired the meeting?").answer == "Lena Ostrova (Mediator)"
    assert ask(briefing, "Who is Lena Ostrova?").answer == "Lena Ostrova: head of the Swiss delegation"


def test_a_compound_matches_its_parts(briefing):
    # "Joint Base Elmendorf-Richardson": asked by one part of the compound
    where = ask(briefing, "Where will the second round be held at the Elmendorf base?")
    assert where.answer == "Joint Base Elmendorf-Richardson"


def test_a_word_no_source_has_does_not_by_itself_refuse_an_answer(briefing):
    # no source says "closed-door"
    assert ask(briefing, "How long did the closed-door talks in Geneva last?").answer == "less than three hours"


def test_what_no_source_answers_is_not_answered(briefing):
    for question in ("When will the envoys visit Tokyo?", "How many tanks did Baranov bring?",
                     "Who won the election in Peru?", "What did the Pope say about the corridor?"):
        answer = ask(briefing, question)
        assert answer.citations == () and answer.answer.startswith(NO_ANSWER[:-1]), question


def test_citations_are_sentences_one_per_source_joined_as_sentences(briefing):
    answer = ask(briefing, "What did the envoys agree on for the corridor?")
    assert answer.answer == "Envoys agreed on monitors for the grain corridor in Geneva."  # a bullet, ended
    for question in ("What did Kovalenko say?", "How many soldiers were freed?", "Who led the Russian delegation?"):
        cites = ask(briefing, question).citations
        assert len({c.source for c in cites}) == len(cites), question
        assert len({words(c.text) for c in cites}) == len(cites), question
        assert all(not c.text.startswith("“") for c in cites), question


def test_the_part_of_the_sentence_that_answers_the_kind_of_question():
    b = assemble([article("ask_counts.md")])
    both = ask(b, "How many soldiers and civilians were exchanged on the first day?")
    assert "270 soldiers" in both.answer and "120 civilians" in both.answer
    # "their first direct talks in over three years" is the time since, not how long they lasted
    assert ask(b, "How long did the direct talks last?").answer == "about two hours"
    assert ask(b, "At what time did the second round start?").answer == "2:43 p.m. local time"
    assert ask(b, "Where did Putin speak to reporters?").answer == "Sochi"  # "the resort city of Sochi"
    assert ask(b, "To how many points was the plan reduced?").answer == "20 points"  # "pared down"
    assert ask(b, "Who offered to host the next round?").answer == "The Vatican"  # no person: who acts


def test_the_one_thanked_is_not_a_speaker_and_a_sentence_is_said_once():
    b = assemble([article("ask_thanked.md")])
    # "thanked … Ruth Kellerman": her name after the verb is the one thanked, not the one speaking
    thanked = ask(b, "What did Kellerman say about the talks?")
    assert thanked.answer.startswith("The sources do not say") and thanked.citations == ()
    # two fragments of one sentence: the sentence once
    haddad = ask(b, "What did Haddad say?")
    assert haddad.answer.count("could escalate") == 1 and "very quickly" in haddad.answer


def test_a_time_written_without_space_or_stops_is_a_time():
    b = assemble([article("ask_times.md")])
    assert ask(b, "What time were the Gozo talks expected to begin?").answer == "7pm local time"


def test_what_was_counted_stops_at_a_function_word():
    b = assemble([article("ask_counted.md")])
    assert ask(b, "How many ferries should the peacetime fleet have?").answer == "40 ferries"  # not "… rather than"
    assert ask(b, "How many letters did Varga receive?").answer == "three letters"  # not "… ahead of"


def test_whose_initiative_it_is_is_not_who_was_met():
    b = assemble([article("ask_whose_push.md")])
    answer = ask(b, "Who did Kellerman meet in Valletta on Tuesday?").answer
    assert "Lena Varga" in answer and "Omar Haddad" in answer
    assert "Orlov" not in answer  # "in Pavel Orlov's push": his initiative, not one of those met
