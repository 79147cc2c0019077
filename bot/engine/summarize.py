"""One source in, one SourceSummary out: clean → sentences → actors → quotes → events → key points."""

from __future__ import annotations

import bisect
import re

from bot.engine import events as ev
from bot.engine.actors import ActorIndex, chunks
from bot.engine.cleaning import clean
from bot.engine.dates import find_dates
from bot.engine.keypoints import lexrank
from bot.engine.lexicon import ROLE_NOUNS
from bot.engine.merge import merge_events_in_source
from bot.engine.models import (
    UPCOMING_STATUSES,
    Actor,
    Event,
    KeyPoint,
    Provenance,
    Quote,
    Source,
    SourceSummary,
)
from bot.engine.problems import Problem
from bot.engine.quotes import Mark, QuoteFinder, RawQuote, find_marks
from bot.engine.sentencelist import SentenceList
from bot.engine.sentences import split
from bot.engine.sources import RawSource
from bot.engine.text import short_hash, squash, words

KEY_POINTS_PER_SOURCE = 5
MAX_BULLET_POINTS = 20  # an outlet's own list, as key points; a longer list is not a summary
# Bounds on the work one article can cause (see README, "Limits"): a "sentence" longer than this
# is read in pieces (dates, quotes and names are looked for within one), and an article with
# more dated events than this is not read for more (they are merged pairwise).
MAX_SENTENCE_CHARS = 2000
MAX_EVENTS_PER_SOURCE = 400
MAX_WARNINGS = 20
_RELATIVE = frozenset({"who", "which", "that", "whose", "where", "when", "while", "as", "and", "but"})
_APPOSITIVE_ROLE = re.compile(r",\s+((?:the\s+|a\s+|an\s+)?[^,.;“”\"]{3,70}?)\s*[,.;]")


def summarize(raw: RawSource, known: tuple[Actor, ...] = ()) -> SourceSummary:
    return _Summarizer(raw, known).run()


