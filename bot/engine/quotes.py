"""Direct quotations and who said them.

Patterns: `"…," X said`, `"…," said X`, `X said: "…"`, a quotation that continues without a
cue (same speaker), pronoun subjects, and partial quotations inside the outlet's own sentence.
Quotation marks nested inside a quotation belong to the outer speaker; apostrophes are not marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine import lexicon as lx
from bot.engine import organizations, titles
from bot.engine.actors import ActorIndex, chunks
from bot.engine.text import fold, squash

_OPEN = {"“": "”", "«": "»", "„": "“”", "‹": "›"}  # opening mark → the marks that close it
_MARK_CHARS = re.compile('[“”«»„‹›"‘’]')
_ADVERB = r"(?:\w+ly|also|later|then|again|once|previously|earlier|further|simply|just|too)"
_AUX = r"(?:has|had|have|was|is|would|will|once|later|also)"
_VERB = r"(?P<verb>" + "|".join(sorted(lx.SPEECH_VERBS, key=len, reverse=True)) + r")"
_SPEAKER = r"(?P<who>(?:[\w.’'\-]+\s+){0,8}?[\w.’'\-]+)"
# After the quotation: `, Trump declared …` / `, said French President Emmanuel Macron`
_AFTER_SUBJ_FIRST = re.compile(
    rf"^[\s,—–-]*{_SPEAKER}(?:,[^,“”\"]{{1,140}},)?\s+(?:{_AUX}\s+)?(?:{_ADVERB}\s+)?{_VERB}\b", re.I
)
# "the head of state added": "state" is also a speech verb, so the title is read whole first.
_AFTER_TITLE = re.compile(
    rf"^[\s,—–-]*(?P<who>the\s+(?:[\w.’'\-]+\s+){{0,3}}?head\s+of\s+(?:state|government))\s+(?:{_AUX}\s+)?(?:{_ADVERB}\s+)?{_VERB}\b",
    re.I,
)
_AFTER_VERB_FIRST = re.compile(rf"^[\s,—–-]*{_VERB}\s+(?P<who>[^,.;:!?“”\"]{{1,80}})", re.I)
_SAYING = r"(?P<verb>" + "|".join(sorted(lx.SPEECH_VERBS | lx.SPEECH_PARTICIPLES, key=len, reverse=True)) + r")"
# Before the quotation: `Trump wrote on social media: "…"` / `…, telling reporters: "…"` / `According to X, "…"`
_BEFORE = re.compile(rf"{_SAYING}\b[^“”\"]{{0,80}}?[:,]\s*$", re.I)
_SAYING_RE = re.compile(rf"\b{_SAYING}\b", re.I)
_ACCORDING = re.compile(r"according to\s+(?P<who>[^,“”\"]{1,80}),\s*$", re.I)
_PRONOUN = re.compile(r"^(he|she|they|it|him|her|them)$", re.I)
_HE_SHE = re.compile(r"\b(he|she)\b", re.I)
_TITLE_OPENERS = frozenset("TtBbAaMmLlEeHh")  # The/this/that, But, And, Meanwhile, Later, Earlier, However
_WORD = re.compile(r"[\w’'\-]+")
_SPEAKS_FOR = re.compile(r"(?:^|\s)([A-Z][\w\-]+)[’']s\s+(?:office|press service|press office|spokes\w+|team|camp)$")
# `"…," TASS quoted Putin's aide as saying`: the one quoted is the speaker.
_QUOTED_AS = re.compile(r"^[\s,—–-]*(?:[\w.’'\-]+\s+){1,4}?quoted\s+(?P<who>[^,“”\"]{2,60}?)\s+as\s+saying\b")
_WHO = re.compile(r",\s*who\s+(?:\w+ly\s+|also\s+|had\s+|has\s+)?$")
_ONLY_AUX = re.compile(rf"\s*(?:(?:{_AUX}|{_ADVERB})\s+)*", re.I)
_TRAILING_AUX = re.compile(rf"(?:\s+(?:{_AUX}|{_ADVERB}))+\s*$", re.I)
_ACCORDING_LEAD = re.compile(r"\s*According to ([^,“”\"]{1,80}),", re.I)
_ACCORDING_AFTER = re.compile(r"\baccording to ((?:[\w.’'\-]+\s+){0,6}[\w.’'\-]+?)\s*[.,;]?\s*$", re.I)
_UNNAMED = re.compile(
    r"^(?:a|an|one|another)\s+(?:[\w.’'\-]+\s+){0,4}(?:official|officials|spokesperson|spokesman|spokeswoman|source|sources|diplomat|aide|adviser|advisor|negotiator)"
    r"(?:\s+(?:[\w’'\-]+\s+){0,4}?\w+)?$",
    re.I,
)
_DESCRIPTOR = re.compile(r"^(?:the|a|an)\s+([\w.]+)\s+(\w+)$", re.I)
_DESCRIBED = re.compile(r"\b(?:the|a|an)\s+([\w.]+)\s+(\w+)\b", re.I)
_PUNCT_END = tuple(",.!?…;:")
# Words that name a term rather than report words: `the so-called "peace dividend"`. An article
# or possessive before the marks does not (`what he described as a "successful" visit`).
_DETERMINERS = frozenset({"his", "her", "their", "its", "the", "a", "an", "these", "those", "my", "our", "your", "whose"})
_NAMING_VERBS = frozenset({"called", "dubbed"})
# Ukrainian outlets name the speaker in the sentence after the words: "This was stated by …".
_STATED_BY = re.compile(
    r"\s*(?:this|that|it) was (?:stated|said|announced|noted|emphasized|emphasised|declared|reported|written|posted)"
    r"(?: on \w+| today| yesterday)? by\b",
    re.I,
)
_SCARE_BEFORE = frozenset({"so-called", "called", "dubbed", "term", "word", "words", "slogan", "of"})


@dataclass(frozen=True)
class Mark:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark


@dataclass
class RawQuote:
    mark: Mark
    text: str
    speaker: str | None
    speaker_name: str | None
    partial: bool
    sentence: tuple[int, int]
    cue: tuple[int, int] | None  # the attribution words outside the marks


def find_marks(text: str, start: int, end: int) -> tuple[list[Mark], list[int]]:
    """Outer quotation spans in text[start:end]; also the offsets of marks never closed."""
    marks: list[Mark] = []
    stack: list[tuple[str, int]] = []  # (expected closer, offset)
    unclosed: list[int] = []
    for hit in _MARK_CHARS.finditer(text, start, end):  # other characters change nothing
        i = hit.start()
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if ch == "“" and len(stack) == 1 and stack[0][0] == "”" and prev.isspace() and nxt.isalnum():
            # An opening mark while one is open: the first was cut off (the end of an excerpt)
            # and must not swallow the text up to this quotation's closing mark.
            unclosed.append(stack.pop()[1])
            stack.append(("”", i))
        elif ch in _OPEN and not (ch == "“" and stack and "“" in stack[-1][0]):
            stack.append((_OPEN[ch], i))
        elif stack and ch in stack[-1][0]:
            _close(stack, marks, i)
        elif ch == '"':
            if stack and stack[-1][0] == '"' and not (prev.isspace() and nxt.isalnum()):
                _close(stack, marks, i)
            elif prev.isspace() or prev in "([—–-" or i == start:
                stack.append(('"', i))
        elif ch == "‘" and not prev.isalnum():
            stack.append(("’", i))
        elif ch == "’" and stack and stack[-1][0] == "’" and not nxt.isalnum():
            _close(stack, marks, i)
        elif ch == "”" and not stack:
            unclosed.append(i)
    unclosed.extend(off for closer, off in stack if closer != "’")
    return marks, sorted(unclosed)


def _close(stack: list[tuple[str, int]], marks: list[Mark], i: int) -> None:
    _closer, off = stack.pop()
    if not stack:
        marks.append(Mark(off, i))


class QuoteFinder:
    def __init__(self, text: str, actors: ActorIndex) -> None:
        self.text = text
        self.actors = actors
        self.salient: list[tuple[int, str]] = []  # (offset, actor) people acting as subjects

    def note_subject(self, offset: int, actor: str) -> None:
        self.salient.append((offset, actor))

    def pronoun(self, word: str, before: int) -> str | None:
        want_person = fold(word) in lx.PRONOUNS_PERSON
        for offset, actor in reversed(self.salient):
            if offset >= before:
                continue
            if (self.actors.kind_of(actor) == "person") == want_person:
                return actor
        return None

    def resolve(self, phrase: str, start: int) -> tuple[str | None, str | None]:
        """(actor id, name as written) for a speaker phrase found at `start`."""
        phrase = phrase.strip(" ,")
        if _PRONOUN.match(phrase):
            actor = self.pronoun(phrase, start)
            return actor, (self.actors.display_name(actor) if actor else None)
        together = self.joint(phrase, start)
        if together:
            return together[0], " and ".join(self.actors.display_name(a) for a in together)
        actor = self.titled(phrase, start)
        if actor:
            return actor, self.actors.display_name(actor)
        desc = _DESCRIPTOR.match(phrase)
        if desc and fold(desc[2]) in lx.ROLE_NOUNS | {"leader", "head"}:
            actor = self.actors.resolve_descriptor(desc[1], desc[2])
            if actor:
                return actor, self.actors.display_name(actor)
        actor = self.organization(phrase, start)
        if actor:
            return actor, self.actors.display_name(actor)
        if titles.trailing_title(phrase):
            return None, None  # "Putin's aide" is not Putin
        found = chunks(self.text, start, start + len(phrase))
        for c in found:
            actor = self.actors.add_speaker(c.name, c.start, c.end)
            if actor:
                return actor, self.actors.display_name(actor)
        words = phrase.split()
        if words and fold(words[0]) in {"a", "an", "the", "one", "another"}:
            return None, phrase  # "a senior official": said, but by whom is not known
        return None, None

    def joint(self, phrase: str, before: int) -> list[str] | None:
        """'Zelensky and Macron', 'the two leaders': the people speaking together, first named first."""
        parsed = titles.joint(phrase)
        if parsed is not None:
            means, count = parsed
            people: list[str] = []
            for mention in reversed(self.actors.mentions_in(0, before)):  # named, as subject or not
                actor = mention.actor
                fitting = means is None or titles.fits(self.actors.roles_of(actor), means, None)
                if actor not in people and self.actors.kind_of(actor) == "person" and fitting:
                    people.append(actor)
                if len(people) == count:
                    return people[::-1]
            return None
        if " and " not in phrase:
            return None
        people = []
        for part in phrase.split(" and "):
            at = before + phrase.find(part)
            found = chunks(self.text, at, at + len(part))
            actor = self.actors.add_speaker(found[-1].name, found[-1].start, found[-1].end) if found else None
            if actor is None or self.actors.kind_of(actor) != "person":
                return None
            people.append(actor)
        return people if len(set(people)) > 1 else None

    def titled(self, phrase: str, before: int) -> str | None:
        """'the head of state' → the person last spoken of with such a role."""
        parsed = titles.parse(phrase) or titles.parse(titles.trailing_title(phrase) or "")
        if parsed is None:
            return None
        means, country = parsed
        best: tuple[int, str] | None = None
        seen: set[str] = set()
        for offset, actor in reversed(self.salient):
            if offset >= before or actor in seen or self.actors.kind_of(actor) != "person":
                continue
            roles = self.actors.roles_of(actor)
            if not seen and not roles.strip(" /") and country is None and means and "president" in means:
                return actor  # "Trump said …. The president added …": the one just speaking, never titled here
            seen.add(actor)
            score = titles.fits(roles, means, country)
            if score == 2:
                return actor
            if score and best is None:
                best = (score, actor)
        if best:
            return best[1]
        fitting = [
            key for key in self.actors.doc
            if self.actors.kind_of(key) == "person" and titles.fits(self.actors.roles_of(key), means, country)
        ]
        return fitting[0] if len(fitting) == 1 else None

    def for_person(self, phrase: str, at: int) -> str | None:
        """"Meloni's office", "Zelensky's press service": those speak for the person."""
        m = _SPEAKS_FOR.search(phrase)
        if not m:
            return None
        found = chunks(self.text, at + m.start(1), at + m.end(1))
        actor = self.actors.resolve_words(found[-1].name) if found else None
        return actor if actor and self.actors.kind_of(actor) == "person" else None

    def organization(self, phrase: str, at: int) -> str | None:
        """The organization a speaker phrase names; 'the ministry' is the one last named."""
        actor = self.for_person(phrase, at)
        if actor:
            return actor
        name = organizations.organization_phrase(phrase)
        if name is None:
            return None
        offset = at + max(0, self.text.find(name, at, at + len(phrase) + 1) - at)
        if organizations.is_named(name):
            return self.actors.add_organization(name, offset, offset + len(name))
        head = organizations.head_word(name)
        for _offset, actor in reversed([x for x in self.salient if x[0] < at]):
            if self.actors.kind_of(actor) == "organization" and head in fold(self.actors.display_name(actor)).split():
                return actor
        return None

    def sentence_subject(self, s: int, e: int, skip: list[Mark]) -> str | None:
        """Who the sentence is about: its first name, unless a pronoun or a title comes first
        ("After the call, he spoke with Zelensky": still the last person, not Zelensky)."""
        first = next(
            (m for m in self.actors.mentions_in(s, e) if not any(k.open <= m.start <= k.close for k in skip)), None
        )
        lead = self.text[s : first.start if first else e]
        if not lead.strip():
            return first.actor if first else None
        opening = lead.lstrip("“\"‘' ")
        low = opening[:80].lower()
        if opening[:1] in _TITLE_OPENERS and not titles.NOUNS.isdisjoint(low.replace(",", " ").split()[:7]):
            title = titles.leading_title(opening)
            if title:
                return self.titled(title, s + lead.find(title))
        padded = f" {lead.lower()} "
        pronoun = _HE_SHE.search(lead) if " he " in padded or " she " in padded or " he," in padded or " she," in padded else None
        if pronoun and not any(k.open <= s + pronoun.start() <= k.close for k in skip):
            return self.pronoun(pronoun[1], s)
        return first.actor if first else None

    def attribute(self, mark: Mark, sent: tuple[int, int], sent_marks: list[Mark], last: RawQuote | None) -> RawQuote | None:
        text = self.text
        inner = text[mark.open + 1 : mark.close]
        s, e = sent
        before_start = max([m.close + 1 for m in sent_marks if m.close < mark.open] + [s])
        before = text[before_start : mark.open]
        nxt = [m.open for m in sent_marks if m.open > mark.close]
        after_end = nxt[0] if nxt else e
        after = text[mark.close + 1 : after_end]
        whole = inner.rstrip().endswith(_PUNCT_END) or not text[s : mark.open].strip()
        quote_text = inner.strip().rstrip(",;:").rstrip()
        if _is_title(quote_text):
            return None

        if whole and not before.strip(" \t—–-"):
            for pattern in _after_patterns(after):
                m = pattern.match(after)
                if m:
                    who_start = mark.close + 1 + m.start("who")
                    actor, name = self.resolve(m["who"], who_start)
                    if actor or name:
                        cue = (mark.close + 1, after_end)
                        return RawQuote(mark, quote_text, actor, name, False, sent, cue)
        m = _ACCORDING.search(before)
        if m:
            actor, name = self.resolve(m["who"], before_start + m.start("who"))
            if actor or name:
                return RawQuote(mark, quote_text, actor, name, False, sent, (before_start, mark.open))
        m = _BEFORE.search(before)
        if m and whole:
            # The verb nearest the quotation: "After the talks concluded, Umerov said …:"
            verbs = [v for v in _SAYING_RE.finditer(before, m.start()) if _BEFORE.fullmatch(before, v.start())]
            for v in reversed(verbs or [m]):
                participle = fold(v["verb"]) in lx.SPEECH_PARTICIPLES
                subject = self._subject_before(before_start, before_start + v.start("verb"), participle)
                if subject[0] or subject[1]:
                    return RawQuote(mark, quote_text, *subject, False, sent, (before_start, mark.open))
        if not text[s : mark.open].strip() and not after.strip(" .!?"):
            # A quotation standing alone continues the previous one, or the lead-in before it.
            if last is not None and mark.open - last.mark.close < 600:
                return RawQuote(mark, quote_text, last.speaker, last.speaker_name, False, sent, None)
            return None
        if whole and not before.strip() and after.strip(" .!?"):
            return None  # a quotation followed by something that is not attribution
        if whole and after.strip(" .!?") and (inner.rstrip().endswith(",") or after.lstrip().startswith(",")):
            # "Russia wants "…," Putin said": the quotation opens mid-sentence, its attribution after
            for pattern in _after_patterns(after):
                m = pattern.match(after)
                if m:
                    actor, name = self.resolve(m["who"], mark.close + 1 + m.start("who"))
                    if actor or name:
                        return RawQuote(mark, quote_text, actor, name, True, sent, (mark.close + 1, after_end))
        return self._partial(mark, sent, sent_marks, before_start, quote_text)

    def lead_in_quote(self, mark: Mark, sent: tuple[int, int], speaker: str) -> RawQuote:
        """A quotation in a list item under "X said:": X's words, partial unless it is the whole item."""
        s, e = sent
        whole = not self.text[s : mark.open].strip(" \t-–—") and not self.text[mark.close + 1 : e].strip(" .;,")
        quote_text = self.text[mark.open + 1 : mark.close].strip().rstrip(",;:").rstrip()
        return RawQuote(mark, quote_text, speaker, self.actors.display_name(speaker), not whole, sent, None)

    def _subject_before(self, lo: int, verb_at: int, participle: bool = False) -> tuple[str | None, str | None]:
        segment = self.text[lo:verb_at]
        words = re.findall(r"[\w’'.]+", segment)
        if participle:  # "X met Y, telling reporters:": the speaker is the clause's subject, X
            words = words[:1]
        if words and _PRONOUN.match(words[-1]):
            return self.resolve(words[-1], verb_at)
        if not participle:
            actor = self.titled(segment.strip(), verb_at) or self.for_person(segment.strip(), lo)
            if actor:  # "In a post on Truth Social, the president stated:"
                return actor, self.actors.display_name(actor)
        found = list(chunks(self.text, lo, verb_at))
        for c in found if participle else reversed(found):
            actor = self.actors.add_speaker(c.name, c.start, c.end)
            if actor:
                return actor, self.actors.display_name(actor)
        return None, None

    def _own_subject(self, s: int, before: int, sent_marks: list[Mark]) -> str | None:
        """The subject of the reporting verb nearest the quotation, when the text shows it plainly:
        "…, while Putin asked …", "… Putin, who said …"."""
        verb = None
        for m in _WORD.finditer(self.text, s, before):
            w = m.group()
            if fold(w) in lx.REPORTING_VERBS and w[:1].islower() and not any(k.open <= m.start() <= k.close for k in sent_marks):
                verb = m
        if verb is None:
            return None
        head = self.text[s : verb.start()]
        mentions = [x for x in self.actors.mentions_in(s, verb.start()) if not any(k.open <= x.start <= k.close for k in sent_marks)]
        who = _WHO.search(head)
        if who:
            at = s + who.start()
            ante = [x for x in mentions if x.end <= at]
            if ante and ante[-1].end >= at - 1:
                return ante[-1].actor
            found = chunks(self.text, s, at)
            if found and found[-1].end >= at - 1:
                return self.actors.add_speaker(found[-1].name, found[-1].start, found[-1].end)
            return None
        if mentions and _ONLY_AUX.fullmatch(self.text[mentions[-1].end : verb.start()]) and len(mentions) > 1:
            return mentions[-1].actor  # the name right before the verb, not the sentence's first
        return None

    def _named_subject(self, s: int, verb_at: int, skip: list[Mark]) -> str | None:
        """The capitalized name right before the verb ("Trump told"), outside quotations."""
        found = [c for c in chunks(self.text, s, verb_at) if not any(m.open <= c.start <= m.close for m in skip)]
        if not found:
            return None
        c = found[-1]
        between = self.text[c.end : verb_at]
        if not _ONLY_AUX.fullmatch(between):
            return None
        if len(c.name) == 1 and fold(c.name[0]).removesuffix("s") in lx.DEMONYMS:
            return None  # "the Russians agree": a people, not a person
        return self.actors.add_speaker(c.name, c.start, c.end)

    def _partial(self, mark, sent, sent_marks, before_start, quote_text) -> RawQuote | None:
        """A fragment inside the outlet's sentence is a quotation only if someone reports it."""
        s, _ = sent
        prefix = self.text[s : mark.open]
        words = re.findall(r"[\w’'\-]+", prefix)
        if not words or len(quote_text.split()) > 30:
            return None
        named_by = fold(words[-1]) in _NAMING_VERBS and len(words) > 1 and fold(words[-2]) in ("he", "she")
        if (fold(words[-1]) in _SCARE_BEFORE and not named_by) or _is_title(quote_text):
            return None
        according = _ACCORDING_LEAD.match(prefix)
        if according:  # "According to Ushakov, the talks were "useful.""
            actor, _name = self.resolve(according[1], s + according.start(1))
            if actor:
                return RawQuote(mark, quote_text, actor, self.actors.display_name(actor), True, sent, None)
        found = self._partial_speaker(mark, sent, sent_marks, prefix, words)
        if found is not None:
            return RawQuote(mark, quote_text, found[0], found[1], True, sent, None)
        # (a single quoted word, its "memorandum", is the outlet's scare quote, not the speaker's words)
        stated = _STATED_BY.match(self.text, sent[1]) if len(quote_text.split()) > 1 else None
        if stated:  # "… was "very good." This was stated by the US President, Donald Trump, …"
            people = [m for m in self.actors.mentions_in(stated.end(), stated.end() + 120) if self.actors.kind_of(m.actor) == "person"]
            if people:
                actor = people[0].actor
                return RawQuote(mark, quote_text, actor, self.actors.display_name(actor), True, sent, None)
        according = _ACCORDING_AFTER.search(self.text, mark.close, sent[1])
        if according and fold(according[1].strip()) not in lx.NEWS_AGENCIES:
            # "… failed to provide "plausible evidence", according to Sybiha."
            actor, _name = self.resolve(according[1], according.start(1))
            if actor:
                return RawQuote(mark, quote_text, actor, self.actors.display_name(actor), True, sent, None)
        return None

    def _partial_speaker(self, mark, sent, sent_marks, prefix, words) -> tuple[str | None, str] | None:
        """(actor, name) of who reports a fragment, from the reporting verb before it."""
        s, _ = sent
        # A capitalized "States" or "Calls" inside a sentence is a name, not a verb.
        # "In his comments, Ushakov said …": after a determiner the word is a noun, not the verb.
        verbs = [
            i for i, w in enumerate(words)
            if fold(w) in lx.REPORTING_VERBS and (i == 0 or (w[:1].islower() and fold(words[i - 1]) not in _DETERMINERS))
        ]
        if not verbs:
            return None
        near = self._own_subject(s, mark.open, sent_marks)
        if near is not None:
            return near, self.actors.display_name(near)
        # The speaker is the subject before the first reporting verb.
        verb_word = words[verbs[0]]
        verb_at = s + prefix.find(verb_word)
        unnamed = _UNNAMED.match(self.text[s:verb_at].strip())
        if unnamed:  # "A UAE government spokesperson said …": said, by someone the text does not name
            return None, squash(unnamed[0])
        skip = [m for m in sent_marks if m.close < verb_at]
        actor = None
        for mention in self.actors.mentions_in(s, verb_at):
            if not any(m.open <= mention.start <= m.close for m in skip):
                actor = mention.actor
                break
        if actor is None:
            subject = _TRAILING_AUX.sub("", self.text[s:verb_at].strip())
            clause = subject.rsplit(",", 1)[-1].strip()  # "However, Kyiv later accused …"
            actor = self.titled(subject, verb_at) or self.organization(clause, s + subject.rfind(clause))
        if actor is None:
            actor = self._named_subject(s, verb_at, skip)  # a name the source never titled: "Trump told …"
        if actor is None:
            desc = _DESCRIBED.search(self.text, s, verb_at)
            if desc and fold(desc[2]) in lx.ROLE_NOUNS | {"leader", "head"}:
                actor = self.actors.resolve_descriptor(desc[1], desc[2])
        if actor is None:
            pronouns = [w for w in re.findall(r"\w+", self.text[s:verb_at]) if _PRONOUN.match(w)]
            actor = self.pronoun(pronouns[0], s) if pronouns else None
        if actor is None:
            return None
        return actor, self.actors.display_name(actor)


def _after_patterns(after: str) -> tuple[re.Pattern[str], ...]:
    """The attribution patterns worth trying on the text after a quotation (the rare ones only
    when their words are there)."""
    low = after[:120].lower()
    rare = (*([_QUOTED_AS] if "quoted" in low else []), *([_AFTER_TITLE] if "head of" in low else []))
    return (*rare, _AFTER_SUBJ_FIRST, _AFTER_VERB_FIRST)


_MINOR = frozenset({"of", "the", "a", "an", "and", "or", "for", "to", "in", "on", "at", "by", "with"})


def _is_title(text: str) -> bool:
    """'State of the Union', 'Pursuing Peace': the name of a programme or a banner, not words said."""
    ws = re.findall(r"[\w’'\-]+", text)
    return 2 <= len(ws) <= 6 and all(w[:1].isupper() or w.lower() in _MINOR for w in ws) and ws[0][:1].isupper()
