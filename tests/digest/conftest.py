"""Shared pieces of the digest tests: the seed stories and a fake channel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.digest.layout import Part
from bot.digest.sender import SendError, Unsure
from bot.digest.subscriptions import Subscription
from bot.engine.briefing import assemble
from bot.engine.models import Briefing, Event, Provenance, Quote, Source, SourceSummary
from bot.engine.store import read_summary
from bot.story import Story

ROOT = Path(__file__).resolve().parents[2]
SEED_A = "000_353006ad1c53f48c"  # 12 May 2025: Zelensky ready to meet Putin
SEED_B = "002_8e5d6f9d2557a0da"  # quotes from Macron, Zelensky, Trump


def summary(source_id: str) -> SourceSummary:
    return read_summary(ROOT / "summaries" / f"{source_id}.json")


def story_of(*source_ids: str) -> Story:
    return Story(assemble([summary(s) for s in source_ids]))


class FakeChannels:
    """Stands in for Discord: messages per channel, enforced nonces, scripted failures."""

    def __init__(self) -> None:
        self.messages: dict[int, list[tuple[int, Part]]] = {}
        self.nonces: dict[tuple[int, str], int] = {}
        self.failures: list[SendError | BaseException] = []
        self.notices: list[tuple[int, str]] = []
        self.unreachable: set[int] = set()
        self.crash_after_post = False
        self.history_unreadable = False
        self.sends = 0
        self._ids = 1000

    def posted(self, channel_id: int) -> list[Part]:
        return [part for _, part in self.messages.get(channel_id, [])]

    async def send(self, sub: Subscription, part: Part, *, nonce: str) -> int:
        self.sends += 1
        if self.failures:
            raise self.failures.pop(0)
        if not sub.webhook_url and (sub.channel_id, nonce) in self.nonces:
            return self.nonces[(sub.channel_id, nonce)]
        self._ids += 1
        self.messages.setdefault(sub.channel_id, []).append((self._ids, part))
        self.nonces[(sub.channel_id, nonce)] = self._ids
        if self.crash_after_post:
            # The process dies after Discord posted, before the bot could record it.
            raise SystemExit("crash")
        return self._ids

    async def find(self, sub: Subscription, part: Part, *, since: dt.datetime) -> int | None:
        if self.history_unreadable:
            raise Unsure("I could not read the channel's history to check (Missing Access)")
        return next((mid for mid, p in self.messages.get(sub.channel_id, []) if p.marker == part.marker), None)

    async def notify(self, channel_id: int, text: str) -> bool:
        if channel_id in self.unreachable:
            return False
        self.notices.append((channel_id, text))
        return True


@pytest.fixture
def channels() -> FakeChannels:
    return FakeChannels()


def big_story(n: int, *, words: int = 60) -> Story:
    """`n` sources, each with one quote and one event of about `words` words."""
    sources, quotes, events = [], [], []
    for i in range(n):
        sid = f"gen-{i:04d}"
        text = " ".join(f"word{i}x{k}" for k in range(words))
        prov = (Provenance(source=sid, start=0, end=10, sentence=text),)
        sources.append(Source(id=sid, title=f"Generated article {i}", outlet=f"Outlet {i}",
                              url=f"https://example.org/{sid}", published=dt.date(2025, 5, 13),
                              content_hash="0" * 64))
        quotes.append(Quote(id=f"q-{i:04d}", speaker=None, speaker_name=f"Speaker {i}", text=f"quote{i} {text}",
                            said_on=dt.date(2025, 5, 13), sources=(sid,), provenance=prov))
        events.append(Event(id=f"e-{i:04d}", date=dt.date(2025, 5, 13), date_precision="day",
                            summary=f"event{i} {text}", status="occurred", sources=(sid,), provenance=prov))
    return Story(Briefing(sources=tuple(sources), quotes=tuple(quotes), events=tuple(events)))
