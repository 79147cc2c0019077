"""ask: a "when" answer is a date about what was asked, not a date that shares a sentence with it."""

from __future__ import annotations

from bot.engine.ask import NO_ANSWER, ask
from bot.engine.briefing import assemble
from bot.engine.stems import stem
from tests.engine.conftest import article


def test_a_ceasefire_in_another_clause_is_not_dated_by_the_talks(seed_briefing):
    # "… meet with Putin in Istanbul this Thursday, … despite objections from leaders who demand a ceasefire"
    for question in ("When is the ceasefire?", "When is the cease-fire?", "When is the truce?"):
        answer = ask(seed_briefing, question)
        assert answer.answer == NO_ANSWER and answer.citations == (), question
    talks = ask(seed_briefing, "When are the talks?")
    assert "2025-05-15" in talks.answer
    assert all("Thursday" in c.text for c in talks.citations)  # the sentences that date the talks


def test_when_needs_the_term_in_the_clause_with_the_date():
    b = assemble([article("when_about.md")])
    assert ask(b, "When is the ceasefire?").answer == NO_ANSWER  # "on Friday, despite calls … for a ceasefire"
    assert ask(b, "When is the truce?").answer == NO_ANSWER  # "said on Monday that a truce would …"
    meet = ask(b, "When will negotiators meet?")
    assert meet.answer == "Planned for Friday 6 June 2025 (2025-06-06), in Geneva"
    assert "2025-06-06" in ask(b, "When are the talks?").answer  # "The talks, scheduled for Friday, …"
    swap = ask(b, "When was the prisoner exchange?")  # "On Sunday, the two sides completed …"
    assert "2025-06-01" in swap.answer and swap.citations[0].text.startswith("On Sunday")


def test_when_is_asks_about_now_or_later():
    b = assemble([article("when_about.md")])
    assert ask(b, "When is the prisoner exchange?").answer == NO_ANSWER  # it was over when reported


def test_a_date_that_is_about_the_ceasefire_answers():
    b = assemble([article("when_about.md"), article("when_ceasefire.md")])
    answer = ask(b, "When is the ceasefire?")
    assert answer.answer == "Planned for Saturday 7 June 2025 (2025-06-07)"
    assert [c.source for c in answer.citations] == ["when_ceasefire"]


def test_a_month_or_a_week_is_answered_with_in():
    b = assemble([article("when_month.md")])
    talks = ask(b, "When were the first talks in Riyadh?")
    assert talks.answer == "In March 2025, in Riyadh"
    assert talks.citations[0].text.startswith("Envoys held a first round of talks")
    assert ask(b, "When was the dam inspected?").answer == "In the week of Monday 2 June 2025"


def test_a_question_finds_other_forms_of_its_words():
    b = assemble([article("ask_inflections.md"), article("when_month.md")])
    met = ask(b, "When did the envoys meet?")  # "Envoys met in Vienna on Monday"
    assert met.answer == "On Monday 9 June 2025 (2025-06-09), in Vienna"
    assert met.citations[0].text.startswith("Envoys met in Vienna")
    warned = ask(b, "What did the foreign minister warn?")
    assert warned.answer == "The foreign minister warned that sanctions would follow any new strike."
    assert ask(b, "When did engineers inspect the dam?").answer == "In the week of Monday 2 June 2025"
    assert ask(b, "When were the inspections of the dam?").answer == "In the week of Monday 2 June 2025"
    # "stated" is a form of "say" as written only: "States" stays a word of its own
    assert [stem(w) for w in ("stated", "states", "said", "met", "meetings", "warns")] == [
        "say", "state", "say", "talk", "talk", "warn"]


def test_when_did_is_not_answered_with_what_is_planned():
    b = assemble([article("when_about.md")])
    assert ask(b, "When will negotiators meet?").answer == "Planned for Friday 6 June 2025 (2025-06-06), in Geneva"
    assert ask(b, "When did negotiators meet?").answer == NO_ANSWER
