"""Which feed items are about the story: headlines written for these tests, one per class."""

from __future__ import annotations

import pytest

from bot.feeds.relevance import Relevance, Verdict
from bot.feeds.settings import RelevanceRules

RULES = Relevance(RelevanceRules(), actors=["Steve Witkoff", "Donald Trump", "Kremlin"])


@pytest.mark.parametrize(("title", "verdict"), [
    ("Zelensky says he is ready to meet Putin in Istanbul", Verdict.TAKE),  # names and talks
    ("Witkoff reports progress after five hours with the Coalition of the Willing", Verdict.TAKE),  # an actor's surname
    ("A self-styled peacemaker flies home from the summit in Alaska", Verdict.READ),  # talks only: the article decides
    ("Russia and Ukraine: what happened on Thursday", Verdict.READ),  # names only: the article decides
    ("Harbour festival draws record crowds", Verdict.SKIP),  # neither
    ("Trump's peace envoy lands in Moscow", Verdict.TAKE),
])
def test_headlines(title: str, verdict: Verdict):
    assert RULES.headline(title, "").verdict is verdict


def test_the_summary_counts_with_the_headline():
    decision = RULES.headline("Second day in Geneva", "Ukrainian and Russian negotiators resumed talks on a ceasefire.")
    assert decision.verdict is Verdict.TAKE
    assert decision.reason == 'about "Ukrainian", "Russian" and "negotiators", "talks", "ceasefire"'


def test_an_excluded_term_wins():
    rules = Relevance(RelevanceRules(exclude=["football"]))
    decision = rules.headline("Ukraine and Russia football teams meet in qualifier", "")
    assert (decision.verdict, decision.reason) == (Verdict.SKIP, 'excluded by "football"')


def test_an_article_needs_the_story_and_two_talks_terms_in_its_lead():
    assert RULES.article("Kyiv hosted a marathon on Sunday; runners crossed the city.").reason == \
        "off-topic: the article's lead has 0 talks terms"
    assert RULES.article("The summit ended. Nothing about the war was said.").reason == \
        "off-topic: the article names none of the story's parties, places or people"
    assert RULES.article("Kyiv sent a delegation to the talks on a ceasefire.").verdict is Verdict.TAKE
