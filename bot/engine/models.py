"""The story's data model: frozen pydantic models that cross every boundary (files, commands, bot)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.engine.sentencelist import SentenceList

SCHEMA_VERSION = 1
# Bumped whenever the engine reads text differently: older summaries are made again.
ENGINE_VERSION = "2026.12.2"

DatePrecision = Literal["day", "week", "month", "year"]
EventStatus = Literal["occurred", "planned", "proposed", "background"]
UPCOMING_STATUSES: tuple[EventStatus, ...] = ("planned", "proposed")  # statuses of what has not happened yet
ActorKind = Literal["person", "organization"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Provenance(Frozen):
    """Where an item was read: the source, the character span in its text, and the sentence."""

    source: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str


class Source(Frozen):
    id: str = Field(description="The file name without its extension.")
    title: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    content_hash: str = Field(description="sha256 of the file's bytes.")


class Actor(Frozen):
    id: str
    name: str
    kind: ActorKind = "person"
    aliases: tuple[str, ...] = ()
    role: str | None = None


class Quote(Frozen):
    id: str
    speaker: str | None = Field(description="Actor id, or null when the text does not say.")
    speaker_name: str | None = None
    text: str = Field(description="The words between the quotation marks.")
    partial: bool = False
    said_on: dt.date | None = None
    sources: tuple[str, ...]
    provenance: tuple[Provenance, ...]


class Event(Frozen):
    id: str
    date: dt.date | None
    date_precision: DatePrecision | None
    place: str | None = None
    summary: str
    actors: tuple[str, ...] = ()
    host: str | None = Field(default=None, description="Actor id of the host, when the text names one.")
    status: EventStatus
    sources: tuple[str, ...]
    provenance: tuple[Provenance, ...]
    date_inferred: bool = Field(
        default=False, description="The text names no day: the article's own date (dateline or publication) applies."
    )


class KeyPoint(Frozen):
    text: str
    score: float
    bullet: bool = False
    sources: tuple[str, ...]
    provenance: tuple[Provenance, ...]


class Sentence(Frozen):
    start: int
    end: int
    text: str


class SourceSummary(Frozen):
    """One file in summaries/: everything the engine read in one source, for editors to review."""

    schema_version: int = SCHEMA_VERSION
    engine: str = ENGINE_VERSION
    reviewed: bool = Field(
        default=False, description="Set by an editor: the engine never overwrites a reviewed summary."
    )
    source: Source
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    sentences: SentenceList = SentenceList()
    warnings: tuple[str, ...] = ()


class SourceSentences(Frozen):
    source: str
    sentences: SentenceList = SentenceList()


class Briefing(Frozen):
    """Everything known, merged across sources. Immutable: a reload builds a new one."""

    sources: tuple[Source, ...] = ()
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    sentences: tuple[SourceSentences, ...] = Field(default=(), description="Every source's sentences, for ask.")
    built_at: dt.datetime | None = None

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)
