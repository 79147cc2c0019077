"""Attribution as news wires write it, beyond `"…," X said`: one short article per class."""

from __future__ import annotations

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
