"""Seeds and summaries in, one immutable Briefing out, with every problem reported."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import heapq
import logging
import os
import struct
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from bot.engine.actors_file import load_known_actors
from bot.engine.frontmatter import clip
from bot.engine.keypoints import lexrank
from bot.engine.merge import EventMerger, merge_actors, merge_quotes
from bot.engine.models import (
    ENGINE_VERSION,
    SCHEMA_VERSION,
    Actor,
    Briefing,
    Event,
    KeyPoint,
    Quote,
    Source,
    SourceSentences,
    SourceSummary,
)
from bot.engine.problems import Problem, SourceError
from bot.engine.sentencelist import SentenceList
from bot.engine.sources import content_hash, parse_source, read_source_bytes, seed_files
from bot.engine.store import read_summary, summary_path, write_summary
from bot.engine.summarize import quote_id, summarize
from bot.engine.text import words

log = logging.getLogger(__name__)

ACTORS_FILE = "actors.toml"
RECENT_SOURCES_FOR_RANKING = 50
KEY_POINTS = 12


@dataclass
class BuildResult:
    briefing: Briefing
    problems: list[Problem] = field(default_factory=list)
    summarized: list[str] = field(default_factory=list)  # made anew
    reused: list[str] = field(default_factory=list)  # unchanged, read from summaries/
    kept_reviewed: list[str] = field(default_factory=list)  # changed, but an editor reviewed it

    @property
    def fatal(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]


def build(
    seeds_dir: Path,
    summaries_dir: Path | None = None,
    *,
    write: bool = False,
    progress: Callable[[Sequence[Path]], Sequence[Path]] | None = None,
    now: dt.datetime | None = None,
    cache: BuildCache | None = None,
) -> BuildResult:
    """Read every seed; reuse a summary whose content hash is unchanged; summarize the rest.

    With a `cache` (kept by the caller between builds), a source whose seed file and summary
    file have the same size, modification time and inode as last time is not read again: what
    the briefing needs from it is taken from the cache. The briefing is the same as without.
    """
    result = BuildResult(briefing=Briefing())
    known: tuple[Actor, ...] = ()
    try:
        known = load_known_actors(seeds_dir / ACTORS_FILE)
    except SourceError as exc:
        result.problems.append(exc.problem)
    except Exception as exc:
        result.problems.append(unexpected(seeds_dir / ACTORS_FILE, exc))
    files, links = seed_files(seeds_dir)
    result.problems.extend(links)
    if not seeds_dir.is_dir():
        result.problems.append(Problem(str(seeds_dir), 1, "seeds folder does not exist"))
    if cache is not None:
        cache.begin(seeds_dir, summaries_dir)
        if summaries_dir is None:
            cache = None  # nothing stored to compare with
    assembler = Assembler()
    with paused_gc():
        for path in progress(files) if progress else files:
            if cache is not None:
                hit = cache.lookup(path)
                if hit is not None:
                    getattr(result, hit.outcome).append(path.stem)
                    result.problems.extend(hit.problems)
                    cache.drop_key_points(assembler.add_kept(hit.kept, hit.recency, hit.key_points))
                    continue
                key = cache.stat_key(path)
            before = len(result.problems)
            try:
                summary, outcome = _one(path, summaries_dir, known, write, result)
            except Exception as exc:
                del result.problems[before:]
                for done in (result.summarized, result.reused, result.kept_reviewed):
                    if done and done[-1] == path.stem:
                        done.pop()
                result.problems.append(unexpected(path, exc))
                continue
            if summary is not None:
                kept = _kept(summary)
                dropped = assembler.add_kept(kept, _recency(summary), summary.key_points)
                result.problems.extend(_warnings(summary, path))
                if cache is not None:
                    cache.drop_key_points(dropped)
                if cache is not None and outcome is not None:
                    if outcome == "summarized":  # written: the next build finds it unchanged
                        # the seed as stat'ed before it was read; the summary as just written
                        key, outcome = (key[0], cache.stat_key(path)[1]), "reused"
                    key_points = None if dropped is kept else summary.key_points
                    cache.store(path, key, outcome, kept, tuple(result.problems[before:]), summary, key_points)
        if summaries_dir is not None and summaries_dir.is_dir():
            for orphan in _orphans(summaries_dir, {p.stem for p in files}):
                result.problems.append(Problem(str(orphan), 1, "summary has no source in seeds/; not served", False))
        if cache is not None:
            missing = assembler.recent_missing()
            if missing and not cache.fill_key_points(missing):
                cache.clear()  # a summary could not be read again: start over, reading everything
                return build(seeds_dir, summaries_dir, write=write, progress=progress, now=now, cache=cache)
            cache.end(files, assembler.recent_ids())
        result.briefing = assembler.briefing(now=now, memo=cache.assembly if cache is not None else None)
    return result


def unexpected(path: Path, exc: BaseException) -> Problem:
    """A file that broke something no check foresaw: named, never a traceback."""
    log.debug("reading %s failed", path, exc_info=exc)  # the traceback, for whoever debugs
    if isinstance(exc, RecursionError):
        reason = "nested too deeply to read"
    elif isinstance(exc, MemoryError):
        reason = "too large to read in memory"
    else:
        reason = f"could not be read ({type(exc).__name__}: {clip(exc, 120)})"
    return Problem(str(path), 1, reason)


def _orphans(summaries_dir: Path, ids: set[str]) -> list[Path]:
    """summaries/*.json without a seed, by name (one scandir, no Path per file)."""
    with os.scandir(summaries_dir) as entries:
        names = sorted(e.name for e in entries if e.name.endswith(".json"))
    return [
        summaries_dir / name for name in names
        if (name[:-5] or name) not in ids and not name.endswith(".schema.json")
    ]


def _recency(summary: SourceSummary) -> tuple:
    return (summary.source.published or dt.date.min, summary.source.id)


class _Entry(NamedTuple):
    key: tuple  # stat of the seed file and of its summary file
    outcome: str  # "reused" or "kept_reviewed": the BuildResult list it goes in
    kept: _Kept
    problems: tuple[Problem, ...]  # what reading it reported, in order
    recency: tuple
    key_points: tuple[KeyPoint, ...] | None  # only while among the newest sources


class BuildCache:
    """What `build()` took from each source last time, to skip reading unchanged files again.

    Held between reloads by whoever reloads (the bot's BriefingStore). An entry is used only
    when the seed file and its summary file both look exactly as when it was made (size,
    modification and change times, inode), with the same actors.toml, engine and folders;
    anything else is read again. Only sources read from (or written to) summaries/ are kept.
    Key points, which only the newest sources' count, are kept only for those, also while a
    build runs (all of them would be 50 MB at 10,000 sources, and the holes they leave when
    freed stay in the resident size).
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._names: dict[int, str] = {}  # id of an entry's kept → its name
        self.assembly = AssemblyMemo()
        self._context: tuple | None = None
        self._summaries: Path | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self.assembly = AssemblyMemo()
        self._context = None

    def begin(self, seeds_dir: Path, summaries_dir: Path | None) -> None:
        context = (
            ENGINE_VERSION, SCHEMA_VERSION, str(seeds_dir), str(summaries_dir),
            _stat(seeds_dir / ACTORS_FILE),
        )
        if context != self._context or summaries_dir is None:
            self._entries.clear()
        self._names = {id(entry.kept): name for name, entry in self._entries.items()}
        self._context = context if summaries_dir is not None else None
        self._summaries = summaries_dir
        self._prefix = os.path.join(summaries_dir, "") if summaries_dir is not None else ""

    def stat_key(self, path: Path) -> tuple:
        assert self._summaries is not None
        stem = path.stem
        return _stat(path), _stat(f"{self._prefix}{stem}.json")

    def lookup(self, path: Path) -> _Entry | None:
        if self._context is None:
            return None
        entry = self._entries.get(path.name)
        if entry is None:
            return None
        key = self.stat_key(path)
        if key != entry.key or key[0] is None or key[1] is None:
            del self._entries[path.name]
            return None
        return entry

    def store(
        self, path: Path, key: tuple, outcome: str, kept: _Kept, problems, summary: SourceSummary,
        key_points: tuple[KeyPoint, ...] | None,
    ) -> None:
        if self._context is None or key[0] is None or key[1] is None:
            return
        self._entries[path.name] = _Entry(key, outcome, kept, problems, _recency(summary), key_points)
        self._names[id(kept)] = path.name

    def _name_of(self, kept: _Kept | None) -> str | None:
        """The name of the entry that holds `kept`, if one does."""
        name = self._names.get(id(kept)) if kept is not None else None
        entry = self._entries.get(name) if name is not None else None
        return name if entry is not None and entry.kept is kept else None

    def drop_key_points(self, kept: _Kept | None) -> None:
        """Forget the key points of a source no longer among the newest."""
        name = self._name_of(kept)
        if name is not None and self._entries[name].key_points is not None:
            self._entries[name] = self._entries[name]._replace(key_points=None)

    def fill_key_points(self, slots: list[list]) -> bool:
        """Read again the key points of sources that are now among the newest."""
        assert self._summaries is not None
        for slot in slots:
            name = self._name_of(slot[1])
            if name is None:
                return False
            try:
                summary = read_summary(summary_path(self._summaries, slot[1].id))
            except SourceError:
                return False
            if summary.source != slot[1].source:
                return False
            slot[0] = summary.key_points
            self._entries[name] = self._entries[name]._replace(key_points=summary.key_points)
        return True

    def end(self, files: Sequence[Path], recent: set[int]) -> None:
        """Forget removed files, and the key points of sources no longer among the newest."""
        names = {p.name for p in files}
        for name in [n for n in self._entries if n not in names]:
            del self._entries[name]
        for name, entry in self._entries.items():
            if entry.key_points is not None and id(entry.kept) not in recent:
                self._entries[name] = entry._replace(key_points=None)


def _stat(path: Path | str) -> bytes | None:
    """Size, modification and change times, inode: packed (10,000 sources keep two each)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _STAT.pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


_STAT = struct.Struct("<qqqQ")


def _warnings(summary: SourceSummary, seed: Path) -> list[Problem]:
    """A summary's warnings, each naming the seed where it is now (a summary may have been made
    elsewhere, or name the file without its folder)."""
    out = []
    for w in summary.warnings:
        _file, line, reason = ([*w.split(":", 2), "", ""])[:3]
        out.append(Problem(str(seed), int(line) if line.isdigit() else 1, reason.strip(), False))
    return out


def _one(
    path: Path, summaries_dir: Path | None, known, write: bool, result: BuildResult
) -> tuple[SourceSummary | None, str | None]:
    """The source's summary, and what was done: "reused", "kept_reviewed", "summarized" (and
    written), or None (nothing to keep: a problem, or a summary not written)."""
    try:
        data = read_source_bytes(path)
    except SourceError as exc:
        result.problems.append(exc.problem)
        return None, None
    stored = summary_path(summaries_dir, path.stem) if summaries_dir is not None else None
    previous = stored_problem = None
    if stored is not None and os.path.lexists(stored):  # a link is read, to be refused
        try:
            previous = read_summary(stored)
        except SourceError as exc:
            stored_problem = exc.problem
    # The same bytes as when the stored summary was made: they read then, no need to parse them.
    if previous is not None and previous.source.content_hash == content_hash(data) and (
        previous.reviewed or (previous.schema_version == SCHEMA_VERSION and previous.engine == ENGINE_VERSION)
    ):
        result.reused.append(path.stem)
        return previous, "reused"
    try:
        raw = parse_source(data, path.stem, str(path), path)
    except SourceError as exc:
        result.problems.append(exc.problem)
        return None, None
    if stored_problem is not None:
        result.problems.append(stored_problem)
        return None, None
    if previous is not None and previous.reviewed:
        result.kept_reviewed.append(raw.id)
        result.problems.append(
            Problem(str(stored), 1, "source changed since an editor reviewed this summary; the reviewed one is kept", False)
        )
        return previous, "kept_reviewed"
    summary = summarize(raw, known)
    result.summarized.append(raw.id)
    if write and summaries_dir is not None:
        written = write_summary(summaries_dir, summary)
        # Kept as read back: its objects are then made together, not scattered among what
        # summarizing made and let go (after re-summarizing 10,000, about 20 MB less resident in
        # side-by-side runs; single runs vary as much).
        with contextlib.suppress(SourceError):
            summary = read_summary(written)
        return summary, "summarized"
    return summary, None


def _rows(model: type[BaseModel]) -> Callable[[Sequence[BaseModel]], tuple[tuple, ...]]:
    """Models → named tuples with the same fields: merging reads only the fields, and a tuple
    costs a fifth of a model (no __dict__, no set of fields set) while 10,000 sources wait."""
    fields = tuple(model.model_fields)
    row = namedtuple(f"{model.__name__}Row", fields)
    get = itemgetter(*fields)
    return lambda items: tuple(row._make(get(m.__dict__)) for m in items)


_actor_rows, _quote_rows, _event_rows = _rows(Actor), _rows(Quote), _rows(Event)


class _Kept(NamedTuple):
    """What a briefing needs from one source (its key points aside)."""

    id: str
    source: Source
    actors: tuple  # of _actor_rows
    quotes: tuple
    events: tuple
    sentences: SentenceList


_FIELDS_SETS: dict[frozenset, set[str]] = {}


def _share_fields_set(models: Iterable[BaseModel]) -> None:
    """One set of fields set for all frozen models that set the same fields, not one each:
    a set costs 200 to 700 bytes, and 10,000 sources keep about 70,000 models (15 MB of sets).
    Frozen models never add to it; model_copy() copies it before it changes it."""
    for m in models:
        fields = m.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(fields), fields)
        if shared is not fields:
            object.__setattr__(m, "__pydantic_fields_set__", shared)


def _kept(s: SourceSummary) -> _Kept:
    provenance = [p for x in (*s.quotes, *s.events) for p in x.provenance]
    _share_fields_set((s.source, *provenance))
    # One string for the source's id and for each sentence, not one per place they are cited.
    ids, sentences = {s.source.id: s.source.id}, {}
    for p in provenance:
        d = p.__dict__
        d["source"] = ids.setdefault(d["source"], d["source"])
        d["sentence"] = sentences.setdefault(d["sentence"], d["sentence"])
    return _Kept(s.source.id, s.source, _actor_rows(s.actors), _quote_rows(s.quotes), _event_rows(s.events), s.sentences)


class Assembler:
    """Takes summaries one at a time and keeps only what a briefing needs from each.

    A briefing of 10,000 sources would otherwise hold every summary at once: each source's
    own key points (only the newest sources' are ranked), warnings and models per sentence.
    """

    def __init__(self) -> None:
        self._kept: list[tuple[str, int, _Kept]] = []
        # heap of the newest sources: (recency, [key points or None until read again, kept])
        self._recent: list[tuple[tuple, list]] = []

    def add(self, summary: SourceSummary) -> None:
        self.add_kept(_kept(summary), _recency(summary), summary.key_points)

    def add_kept(self, kept: _Kept, recency: tuple, key_points: tuple[KeyPoint, ...] | None) -> _Kept | None:
        """Returns the source that is no longer among the newest (maybe this one), if any."""
        n = len(self._kept)
        self._kept.append((kept.id, n, kept))
        # The order of `sorted(by id)` then `sorted(by date, id)`: ties keep the order of arrival.
        heapq.heappush(self._recent, ((*recency, n), [key_points, kept]))
        if len(self._recent) > RECENT_SOURCES_FOR_RANKING:
            return heapq.heappop(self._recent)[1][1]
        return None

    def recent_missing(self) -> list[list]:
        """[key points, kept] of the newest sources whose key points are not at hand."""
        return [slot for _, slot in self._recent if slot[0] is None]

    def recent_ids(self) -> set[int]:
        return {id(slot[1]) for _, slot in self._recent}

    def briefing(self, *, now: dt.datetime | None = None, memo: AssemblyMemo | None = None) -> Briefing:
        with paused_gc():
            return self._briefing(now, memo)

    def _briefing(self, now: dt.datetime | None, memo: AssemblyMemo | None) -> Briefing:
        summaries = [k for _, _, k in sorted(self._kept, key=lambda k: k[:2])]
        actors, remap = merge_actors([a for s in summaries for a in s.actors])
        moved = {old: new for old, new in remap.items() if old != new}
        published = {s.source.id: s.source.published for s in summaries}
        memo = memo if memo is not None else AssemblyMemo()
        rows = memo.remapped(summaries, moved)
        quotes = merge_quotes([q for quotes, _ in rows for q in quotes], quote_id)
        names = {a.id: a.name for a in actors}
        quotes = [_with(q, speaker_name=names.get(q.speaker, q.speaker_name)) for q in quotes]
        quotes.sort(key=lambda q: (_quote_day(q, published), q.provenance[0].source, q.provenance[0].start), reverse=True)
        events = memo.events.merge([e for _, events in rows for e in events])
        events.sort(key=lambda e: (e.date is None, e.date or dt.date.min, e.provenance[0].source, e.provenance[0].start))
        sentences = tuple(SourceSentences(source=s.source.id, sentences=s.sentences) for s in summaries)
        _share_fields_set(sentences)
        return Briefing(
            sources=tuple(s.source for s in summaries),
            actors=tuple(actors),
            quotes=tuple(quotes),
            events=tuple(events),
            key_points=tuple(rank_key_points([slot[0] for _, slot in sorted(self._recent)])),
            sentences=sentences,
            built_at=now,
        )


class AssemblyMemo:
    """What assembling the last briefing computed per source and per part of the events,
    reused by the next assembly for what did not change (a BuildCache holds one)."""

    def __init__(self) -> None:
        self.events = EventMerger()
        self._moved: dict[str, str] | None = None
        self._rows: dict[int, tuple[_Kept, tuple, tuple]] = {}

    def remapped(self, summaries: Sequence[_Kept], moved: dict[str, str]) -> list[tuple[tuple, tuple]]:
        """Each source's quotes and events with merged actors' ids (`moved`: old id → new)."""
        same = moved == self._moved
        before = self._rows if same else {}
        rows: dict[int, tuple[_Kept, tuple, tuple]] = {}
        out = []
        for s in summaries:
            known = before.get(id(s))
            if known is not None and known[0] is s:
                _, quotes, events = known
            else:
                quotes = tuple(q._replace(speaker=moved[q.speaker]) if q.speaker in moved else q for q in s.quotes)
                events = tuple(
                    _with(e, actors=tuple(dict.fromkeys(moved.get(a, a) for a in e.actors)), host=moved.get(e.host, e.host))
                    for e in s.events
                )
            rows[id(s)] = (s, quotes, events)
            out.append((quotes, events))
        self._moved, self._rows = moved, rows
        return out


def assemble(summaries: Iterable[SourceSummary], *, now: dt.datetime | None = None) -> Briefing:
    """Merge per-source summaries into one briefing. Deterministic for the same input.

    `summaries` may be a generator (reading files, say): each is reduced as it arrives.
    """
    with paused_gc():
        assembler = Assembler()
        for summary in summaries:
            assembler.add(summary)
        return assembler.briefing(now=now)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Building a briefing makes about a million objects and no garbage cycles: the collector
    would walk them all again and again (three quarters of the time spent). Nestable."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _with(item, **changes):
    """A copy of a model or row only when something changes (copies cost at 10,000 sources)."""
    changed = {k: v for k, v in changes.items() if getattr(item, k) != v}
    if not changed:
        return item
    return item._replace(**changed) if isinstance(item, tuple) else item.model_copy(update=changed)


def _quote_day(q, published) -> dt.date:
    if q.said_on:
        return q.said_on
    days = [published.get(s) for s in q.sources if published.get(s)]
    return max(days) if days else dt.date.min


def rank_key_points(recent: Sequence[Sequence[KeyPoint]]) -> list[KeyPoint]:
    """LexRank across the newest sources' own key points (oldest source first); a point several
    outlets make ranks higher."""
    grouped: dict[tuple[str, ...], list[KeyPoint]] = {}
    for key_points in recent:
        for kp in key_points:
            grouped.setdefault(words(kp.text), []).append(kp)
    candidates = list(grouped.values())
    if not candidates:
        return []
    centrality = lexrank([g[0].text for g in candidates])
    ranked = []
    for group, central in zip(candidates, centrality, strict=True):
        sources = tuple(dict.fromkeys(x for kp in group for x in kp.sources))
        own = max(kp.score for kp in group)
        score = round((0.5 * own + 0.5 * central) * (1 + 0.5 * (len(sources) - 1)), 4)
        ranked.append(
            KeyPoint(text=group[0].text, score=score, bullet=any(kp.bullet for kp in group), sources=sources,
                     provenance=tuple(dict.fromkeys(p for kp in group for p in kp.provenance)))
        )
    ranked.sort(key=lambda k: (-k.score, k.provenance[0].source, k.provenance[0].start))
    return ranked[:KEY_POINTS]
