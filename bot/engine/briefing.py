"""Seeds and summaries in, one immutable Briefing out, with every problem reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.actors import load_known_actors
from bot.engine.keypoints import lexrank
from bot.engine.merge import merge_actors, merge_events, merge_quotes
from bot.engine.models import (
    ENGINE_VERSION,
    SCHEMA_VERSION,
    Actor,
    Briefing,
    KeyPoint,
    SourceSummary,
)
from bot.engine.problems import Problem, SourceError
from bot.engine.sources import list_source_files, read_source
from bot.engine.store import read_summary, summary_path, write_summary
from bot.engine.summarize import quote_id, summarize
from bot.engine.text import words

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
) -> BuildResult:
    """Read every seed; reuse a summary whose content hash is unchanged; summarize the rest."""
    result = BuildResult(briefing=Briefing())
    known: tuple[Actor, ...] = ()
    try:
        known = load_known_actors(seeds_dir / ACTORS_FILE)
    except SourceError as exc:
        result.problems.append(exc.problem)
    files = list_source_files(seeds_dir)
    if not seeds_dir.is_dir():
        result.problems.append(Problem(str(seeds_dir), 1, "seeds folder does not exist"))
    summaries: list[SourceSummary] = []
    for path in progress(files) if progress else files:
        summary = _one(path, summaries_dir, known, write, result)
        if summary is not None:
            summaries.append(summary)
            result.problems.extend(_warnings(summary))
    if summaries_dir is not None and summaries_dir.is_dir():
        ids = {p.stem for p in files}
        for orphan in sorted(summaries_dir.glob("*.json")):
            if orphan.stem not in ids and not orphan.name.endswith(".schema.json"):
                result.problems.append(Problem(str(orphan), 1, "summary has no source in seeds/; not served", False))
    result.briefing = assemble(summaries, now=now)
    return result


def _warnings(summary: SourceSummary) -> list[Problem]:
    out = []
    for w in summary.warnings:
        file, line, reason = ([*w.split(":", 2), "", ""])[:3]
        out.append(Problem(file, int(line) if line.isdigit() else 1, reason.strip(), False))
    return out


def _one(path: Path, summaries_dir: Path | None, known, write: bool, result: BuildResult) -> SourceSummary | None:
    try:
        raw = read_source(path)
    except SourceError as exc:
        result.problems.append(exc.problem)
        return None
    previous = None
    if summaries_dir is not None:
        stored = summary_path(summaries_dir, raw.id)
        if stored.exists():
            try:
                previous = read_summary(stored)
            except SourceError as exc:
                result.problems.append(exc.problem)
                return None
    if previous is not None:
        if previous.reviewed:
            if previous.source.content_hash != raw.content_hash:
                result.kept_reviewed.append(raw.id)
                result.problems.append(
                    Problem(str(summary_path(summaries_dir, raw.id)), 1,
                            "source changed since an editor reviewed this summary; the reviewed one is kept", False)
                )
            else:
                result.reused.append(raw.id)
            return previous
        if (
            previous.source.content_hash == raw.content_hash
            and previous.schema_version == SCHEMA_VERSION
            and previous.engine == ENGINE_VERSION
        ):
            result.reused.append(raw.id)
            return previous
    summary = summarize(raw, known)
    result.summarized.append(raw.id)
    if write and summaries_dir is not None:
        write_summary(summaries_dir, summary)
    return summary


def assemble(summaries: Sequence[SourceSummary], *, now: dt.datetime | None = None) -> Briefing:
    """Merge per-source summaries into one briefing. Deterministic for the same input."""
    summaries = sorted(summaries, key=lambda s: s.source.id)
    actors, remap = merge_actors([a for s in summaries for a in s.actors])
    published = {s.source.id: s.source.published for s in summaries}
    quotes = merge_quotes(
        [
            q.model_copy(update={"speaker": remap.get(q.speaker, q.speaker)}) if q.speaker in remap else q
            for s in summaries for q in s.quotes
        ],
        quote_id,
    )
    names = {a.id: a.name for a in actors}
    quotes = [q.model_copy(update={"speaker_name": names.get(q.speaker, q.speaker_name)}) for q in quotes]
    quotes.sort(key=lambda q: (_quote_day(q, published), q.provenance[0].source, q.provenance[0].start), reverse=True)
    events = merge_events(
        [
            e.model_copy(update={"actors": tuple(dict.fromkeys(remap.get(a, a) for a in e.actors)),
                                 "host": remap.get(e.host, e.host)})
            for s in summaries for e in s.events
        ]
    )
    events.sort(key=lambda e: (e.date is None, e.date or dt.date.min, e.provenance[0].source, e.provenance[0].start))
    return Briefing(
        sources=tuple(s.source for s in summaries),
        actors=tuple(actors),
        quotes=tuple(quotes),
        events=tuple(events),
        key_points=tuple(rank_key_points(summaries)),
        summaries=tuple(summaries),
        built_at=now,
    )


def _quote_day(q, published) -> dt.date:
    if q.said_on:
        return q.said_on
    days = [published.get(s) for s in q.sources if published.get(s)]
    return max(days) if days else dt.date.min


def rank_key_points(summaries: Sequence[SourceSummary]) -> list[KeyPoint]:
    """LexRank across the newest sources' own key points; a point several outlets make ranks higher."""
    recent = sorted(summaries, key=lambda s: (s.source.published or dt.date.min, s.source.id))[-RECENT_SOURCES_FOR_RANKING:]
    grouped: dict[tuple[str, ...], list[KeyPoint]] = {}
    for s in recent:
        for kp in s.key_points:
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
