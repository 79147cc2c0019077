"""Is a feed item about this story? Rules over the headline first, then the article.

An item is taken when it names the story (its parties, places or people) and the talks (a
term of diplomacy). Both are needed: "Russia" alone is most of world news, "talks" alone is
every other negotiation. The story's own actors, from the briefing being served, are story
names too, so the rules follow the story as new people enter it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.answers.common import plural
from bot.feeds.settings import RelevanceRules

ARTICLE_CHARS = 6_000  # the article's lead: enough to know what it is about, bounded work
ARTICLE_TALKS_MIN = 2  # an article without a talks word in its headline needs this many in its lead


class Verdict(StrEnum):
    TAKE = "take"
    SKIP = "skip"
    READ = "read"  # the headline is not enough: decide on the article


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str


class Relevance:
    """Compiled rules; `actors` are the story's people and organizations by name."""

    def __init__(self, rules: RelevanceRules, actors: Iterable[str] = ()) -> None:
        self._story = _matcher([*rules.story, *_actor_terms(actors)])
        self._talks = _matcher(rules.talks)
        self._exclude = _matcher(rules.exclude)

    def headline(self, title: str, summary: str) -> Decision:
        text = f"{title}\n{summary}"
        if excluded := _found(self._exclude, text):
            return Decision(Verdict.SKIP, f"excluded by {_listed(excluded)}")
        story, talks = _found(self._story, text), _found(self._talks, text)
        if story and talks:
            return Decision(Verdict.TAKE, f"about {_listed(story)} and {_listed(talks)}")
        if story or talks:
            # Headlines are short: "Talks resume in Istanbul" is about the story, and the article says so.
            found = f"names {_listed(story)}" if story else f"mentions {_listed(talks)}"
            return Decision(Verdict.READ, f"{found}; the article decides")
        return Decision(Verdict.SKIP, "off-topic: none of the story's names, places or talks terms")

    def article(self, text: str) -> Decision:
        lead = text[:ARTICLE_CHARS]
        if excluded := _found(self._exclude, lead):
            return Decision(Verdict.SKIP, f"excluded by {_listed(excluded)} in the article")
        story, talks = _found(self._story, lead), _found(self._talks, lead, every=True)
        if story and len(talks) >= ARTICLE_TALKS_MIN:
            return Decision(Verdict.TAKE, f"the article is about {_listed(story)} and {_listed(sorted(set(talks)))}")
        if not story:
            return Decision(Verdict.SKIP, "off-topic: the article names none of the story's parties, places or people")
        return Decision(Verdict.SKIP, f"off-topic: the article's lead has {plural(len(talks), 'talks term')}")


def _matcher(terms: Iterable[str]) -> re.Pattern[str] | None:
    parts = []
    for term in {t.strip() for t in terms if t and t.strip()}:
        stem = term.removesuffix("*")
        body = r"\s+".join(re.escape(word) for word in stem.split())
        parts.append(body + (r"\w*" if term.endswith("*") else ""))
    if not parts:
        return None
    # Longest first, so "peace plan" wins over "peace" in the reason.
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _found(pattern: re.Pattern[str] | None, text: str, *, every: bool = False) -> list[str]:
    if pattern is None:
        return []
    hits = [m.group(0) for m in pattern.finditer(text)]
    if every:
        return hits
    out: list[str] = []
    for hit in hits:
        if hit.casefold() not in {o.casefold() for o in out}:
            out.append(hit)
    return out


def _listed(words: list[str]) -> str:
    shown = [f'"{w}"' for w in words[:3]]
    return ", ".join(shown) + (f" (+{len(words) - 3})" if len(words) > 3 else "")


def _actor_terms(names: Iterable[str]) -> list[str]:
    """A person's surname is how headlines name them ("Witkoff flies to Moscow")."""
    terms: list[str] = []
    for name in names:
        words = name.split()
        if len(words) >= 2 and words[-1][:1].isupper() and len(words[-1]) >= 4:
            terms.append(words[-1])
        elif len(words) == 1 and len(name) >= 4:
            terms.append(name)
    return terms
