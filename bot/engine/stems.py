"""A word's search term: "inspected", "inspects" and "inspecting" all ask for "inspect".

The Snowball stemmer (PyStemmer: C, about 0.2 µs a word, no data to download) takes off
regular endings. Past forms it cannot see through ("met", "held") are looked up first, and
words that mean the same thing in a question and in an article share one term: synonyms,
a people's name and its country's ("Ukrainian" = "Ukraine"), number words and digits
("thousand" = "1000"), and the spellings of one name ("Kiev" = "Kyiv", "Türkiye" = "Turkey").
"""

from __future__ import annotations

import Stemmer
from rapidfuzz.fuzz import ratio

from bot.engine.lexicon import DEMONYMS

# Words that mean the same thing in a question and in an article: every form → the first.
SYNONYMS = {
    "ceasefire": ("ceasefire", "truce", "cessation", "armistice"),
    "talk": ("talk", "negotiation", "meeting", "meet", "summit", "dialogue", "negotiate", "negotiating"),
    "host": ("host", "hosted", "hosting", "held", "hold", "holding", "venue"),
    "sanction": ("sanction", "penalty", "penalties"),
    "say": ("say", "said", "says", "tell", "told", "stated", "declared", "wrote", "write", "post", "posted",
            "tweet", "tweeted", "remark", "remarked", "comment", "commented"),
    "release": ("release", "released", "free", "freed", "freeing", "liberate", "liberated", "return", "returned",
                "repatriate", "repatriated", "repatriation"),
    "exchange": ("exchange", "swap", "swapped", "swapping", "trade", "traded"),
    "prisoner": ("prisoner", "pow", "pows", "captive", "captives", "detainee", "detainees"),
    "soldier": ("soldier", "troops", "serviceman", "servicemen", "warrior", "warriors", "serviceperson"),
    "lead": ("lead", "led", "head", "headed", "heading", "leading", "chair", "chaired"),
    "agreement": ("agreement", "deal", "accord"),
    "propose": ("propose", "proposal", "plan", "framework", "initiative"),
    "reduce": ("reduce", "reduced", "cut", "trim", "trimmed", "pare", "pared", "shrink", "shrunk", "slash", "slashed"),
    "child": ("child", "children", "kid", "kids"),
    "kyiv": ("kyiv", "kiev"),
    "turkey": ("turkey", "turkiye", "türkiye"),
}
# Forms matched as written only: their stem is another word's ("stated" → "state", as in
# "United States"; "declared" → "declar", as in "declaration"; "free" stays "free" in "freedom").
_AS_WRITTEN = frozenset({"stated", "declared", "free"})

NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "fifty": "50", "hundred": "100", "thousand": "1000", "million": "1000000",
}

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
for _word, _digits in NUMBER_WORDS.items():
    _CANON.setdefault(_word, _digits)
    _CANON.setdefault(_word + "s", _digits)  # "thousands", "hundreds"
for _people, _country in DEMONYMS.items():
    if _country and " " not in _country and _people.isalpha() and len(_people) > 3:
        _CANON.setdefault(_people, _CANON.get(_country.lower(), _stemmed(_country.lower())))


def stem(word: str) -> str:
    """The search term of a folded word (see text.words)."""
    canon = _CANON.get(word)
    if canon is not None:
        return canon
    stemmed = _stemmed(word)
    return _CANON.get(stemmed, stemmed)


def skeleton(word: str) -> str:
    """A folded name's first two letters and its consonants, for spellings of one name: Umerov,
    Umierov and Umyerov read "umrv"; Zelensky, Zelenskyy and Zelenskiy read "zelnsk"."""
    out = [word[:2]]
    for c in word[2:]:
        if c not in "aeiouy" and c != out[-1]:
            out.append(c)
    return "".join(out)


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name: the same skeleton and nearly the same letters (Umerov and
    Umierov are, Melania and Meloni are not)."""
    return skeleton(a) == skeleton(b) and ratio(a, b) >= 85
