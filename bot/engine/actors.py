"""Actors: people and organizations named in a source, with aliases and roles from appositives.

A source's mentions are found as runs of capitalized words, split into a role prefix
("French President") and a name ("Emmanuel Macron"). Later single-word mentions ("Macron")
resolve to the full name; spelling variants (Zelensky/Zelenskyy) are merged by similarity.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from bot.engine import lexicon as lx
from bot.engine.models import Actor
from bot.engine.text import fold, slug, tokens

PARTICLES = frozenset({"de", "da", "van", "von", "bin", "al", "la", "le", "du", "der", "di", "ibn"})
SURNAME_SIMILARITY = 85
MAX_ACTORS_PER_SOURCE = 150


@dataclass
class _Chunk:
    role: list[str]
    name: list[str]
    start: int  # offset of the name's first token
    end: int
    role_start: int


@dataclass
class DocActor:
    key: str
    name: list[str]
    kind: str = "person"
    roles: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    known: Actor | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: str  # actor id


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or word in {"U.S.", "U.K.", "U.N.", "E.U."}


def _is_place(words: list[str]) -> bool:
    joined = fold(" ".join(words))
    return joined in lx.COUNTRIES or joined in lx.CITIES or joined.removeprefix("the ") in lx.COUNTRIES


def _is_thing(words: list[str]) -> bool:
    """A place or thing named in capitals: "Baltic Sea", "General Staff", "Presidential Complex"."""
    return bool(words) and fold(words[-1].rstrip(".")) in lx.THING_WORDS


def _is_org(words: list[str]) -> bool:
    return any(w in lx.ORG_ACRONYMS or fold(w) in lx.ORG_WORDS for w in words)


def place_of(words: list[str]) -> str | None:
    joined = fold(" ".join(words))
    if joined in lx.CITIES or joined in lx.COUNTRIES:
        return " ".join(words)
    return None


def chunks(text: str, start: int, end: int) -> list[_Chunk]:
    """Capitalized runs in text[start:end], each split into role prefix and name."""
    toks = tokens(text, start, end)
    out: list[_Chunk] = []
    i = 0
    while i < len(toks):
        word = toks[i][0]
        low = fold(word)
        starts_role = low in lx.PERSON_TITLES or low in lx.DEMONYMS
        if not (_is_cap(word) or (starts_role and _title_chain(toks, i))):
            i += 1
            continue
        j = i
        run: list[tuple[str, int, int]] = []
        while j < len(toks):
            w = toks[j][0]
            lw = fold(w)
            if run and text[run[-1][2] : toks[j][1]].strip():
                break  # punctuation between words ends a name
            if _is_cap(w) or (lw in PARTICLES and run and j + 1 < len(toks) and _is_cap(toks[j + 1][0])) or (lw in lx.PERSON_TITLES and _title_chain(toks, j)) or (lw in ("of", "the") and _of_title(run, toks, j)):
                run.append(toks[j])
            elif lw == "and" and run and not any(fold(t[0]) in _TITLE_WORDS for t in run) and (k := _and_body(toks, j, text)):
                run.extend(toks[j:k])  # "National Security and Defence Council": one body, not two names
                j = k
                continue
            else:
                break
            j += 1
        i = max(j, i + 1)
        chunk = _split_chunk(run)
        if chunk:
            out.append(chunk)
    return out


_TITLE_WORDS = lx.PERSON_TITLES | lx.DEMONYMS.keys()
_OF_TITLE_HEADS = lx.PERSON_TITLES | lx.ORG_WORDS


def _of_title(run: list[tuple[str, int, int]], toks: list[tuple[str, int, int]], j: int) -> bool:
    """'of' (and 'the') inside a title: "Secretary of State", "Head of the Office"."""
    word = fold(toks[j][0])
    if not run or j + 1 >= len(toks) or not _is_cap(toks[j + 1][0]):
        return False
    if word == "of":
        return fold(run[-1][0]) in _OF_TITLE_HEADS
    return word == "the" and fold(run[-1][0]) == "of"


def _plural_title(word: str) -> bool:
    """ "Envoys Lena Varga and Omar Haddad": a plural role noun heads a list of names, no one's role."""
    return len(word) > 4 and word.endswith("s") and word[:-1] in lx.ROLE_NOUNS