class _Summarizer:
    def __init__(self, raw: RawSource, known: tuple[Actor, ...]) -> None:
        self.raw = raw
        self.cleaned = clean(raw.text)
        self.text = self.cleaned.masked
        self.actors = ActorIndex(known, raw.outlet)
        self.warnings: list[str] = [str(w) for w in raw.warnings]
        self.sentences: list[tuple[int, int, str, int]] = []  # (start, end, block kind, block no)
        self.marks: dict[int, list[Mark]] = {}  # sentence index → outer quotation marks

    def run(self) -> SourceSummary:
        for n, block in enumerate(self.cleaned.blocks):
            marks, unclosed = find_marks(self.text, block.start, block.end)
            marks.sort(key=lambda m: m.open)
            opens = [m.open for m in marks]
            for off in unclosed:
                self.warnings.append(
                    str(Problem(self.raw.id + self.raw.path.suffix, self._line(off), "unbalanced quotation mark; that quotation is skipped", False))
                )
            for span in split(self.text, block.start, block.end):
                for s, e in _pieces(self.text, span.start, span.end):
                    idx = len(self.sentences)
                    self.sentences.append((s, e, block.kind, n))
                    inside = marks[bisect.bisect_left(opens, s) : bisect.bisect_left(opens, e)]
                    # a quotation cut where an over-long sentence was cut is not attributed
                    self.marks[idx] = inside if e == span.end else [m for m in inside if m.close < e]
        self._scan_actors()
        quotes = self._quotes()
        events = self._events(quotes)
        key_points = self._key_points()
        if len(self.warnings) > MAX_WARNINGS:
            more = len(self.warnings) - MAX_WARNINGS + 1
            self.warnings[MAX_WARNINGS - 1 :] = [":".join(self.warnings[MAX_WARNINGS - 1].split(":", 2)[:2]) + f": {more} more warnings like these"]
        ids = self.actors.final_ids()
        quotes = [q.model_copy(update={"speaker": ids.get(q.speaker, q.speaker)}) for q in quotes]
        quotes = [q.model_copy(update={"id": quote_id(q.speaker, q.text, q.partial)}) for q in quotes]
        events = [
            e.model_copy(update={"actors": tuple(ids.get(a, a) for a in e.actors), "host": ids.get(e.host, e.host)})
            for e in events
        ]
        src = self.raw
        return SourceSummary(
            source=Source(
                id=src.id, title=src.title, outlet=src.outlet, url=src.url,
                published=src.published, content_hash=src.content_hash,
            ),
            actors=tuple(self.actors.actors()),
            quotes=tuple(quotes),
            events=tuple(events),
            key_points=tuple(key_points),
            sentences=SentenceList(
                {"start": s + src.body_offset, "end": e + src.body_offset, "text": squash(self.text[s:e])}
                for s, e, kind, _ in self.sentences
                if kind != "heading"
            ),
            warnings=tuple(self.warnings),
        )

    # -- helpers --------------------------------------------------------------------
    def _line(self, offset: int) -> int:
        return self.raw.body_line + self.raw.text.count("\n", 0, offset)

    def _prov(self, sent: tuple[int, int]) -> Provenance:
        s, e = sent
        off = self.raw.body_offset
        return Provenance(source=self.raw.id, start=s + off, end=e + off, sentence=squash(self.text[s:e]))

    def _skip(self, idx: int) -> list[tuple[int, int]]:
        return [(m.open, m.close + 1) for m in self.marks[idx]]

    def _scan_actors(self) -> None:
        spans, discover = [], []
        for idx, (s, e, kind, _) in enumerate(self.sentences):
            # Discover names outside quotations only; headings are title case, not names.
            pieces, pos = [], s
            for m in self.marks[idx]:
                pieces.append((pos, m.open))
                pos = m.close + 1
            pieces.append((pos, e))
            for a, b in pieces:
                if b > a:
                    spans.append((a, b))
                    discover.append(kind != "heading")
        self.actors.scan(self.text, spans, discover)
        for s, e in spans:
            for mention in self.actors.mentions_in(s, e):
                m = _APPOSITIVE_ROLE.match(self.text, mention.end, e)
                if m and (self.actors.mentions_in(m.start(1), m.end(1)) or chunks(self.text, m.start(1), m.end(1))):
                    m = None  # "Macron, British Prime Minister Keir Starmer, …": a neighbour's role
                owner = mention.actor
                following = self.actors.mentions_in(m.end(), min(e, m.end() + 2)) if m and m.group(0).endswith(",") else []
                if following:  # "Putin and Trump, the Kremlin's top aide, Yuri Ushakov, …": the next name's role
                    owner = following[0].actor
                phrase = words(m.group(1)) if m else ()
                if phrase and len(phrase) <= 6 and phrase[0] not in _RELATIVE and any(w in ROLE_NOUNS for w in phrase):
                    actor = self.actors.doc.get(owner)
                    if actor is not None:
                        actor.roles[squash(m.group(1)).removeprefix("the ")] += 1

    def _quotes(self) -> list[Quote]:
        finder = QuoteFinder(self.text, self.actors)
        raw: list[RawQuote] = []
        last: RawQuote | None = None
        last_block = -1
        lead: tuple[str, int] | None = None  # (speaker, block) of a lead-in ending in ":"
        for idx, (s, e, kind, block) in enumerate(self.sentences):
            sent_marks = self.marks[idx]
            subject = finder.sentence_subject(s, e, sent_marks)
            # A later quotation continues the last speaker unless someone else takes the floor.
            if block > last_block + 2 or (last is not None and subject not in (None, last.speaker)):
                last = None
            # "X named three results:" then a list: the quotations in the list are X's.
            if kind != "bullet" or lead is None or block > lead[1] + 1:
                lead = None
            if kind != "heading":
                for mark in sent_marks:
                    q = finder.attribute(mark, (s, e), sent_marks, last)
                    if lead is not None and (q is None or q.speaker is None):
                        q = finder.lead_in_quote(mark, (s, e), lead[0])
                    if q is None:
                        continue
                    raw.append(q)
                    if not q.partial:
                        last, last_block = q, block
                    if q.speaker:
                        finder.note_subject(mark.open, q.speaker)
            if subject:
                finder.note_subject(s, subject)
            if kind == "bullet" and lead is not None:
                lead = (lead[0], block)
            elif kind == "paragraph" and self.text[s:e].rstrip().endswith(":") and not sent_marks:
                speaker = subject or finder.titled(self.text[s:e].split(",")[0], e)
                lead = (speaker, block) if speaker else None
        return self._dated_quotes(raw)

    def _dated_quotes(self, raw: list[RawQuote]) -> list[Quote]:
        out: list[Quote] = []
        prev: Quote | None = None
        prev_raw: RawQuote | None = None
        for q in raw:
            said_on = None
            if q.cue:
                hits = find_dates(self.text, q.cue[0], q.cue[1], self.raw.published)
                past = [d for d in hits if d.precision == "day"]
                said_on = past[0].date if past else None
            elif prev is not None and prev_raw is not None and not q.partial and q.speaker == prev.speaker and prev_raw.cue is not None:
                said_on = prev.said_on  # a continuation belongs to the same statement
            if said_on is None and q.cue is None and not q.partial and prev is not None and q.speaker == prev.speaker:
                said_on = prev.said_on
            said_text = squash(q.text)  # a hard-wrapped page breaks lines inside the quotation
            quote = Quote(
                id=quote_id(q.speaker, said_text, q.partial),
                speaker=q.speaker,
                speaker_name=q.speaker_name,
                text=said_text,
                partial=q.partial,
                said_on=said_on,
                sources=(self.raw.id,),
                provenance=(self._prov(q.sentence),),
            )
            out.append(quote)
            if not q.partial:
                prev, prev_raw = quote, q
        return out

    def _events(self, quotes: list[Quote]) -> list[Event]:
        published = self.raw.published
        found: list[ev.RawEvent] = []
        host_hints: list[tuple[str, str | None, tuple[int, int]]] = []
        anchor = None
        article_date, lede = published, 3  # the article's own news is told in its first sentences
        speakers_at: dict[int, list[str]] = {}
        for q in quotes:
            if q.speaker:
                speakers_at.setdefault(q.provenance[0].start, []).append(q.speaker)
        for idx, (s, e, kind, _) in enumerate(self.sentences):
            if kind == "heading":
                continue
            if len(found) >= MAX_EVENTS_PER_SOURCE:
                # merging compares events pairwise: the rest of an article this long is not dated
                self.warnings.append(str(Problem(
                    self.raw.id + self.raw.path.suffix, self._line(s),
                    f"more than {MAX_EVENTS_PER_SOURCE} dated events; the rest of the article is not read for events", False)))
                break
            skip = self._skip(idx)
            sentence = self.text[s:e]
            line = ev.dateline(self.text, s, e) if lede > 0 else None
            if line is not None:
                # A dateline dates the article, not an event.
                filed = find_dates(self.text, line[0], line[1], published)
                article_date = filed[0].date if filed else article_date
                skip = [*skip, line]
            hits = find_dates(self.text, s, e, article_date or published, anchor, skip)
            if hits and ev.only_a_date(self.text, s, e, hits):
                continue  # the page's timestamp
            if kind == "paragraph":
                lede -= 1
            place = ev.place_in(self.text, s, e, skip)
            actors = list(dict.fromkeys(
                m.actor for m in self.actors.mentions_in(s, e)
                if not any(a <= m.start < b for a, b in skip)
            ))
            speakers = speakers_at.get(s + self.raw.body_offset, [])
            actors = list(dict.fromkeys(speakers + actors))
            host = self._host(s, e, skip)
            if hits or lede >= 0:
                parties = [self.actors.add_organization(name, a, b) for name, a, b in ev.parties_in(self.text, s, e, skip)]
                actors = list(dict.fromkeys(actors + [p for p in parties if p]))
            if not hits:
                if host and place:
                    host_hints.append((host, place, (s, e)))
                if lede >= 0 and kind == "paragraph" and article_date and ev.tells_news(self._outside(s, e, skip)):
                    found.append(
                        ev.RawEvent(
                            date=article_date, precision="day", place=place, summary=squash(sentence),
                            actors=actors, status="occurred", sentence=(s, e), host=host, inferred=True,
                        )
                    )
                continue
            dates = ev.event_dates(hits, self.text, s)
            first = dates[0]
            if first.precision == "day" and first.tense == "past":
                anchor = first.date
            # One event per action and date: "on 16 May and 2 June", "arrived … and met …".
            clauses = ev.action_clauses(self.text, s, e) if len(dates) == 1 else [(s, e)]
            for date in dates:
                for a, b in clauses:
                    found.append(
                        ev.RawEvent(
                            date=date.date, precision=date.precision, place=place,
                            summary=squash(self.text[a:b]), actors=actors,
                            status=ev.status_for(date, sentence, published), sentence=(s, e), host=host,
                        )
                    )
            if (
                lede >= 0 and kind == "paragraph" and article_date
                and all(f.status in UPCOMING_STATUSES for f in found[-len(dates) * len(clauses):])
                and ev.announces(self._outside(s, e, skip))
            ):
                # "Russia has proposed that the round be held on 2 June": the proposing is today's news.
                found.append(
                    ev.RawEvent(
                        date=article_date, precision="day", place=None, summary=squash(sentence),
                        actors=actors, status="occurred", sentence=(s, e), host=None, inferred=True,
                    )
                )
        for host, place, sent in host_hints:
            targets = [r for r in found if r.status in UPCOMING_STATUSES and ev.places_compatible(r.place, place)]
            if len(targets) == 1 or (targets and len({(t.date, t.place) for t in targets}) == 1):
                for t in targets:
                    t.host = t.host or host
                    if host not in t.actors:
                        t.actors.append(host)
                    t.extra.append(sent)
        events = [
            Event(
                id="",
                date=r.date, date_precision=r.precision, place=r.place, summary=r.summary,
                actors=tuple(r.actors), host=r.host, status=r.status, sources=(self.raw.id,),
                provenance=tuple(self._prov(x) for x in [r.sentence, *r.extra]), date_inferred=r.inferred,
            )
            for r in found
        ]
        return merge_events_in_source(events)

    def _outside(self, s: int, e: int, skip: list[tuple[int, int]]) -> str:
        """The sentence with its quotations blanked: what the outlet itself says."""
        chars = list(self.text[s:e])
        for a, b in skip:
            for i in range(max(a, s), min(b, e)):
                chars[i - s] = " "
        return "".join(chars)

    def _host(self, s: int, e: int, skip: list[tuple[int, int]]) -> str | None:
        at = ev.host_subject(self.text, s, e)
        if at is None or any(a <= at < b for a, b in skip):
            return None
        mentions = [m for m in self.actors.mentions_in(s, e) if not any(a <= m.start < b for a, b in skip)]
        if self.text[at - 3 : at].lower() == " by" or self.text[:at].rstrip().lower().endswith("by"):
            after = [m for m in mentions if m.start >= at]
            return after[0].actor if after else None
        before = [m for m in mentions if m.end <= at]
        return before[0].actor if before else None

    def _key_points(self) -> list[KeyPoint]:
        points: list[KeyPoint] = []
        bullets = [(s, e) for s, e, kind, _ in self.sentences if kind == "bullet"][:MAX_BULLET_POINTS]
        for s, e in bullets:
            points.append(KeyPoint(text=squash(self.text[s:e]), score=1.0, bullet=True, sources=(self.raw.id,), provenance=(self._prov((s, e)),)))
        prose = [(s, e) for s, e, kind, _ in self.sentences if kind == "paragraph"]
        scores = lexrank([self.text[s:e] for s, e in prose])
        ranked = sorted(zip(scores, prose, strict=True), key=lambda x: (-x[0], x[1][0]))
        for score, (s, e) in ranked[:KEY_POINTS_PER_SOURCE]:
            points.append(KeyPoint(text=squash(self.text[s:e]), score=score, sources=(self.raw.id,), provenance=(self._prov((s, e)),)))
        return points


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence as spans of at most MAX_SENTENCE_CHARS, cut at white space where there is some."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def quote_id(speaker: str | None, text: str, partial: bool) -> str:
    return "q-" + short_hash(speaker or "", " ".join(words(text)), "p" if partial else "f")
