"""A person named by a title instead of a name: "the head of state added", "the Kremlin official said".

The title is matched against the roles the source gave its people ("Kremlin aide Yuri Ushakov"),
nearest mention first: the person is whoever the story last spoke of with that role.
"""

from __future__ import annotations

import re

from bot.engine import lexicon as lx
from bot.engine.text import fold

# What each title may stand for, as words of a role; None: any role but a head of state's.
_MEANS: dict[str, tuple[str, ...] | None] = {
    "head of state": ("president", "king", "queen", "emir", "monarch"),
    "head of government": ("prime minister", "premier", "chancellor"),
    "leader": ("president", "prime minister", "premier", "chancellor", "leader", "king", "emir"),
    "president": ("president",),
    "premier": ("prime minister", "premier"),
    "prime minister": ("prime minister", "premier"),
    "chancellor": ("chancellor",),
    "minister": ("minister",),
    "diplomat": ("minister", "envoy", "ambassador", "diplomat"),
    "envoy": ("envoy", "ambassador"),
    "ambassador": ("ambassador",),
    "negotiator": ("negotiator", "envoy", "delegation"),
    "spokesman": ("spokesman", "spokeswoman", "spokesperson", "press secretary"),
    "spokeswoman": ("spokesman", "spokeswoman", "spokesperson", "press secretary"),
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson", "press secretary"),
    "aide": ("aide", "adviser", "advisor"),
    "adviser": ("aide", "adviser", "advisor"),
    "advisor": ("aide", "adviser", "advisor"),
    "official": None,
    "secretary": ("secretary",),
    "envoys": None,
}
NOUNS = frozenset(w for k in _MEANS for w in k.split()) - {"of"}  # a title phrase holds one of these
_HEADS = ("president", "king", "queen", "emir", "monarch", "prime minister", "premier", "chancellor")
_TITLE = re.compile(
    r"^(?:the|this|that)\s+(?P<mods>(?:[\w.’'\-]+\s+){0,3}?)"
    r"(?P<noun>head of state|head of government|prime minister|head of the (?:\w+ )?delegation|"
    + "|".join(k for k in _MEANS if " " not in k)
    + r")$",
    re.I,
)
_COUNTRY_WORDS = {**lx.DEMONYMS, "kremlin": "Russia", "us": "United States", "u.s.": "United States"}


_COUNTRY_RE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in sorted(_COUNTRY_WORDS, key=len, reverse=True)) + r")(?![\w])")


def parse(phrase: str) -> tuple[tuple[str, ...] | None, str | None] | None:
    """('role words it may stand for', country named by a modifier) for a title phrase, else None."""
    m = _TITLE.match(" ".join(phrase.split()))
    if not m:
        return None
    noun = fold(m["noun"])
    means = ("delegation", "negotiator") if noun.startswith("head of the") else _MEANS[noun]
    country = None
    for word in fold(m["mods"]).split():
        if word in _COUNTRY_WORDS:
            country = _COUNTRY_WORDS[word]
    if noun.startswith("head of the") and country is None:
        for word in noun.split():
            country = country or _COUNTRY_WORDS.get(word)
    return means, country


def fits(role: str, means: tuple[str, ...] | None, country: str | None) -> int:
    """How well a person's role fits a title: 2 names its country too, 1 fits, 0 does not."""
    folded = fold(role)
    if means is None:
        if not folded or any(head in folded for head in _HEADS):
            return 0
    elif not any(word in folded for word in means):
        return 0
    if country is None:
        return 1
    named = {_COUNTRY_WORDS[m[0]] for m in _COUNTRY_RE.finditer(folded) if _COUNTRY_WORDS.get(m[0])}
    if fold(country) in folded or country in named:
        return 2
    return 0 if named else 1  # a role naming another country is someone else


_LEADING = re.compile(
    r"^(?:(?:But|And|Meanwhile|Later|Earlier|However),?\s+)?(?P<phrase>(?:the|this|that)\s+(?:[\w.’'\-]+\s+){0,3}?"
    r"(?:head of state|head of government|prime minister|" + "|".join(k for k in _MEANS if " " not in k) + r"))\b",
    re.I,
)


def leading_title(text: str) -> str | None:
    """The title a sentence opens with ("The president said …" → "The president"), if any."""
    m = _LEADING.match(text)
    return m["phrase"] if m else None


# "the two leaders said", "both presidents said": several people speaking as one.
_JOINT = re.compile(
    r"^(?:the\s+two|both|the\s+three|the)\s+(?:(?:[\w.’'\-]+)\s+)?(?P<noun>leaders|presidents|ministers|envoys|negotiators|heads of state|foreign ministers)$",
    re.I,
)
_PLURAL = {"leaders": "leader", "presidents": "president", "ministers": "minister", "envoys": "envoy",
           "negotiators": "negotiator", "heads of state": "head of state", "foreign ministers": "minister"}


def joint(phrase: str) -> tuple[tuple[str, ...] | None, int] | None:
    """(role words, how many people) for 'the two leaders'; None when the phrase is not one."""
    m = _JOINT.match(" ".join(phrase.split()))
    if not m:
        return None
    count = 3 if "three" in phrase.lower() else 2
    return _MEANS[_PLURAL[fold(m["noun"])]], count


_TRAILING = re.compile(
    r"(?:the|this|that)\s+(?:[\w.’'\-]+\s+){0,3}?(?:head of state|head of government|prime minister|"
    + "|".join(k for k in _MEANS if " " not in k)
    + r")$",
    re.I,
)
_POSSESSIVE = re.compile(r"\b[A-Z][\w\-]+[’']s\s+(" + "|".join(k for k in _MEANS if " " not in k) + r")$")


def trailing_title(text: str) -> str | None:
    """The title a phrase ends with ("In a post, the president" → "the president"; "Putin's aide"
    → "the aide")."""
    m = _TRAILING.search(text)
    if m:
        return m.group(0)
    m = _POSSESSIVE.search(text)
    return f"the {m[1]}" if m else None