def _and_body(toks: list[tuple[str, int, int]], j: int, text: str) -> int:
    """End of "and Defence Council" after a capitalized run: capitalized words up to a body's word
    ("Council", "Committee"), else 0."""
    k = j + 1
    while k < len(toks) and k - j <= 4 and _is_cap(toks[k][0]) and not text[toks[k - 1][2] : toks[k][1]].strip():
        if fold(toks[k][0]) in lx.ROLE_NOUNS or fold(toks[k][0]) in lx.DEMONYMS:
            return 0  # "Rubio and Ukrainian Presidential Office Head …": a titled person follows
        if k > j + 1 and fold(toks[k][0]).rstrip(".") in lx.ORG_WORDS:
            return k + 1
        k += 1
    return 0


def _title_chain(toks: list[tuple[str, int, int]], i: int) -> bool:
    """Title words from toks[i] on lead to a capitalized word ("special envoy Steve …")."""
    j = i
    while j < len(toks) and j - i < 4 and (fold(toks[j][0]) in _TITLE_WORDS or _plural_title(fold(toks[j][0]))):
        j += 1
    return j > i and j < len(toks) and _is_cap(toks[j][0])


def _split_chunk(run: list[tuple[str, int, int]]) -> _Chunk | None:
    k = 0
    while k < len(run):
        lw = fold(run[k][0])
        # Organization words lead a title too when a title word follows ("Presidential Office Head").
        org_title = lw in lx.ORG_WORDS and k + 2 < len(run) and any(fold(t[0]) in lx.PERSON_TITLES for t in run[k + 1 : -1])
        if lw in lx.PERSON_TITLES or lw in lx.DEMONYMS or lw in lx.HONORIFICS or org_title or _plural_title(lw) or (
            lw in lx.NOT_NAMES and k + 1 < len(run)
        ):
            k += 1
            continue
        break
    # "Maltese Foreign Minister Lena Varga": words the lexicon does not know before a role noun are
    # still the title, since a name never holds a role noun with more name after it.
    for n in range(len(run) - 2, k - 1, -1):
        if fold(run[n][0]) in lx.ROLE_NOUNS and all(_is_cap(t[0]) for t in run[n + 1 :]):
            k = n + 1
            break
    role_toks = run[:k]
    name_toks = run[k:]
    if any(t[0] == "and" for t in name_toks):
        return None  # "the National Security and Defence Council": a body, no one's name
    # A name never contains a weekday, month or function word: cut there.
    for n, tok in enumerate(name_toks):
        if fold(tok[0]) in lx.NOT_NAMES:
            name_toks = name_toks[:n]
            break
    if not name_toks:
        return None
    # Role words a name cannot start with ("Western", "The") are not a role either.
    role = [t[0] for t in role_toks if fold(t[0]) not in lx.NOT_NAMES or fold(t[0]) in lx.DEMONYMS or fold(t[0]) in lx.ORG_WORDS or t[0] == "and"]
    if any(_plural_title(fold(w)) for w in role):
        role = []
    if any(fold(t[0]) == "of" for t in role_toks[1:]):  # "Secretary of State": keep its small words
        first = next((n for n, t in enumerate(role_toks) if fold(t[0]) not in ("the", "a", "an")), 0)
        role = [t[0] for t in role_toks[first:]]
    if role and fold(role[-1]) in lx.DEMONYMS and len(role) == 1:
        role = []
    return _Chunk(
        role=role,
        name=[t[0] for t in name_toks],
        start=name_toks[0][1],
        end=name_toks[-1][2],
        role_start=(role_toks[0][1] if role_toks else name_toks[0][1]),
    )


@lru_cache(maxsize=8192)
def skeleton(name: str) -> str:
    """A surname's consonants after its first letter, doubles collapsed: Umerov, Umyerov and
    Umierov are all "umrv"; Zelensky, Zelenskyy and Zelenskiy "zlnsk" (transliterations differ in vowels)."""
    f = fold(name)
    out = f[:1]
    for c in f[1:]:
        if c.isalpha() and c not in "aeiouy" and c != out[-1]:
            out += c
    return out


