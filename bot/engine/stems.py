"""A word's search term: "inspected", "inspects" and "inspecting" all ask for "inspect".

The Snowball stemmer (PyStemmer: C, about 0.2 µs a word, no data to download) takes off
regular endings. Past forms it cannot see through ("met", "held") are looked up first, and
words that mean the same thing in a question and in an article share one term.
"""

from __future__ import annotations

import Stemmer

# Words that mean the same thing in a question and in an article: every form → the first.
SYNONYMS = {
    "ceasefire": ("ceasefire", "truce", "cessation", "armistice"),
    "talk": ("talk", "negotiation", "meeting", "meet", "summit", "dialogue", "negotiate", "negotiating"),
    "host": ("host", "hosted", "hosting", "held", "hold", "holding", "venue"),
    "sanction": ("sanction", "penalty", "penalties"),
    "say": ("say", "said", "says", "tell", "told", "stated", "declared", "wrote"),
}
# Forms matched as written only: their stem is another word's ("stated" → "state", as in
# "United States").
_AS_WRITTEN = frozenset({"stated"})

# Irregular past forms → the verb (the regular ones are the stemmer's).
IRREGULAR = {
    "began": "begin", "begun": "begin", "bought": "buy", "broke": "break", "broken": "break",
    "brought": "bring", "built": "build", "came": "come", "chose": "choose", "chosen": "choose",
    "drew": "draw", "drawn": "draw", "fell": "fall", "fallen": "fall", "felt": "feel",
    "fled": "flee", "fought": "fight", "found": "find", "gave": "give", "given": "give",
    "heard": "hear", "held": "hold", "kept": "keep", "knew": "know", "known": "know",
    "laid": "lay", "led": "lead", "left": "leave", "lost": "lose", "made": "make", "met": "meet",
    "paid": "pay", "ran": "run", "rose": "rise", "risen": "rise", "said": "say", "saw": "see",
    "seen": "see", "sent": "send", "shot": "shoot", "sought": "seek", "spoke": "speak",
    "spoken": "speak", "stood": "stand", "struck": "strike", "taken": "take", "took": "take",
    "thought": "think", "told": "tell", "went": "go", "won": "win", "wrote": "write",
    "written": "write",
}

_STEMMER = Stemmer.Stemmer("english")


def _stemmed(word: str) -> str:
    return _STEMMER.stemWord(IRREGULAR.get(word, word))


_CANON: dict[str, str] = {}
for _canon, _forms in SYNONYMS.items():
    for _form in _forms:
        _CANON[_form] = _canon
        if _form not in _AS_WRITTEN:
            _CANON.setdefault(_stemmed(_form), _canon)


def stem(word: str) -> str:
    """The search term of a folded word (see text.words)."""
    canon = _CANON.get(word)
    if canon is not None:
        return canon
    stemmed = _stemmed(word)
    return _CANON.get(stemmed, stemmed)
