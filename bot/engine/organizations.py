"""An organization, a country or a document as the speaker: "the Kremlin said", "a statement on
the ministry's website", "according to the office of the Turkish president".

A document speaks for whoever published it; "the ministry" alone is the ministry the source
last named.
"""

from __future__ import annotations

import re

from bot.engine import lexicon as lx
from bot.engine.text import fold

_DOCUMENTS = (
    r"statement|communiqu[eé]|readout|release|press release|post|message|letter|decree|transcript"
    r"|report|note|notice|website|site|account|channel|page|briefing"
)
# "a statement on/from/by X", "a statement published on X's website": the publisher is X.
_DOCUMENT_OF = re.compile(
    rf"^(?:(?:a|an|the|its|their|one)\s+)?(?:\w+\s+)?(?:{_DOCUMENTS})\s+(?:(?:issued|published|posted|released)\s+)?(?:on|from|by|of|in)\s+(?P<rest>.+)$",
    re.I,
)
_POSSESSED_DOCUMENT = re.compile(rf"^(?P<rest>.+?)[’']s?\s+(?:official\s+)?(?:{_DOCUMENTS})$", re.I)
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.I)
# A capital speaks for its government: "Kyiv accused …", "Moscow insists …".
_CAPITALS = frozenset({"kyiv", "kiev", "moscow", "washington", "ankara", "beijing", "london", "paris", "berlin",
                       "brussels", "minsk", "tehran", "warsaw", "budapest", "abu dhabi", "riyadh", "doha"})


def organization_phrase(phrase: str) -> str | None:
    """The organization (or country) a speaker phrase names, as written, or None."""
    p = " ".join(phrase.strip(" ,").split())
    for _ in range(3):
        m = _DOCUMENT_OF.match(p) or _POSSESSED_DOCUMENT.match(p)
        if not m:
            break
        p = m["rest"].strip()
    p = _DETERMINER.sub("", p)
    words = p.split()
    if not words or len(words) > 7:
        return None
    head = words[0] if len(words) > 2 and fold(words[1]) == "of" else words[-1]
    folded = fold(head.rstrip(".,"))
    if folded in lx.ORG_WORDS or head in lx.ORG_ACRONYMS or fold(p) in lx.COUNTRIES or fold(p) in _CAPITALS:
        # A person's title is not an organization: "Kremlin spokesman Dmitry Peskov" ends in a name.
        return p
    return None


def is_named(name: str) -> bool:
    """'Russian Foreign Ministry' names one; 'ministry' or 'foreign ministry' only refers back."""
    return any(w[:1].isupper() for w in name.split())


def head_word(name: str) -> str:
    words = fold(name).split()
    return words[0] if len(words) > 2 and words[1] == "of" else words[-1]