def similar_surname(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if min(len(fa), len(fb)) < 4:
        return False
    if fa[:3] == fb[:3] and fuzz.ratio(fa, fb) >= SURNAME_SIMILARITY:
        return True
    return fa[0] == fb[0] and len(fa) >= 5 and skeleton(fa) == skeleton(fb) and fuzz.ratio(fa, fb) >= 75


def similar_first_name(a: str, b: str) -> bool:
    """First names alike: a surname's test, or a short transliteration (Yuri, Yury; Andrii, Andriy)."""
    fa, fb = fold(a), fold(b)
    return similar_surname(fa, fb) or (min(len(fa), len(fb)) >= 4 and fa[:3] == fb[:3] and skeleton(fa) == skeleton(fb))


def same_person(a: list[str], b: list[str]) -> bool:
    """Two names for one person: surnames alike, and first names alike where both are given."""
    if not similar_surname(a[-1], b[-1]):
        return False
    if len(a) > 1 and len(b) > 1:
        return similar_first_name(a[0], b[0])
    return True


class ActorIndex:
    """The actors of one source and where each is mentioned."""

    def __init__(self, known: tuple[Actor, ...] = (), outlet: str | None = None) -> None:
        self.known = known
        self.outlet = fold(outlet or "")  # the outlet's own name ("KYIV (Reuters)") is never an actor
        self.doc: dict[str, DocActor] = {}
        self.mentions: list[Mention] = []
        self._starts: list[int] = []

    # -- building -----------------------------------------------------------------
    def scan(self, text: str, spans: list[tuple[int, int]], discover: list[bool]) -> None:
        """First pass: full names with roles; second pass: every mention, resolved."""
        found = [chunks(text, s, e) for s, e in spans]
        for chunk_list, may_discover in zip(found, discover, strict=True):
            if not may_discover:
                continue
            for c in chunk_list:
                if _is_place(c.name) or _is_thing(c.name) or (_is_org(c.name) and not c.role) or self._is_outlet(c.name):
                    continue
                if c.role or len(c.name) >= 2:
                    if len(c.name) > 4 or (not c.role and not _looks_like_name(c.name)):
                        continue
                    self._add_person(c.name, " ".join(c.role) or None)
        for chunk_list in found:
            for c in chunk_list:
                actor = self.resolve_words(c.name)
                if actor:
                    self._mention(c.start, c.end, actor)

    def add_speaker(self, words: list[str], start: int, end: int) -> str | None:
        """A capitalized subject of a speech verb is someone, even if never titled."""
        actor = self.resolve_words(words)
        if actor is None and not _is_place(words) and not _is_thing(words) and not self._is_outlet(words) and all(fold(w) not in lx.NOT_NAMES for w in words):
            kind = "organization" if _is_org(words) else "person"
            actor = self._add_person(words, None, kind)
        if actor:
            self._mention(start, end, actor)
        return actor

    def add_organization(self, name: str, start: int, end: int) -> str | None:
        """An organization or country that speaks or acts, named as written ("Russian Foreign Ministry")."""
        words = name[:1].upper() + name[1:]
        folded = fold(words)
        for actor in self.doc.values():
            if actor.kind == "organization" and (fold(" ".join(actor.name)) == folded or folded in {fold(a) for a in actor.aliases}):
                self._mention(start, end, actor.key)
                return actor.key
        known = self._known_for(words.split())
        key = known.id if known else slug(words.replace("’s ", "s ").replace("'s ", "s "))
        if key not in self.doc:
            if len(self.doc) >= MAX_ACTORS_PER_SOURCE:
                return None
            self.doc[key] = DocActor(key=key, name=words.split(), kind="organization", known=known)
        self._mention(start, end, key)
        return key

    def _is_outlet(self, words: list[str]) -> bool:
        return bool(self.outlet) and fold(words[-1]) in self.outlet and fold(" ".join(words)) in self.outlet

    def _add_person(self, name: list[str], role: str | None, kind: str = "person") -> str | None:
        for actor in self.doc.values():
            if actor.kind == kind and same_person(actor.name, name):
                if len(name) > len(actor.name):
                    actor.aliases.add(" ".join(actor.name))
                    actor.name = name
                elif name != actor.name:
                    actor.aliases.add(" ".join(name))
                if role:
                    actor.roles[role] += 1
                return actor.key
        if len(self.doc) >= MAX_ACTORS_PER_SOURCE:
            return None  # each name is compared with every actor: an article's work stays bounded
        known = self._known_for(name)
        key = known.id if known else slug(" ".join(name))
        actor = DocActor(key=key, name=name, kind=known.kind if known else kind, known=known)
        if role:
            actor.roles[role] += 1
        self.doc[key] = actor
        return key

    def _known_for(self, name: list[str]) -> Actor | None:
        folded = fold(" ".join(name))
        for actor in self.known:
            if folded == fold(actor.name) or folded in {fold(a) for a in actor.aliases}:
                return actor
        for actor in self.known:
            if actor.kind == "person" and same_person(actor.name.split(), name):
                return actor
        return None

    def _mention(self, start: int, end: int, actor: str) -> None:
        pos = bisect.bisect_left(self._starts, start)
        if pos < len(self._starts) and self._starts[pos] == start:
            return
        self._starts.insert(pos, start)
        self.mentions.insert(pos, Mention(start, end, actor))

    # -- lookups ------------------------------------------------------------------
    def resolve_words(self, words: list[str]) -> str | None:
        if not words or _is_place(words):
            return None
        folded = fold(" ".join(words))
        for actor in self.doc.values():
            if folded == fold(" ".join(actor.name)) or folded in {fold(a) for a in actor.aliases}:
                return actor.key
        candidates = [a for a in self.doc.values() if a.kind == "person" and same_person(a.name, words)]
        if len(candidates) == 1:
            return candidates[0].key
        if candidates:  # the most often named of several alike
            return max(candidates, key=lambda a: (sum(a.roles.values()), len(a.name))).key
        known = self._known_for(words) if len(words) == 1 or _looks_like_name(words) else None
        if known:
            return self._add_known(known)
        return None

    def _add_known(self, known: Actor) -> str:
        if known.id not in self.doc:
            self.doc[known.id] = DocActor(
                key=known.id, name=known.name.split(), kind=known.kind, known=known
            )
        return known.id

    def resolve_descriptor(self, demonym: str, noun: str) -> str | None:
        """'the Ukrainian leader' → the one actor whose role names that country."""
        country = lx.DEMONYMS.get(fold(demonym))
        hits = []
        for actor in self.doc.values():
            roles = " ".join(actor.roles) + " " + (actor.known.role or "" if actor.known else "")
            folded = fold(roles)
            if fold(demonym) in folded or (country and fold(country) in folded):
                hits.append(actor.key)
        return hits[0] if len(hits) == 1 else None

    def roles_of(self, key: str) -> str:
        """Every role the source gave an actor, and the curated one, as one string."""
        actor = self.doc.get(key)
        if actor is None:
            return ""
        known = actor.known.role if actor.known and actor.known.role else ""
        return " / ".join([*actor.roles, known])

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return self.mentions[lo:hi]

    def kind_of(self, key: str) -> str:
        return self.doc[key].kind if key in self.doc else "person"

    def display_name(self, key: str) -> str:
        actor = self.doc.get(key)
        return " ".join(actor.name) if actor else key

    def final_ids(self) -> dict[str, str]:
        """Keys were made from the first form seen ("Zelenskyy"); ids use the fullest name."""
        return {
            a.key: (a.known.id if a.known else a.key if a.kind == "organization" else slug(" ".join(a.name)))
            for a in self.doc.values()
        }

    def actors(self) -> list[Actor]:
        ids = self.final_ids()
        used = {m.actor for m in self.mentions}
        out = []
        for actor in self.doc.values():
            if actor.key not in used:
                continue
            name = " ".join(actor.name)
            aliases = set(actor.aliases)
            if actor.kind == "person" and len(actor.name) > 1:
                aliases.add(actor.name[-1])
            role = max(actor.roles, key=lambda r: (len(r.split()), actor.roles[r], r)) if actor.roles else None
            if actor.known:
                name = actor.known.name
                aliases |= set(actor.known.aliases) | {" ".join(actor.name)}
                role = actor.known.role or role
            aliases.discard(name)
            out.append(
                Actor(id=ids[actor.key], name=name, kind=actor.kind, aliases=tuple(sorted(aliases)), role=role)
            )
        return sorted(out, key=lambda a: a.id)


def _looks_like_name(words: list[str]) -> bool:
    return all(
        (w[:1].isupper() and fold(w) not in lx.NOT_NAMES and fold(w) not in lx.DEMONYMS
        and fold(w) not in lx.ORG_WORDS and w.upper() != w) or fold(w) in PARTICLES
        for w in words
    ) and not _is_place(words)
