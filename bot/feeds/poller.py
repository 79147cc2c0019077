"""One poll cycle: due feeds fetched (leased, paced per host), new items recorded, the ones about
the story fetched and extracted, and all taken articles added in one reload.

Everything decided is recorded with its reason before the next cycle starts; an item whose
article could not be fetched stays in the database and is tried again, even after it has left
its feed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from bot.admin.actions import SourceAdmin
from bot.admin.errors import AdminError, FetchError
from bot.admin.extract import Article, extract_article
from bot.admin.fetch import fetch_page
from bot.feeds.http import FeedClient, FeedHTTPError, HostPacer
from bot.feeds.parse import FeedFormatError, parse_feed
from bot.feeds.relevance import Relevance, Verdict
from bot.feeds.settings import FeedReaderSettings
from bot.feeds.store import DUPLICATE, FAILED, MAX_ATTEMPTS, SKIPPED, TAKEN, Feed, FeedStore, Item
from bot.feeds.urls import canonical_url

log = logging.getLogger(__name__)

MAX_BACKOFF = dt.timedelta(hours=24)
NEAR_DUPLICATE = 90  # rapidfuzz ratio of two articles' leads: the same wire story, lightly edited
LEAD_CHARS = 2_000
RECENT = dt.timedelta(days=3)  # how far back a new article is compared with taken ones
RECENT_MAX = 300
FETCHES_AT_ONCE = 8  # article pages fetched in parallel (each host still one at a time)


@dataclass(frozen=True)
class ItemLine:
    decision: str
    reason: str
    title: str
    source_id: str | None = None

    def __str__(self) -> str:
        title = self.title if len(self.title) <= 90 else self.title[:89] + "…"
        if self.decision == TAKEN:
            return f"taken: {title} → {self.source_id}"
        word = "failed" if self.decision == FAILED else "skipped"
        return f"{word}: {self.reason} — {title}"


@dataclass
class CycleReport:
    feeds: list[str] = field(default_factory=list)  # one line per feed polled
    items: list[ItemLine] = field(default_factory=list)
    added: tuple[str, ...] = ()  # source ids the reload swapped in

    @property
    def taken(self) -> list[ItemLine]:
        return [i for i in self.items if i.decision == TAKEN]


def process_owner() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


class FeedPoller:
    def __init__(self, admin: SourceAdmin, store: FeedStore, settings: FeedReaderSettings, *,
                 allow_private: bool = False, owner: str | None = None, resolver: object = None) -> None:
        self.admin = admin
        self.store = store
        self.settings = settings
        self.allow_private = allow_private
        self.owner = owner or process_owner()
        self.pacer = HostPacer(settings.host_interval_seconds)
        self._resolver = resolver
        self._cycle = asyncio.Lock()

    def clock(self) -> dt.datetime:
        return self.admin.runtime.clock()  # faked in tests

    async def poll(self, *, everything: bool = False) -> CycleReport:
        """One cycle over the due feeds (`everything`: every feed not stopped, due or not)."""
        async with self._cycle:
            report = CycleReport()
            now = self.clock()
            lease = dt.timedelta(seconds=self.settings.timeout * 4 + 60)
            feeds = await self.store.lease_due(self.owner, now, lease, due_only=not everything)
            summaries: dict[int, str] = {}
            if feeds:
                async with FeedClient(timeout=self.settings.timeout, max_bytes=self.settings.max_feed_bytes,
                                      allow_private=self.allow_private, pacer=self.pacer,
                                      resolver=self._resolver) as client:  # type: ignore[arg-type]
                    lines = await asyncio.gather(*(self._poll_feed(client, f, summaries) for f in feeds))
                report.feeds.extend(lines)
            await self._take(report, summaries)
            return report

    async def _poll_feed(self, client: FeedClient, feed: Feed, summaries: dict[int, str]) -> str:
        now = self.clock()
        interval = dt.timedelta(minutes=feed.interval_minutes)
        try:
            response = await client.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
            if response.status == 304:
                await self.store.polled(feed, now=now, next_poll_at=now + interval, moved_to=response.moved_to)
                return f"{feed.label}: not modified"
            parsed = await asyncio.to_thread(parse_feed, response.body, response.moved_to or feed.url)
        except (FeedHTTPError, FeedFormatError) as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            gone = getattr(exc, "gone", False)
            backoff = min(interval * 2 ** min(feed.failures, 10), MAX_BACKOFF)
            asked = getattr(exc, "retry_after", None)
            if asked is not None:
                backoff = max(backoff, dt.timedelta(seconds=asked))
            await self.store.failed(feed, now=now, reason=reason, next_poll_at=now + backoff, gone=gone)
            log.warning("feed %s: %s", feed.url, reason)
            return f"{feed.label}: failed: {reason}" + ("; no longer polled" if gone else "")
        new = await self.store.polled(feed, now=now, next_poll_at=now + interval, items=parsed.items,
                                      etag=response.etag, last_modified=response.last_modified,
                                      moved_to=response.moved_to)
        for item in new:
            summaries[item.id] = item.summary
        fresh = sum(1 for i in new if i.decision != DUPLICATE)
        moved = f" (moved to {response.moved_to})" if response.moved_to else ""
        return f"{feed.label}: {len(parsed.items)} items, {fresh} new{moved}"

    async def _take(self, report: CycleReport, summaries: dict[int, str]) -> None:
        items = await self.store.pending(self.settings.max_items_per_cycle)
        if not items:
            return
        relevance = Relevance(self.settings.relevance, _actor_names(self.admin))
        slots = asyncio.Semaphore(FETCHES_AT_ONCE)

        async def consider(item: Item) -> ItemLine | tuple[Item, Article, str]:
            async with slots:
                return await self._consider(item, summaries.get(item.id, ""), relevance)

        outcomes = await asyncio.gather(*(consider(item) for item in items))
        # Compared one after another, so two copies of one story in this cycle are one source.
        recent = await self._recent_leads()
        # The briefing's addresses once per cycle, not once per article (10,000 sources).
        sources = {canonical_url(s.url): s.id for s in self.admin.runtime.briefings.current.sources if s.url}
        fetched: list[tuple[Item, Article, str]] = []
        for outcome in outcomes:
            if isinstance(outcome, ItemLine):
                report.items.append(outcome)
                continue
            item, article, reason = outcome
            same = _same_story(article, recent, sources)
            if same:
                await self.store.decide(item, DUPLICATE, same, self.clock(), attempted=True)
                report.items.append(ItemLine(DUPLICATE, same, item.title))
                continue
            fetched.append(outcome)
            recent.append((article.url, article.text[:LEAD_CHARS]))
        if not fetched:
            return
        result, written, refused = await self.admin.add_articles([article for _, article, _ in fetched])
        now = self.clock()
        for item, article, reason in fetched:
            if article.url in refused:
                why = refused[article.url].rstrip(".")
                await self.store.decide(item, DUPLICATE, why, now, attempted=True)
                report.items.append(ItemLine(DUPLICATE, why, item.title))
            elif result.ok:
                sid = written[article.url]
                await self.store.decide(item, TAKEN, reason, now, source_id=sid, attempted=True)
                report.items.append(ItemLine(TAKEN, reason, item.title, sid))
            else:
                why = "; ".join(str(p) for p in result.fatal[:2]) or "the reload was refused"
                reason = await self._failed(item, f"not added: {why}", now)
                report.items.append(ItemLine(FAILED, reason, item.title))
        report.added = result.summarized if result.ok else ()

    async def _consider(self, item: Item, summary: str, relevance: Relevance) -> ItemLine | tuple[Item, Article, str]:
        """Headline, then (unless that already says no) the article: skipped, failed, or fetched."""
        now = self.clock()
        first = relevance.headline(item.title, summary)
        if first.verdict is Verdict.SKIP:
            await self.store.decide(item, SKIPPED, first.reason, now)
            return ItemLine(SKIPPED, first.reason, item.title)
        sources = self.admin.runtime.settings.sources
        try:
            async with self.pacer.slot(urlsplit(item.url).hostname or ""):
                page = await fetch_page(item.url, timeout=sources.fetch_timeout, max_bytes=sources.max_bytes,
                                        allow_private=self.allow_private)
            article = await asyncio.to_thread(extract_article, page)
        except AdminError as exc:
            reason = await self._failed(item, exc.message.rstrip("."), now, retry=_worth_retrying(exc))
            return ItemLine(FAILED, reason, item.title)
        if article.published is None and item.published is not None:
            article = dataclasses.replace(article, published=item.published.date())
        reason = first.reason
        if first.verdict is Verdict.READ:
            second = relevance.article(article.text)
            if second.verdict is Verdict.SKIP:
                await self.store.decide(item, SKIPPED, second.reason, now, attempted=True)
                return ItemLine(SKIPPED, second.reason, item.title)
            reason = second.reason
        return item, article, reason

    async def _failed(self, item: Item, reason: str, now: dt.datetime, *, retry: bool = True) -> str:
        """Record a failure; the reason as stored, saying whether the item will be tried again."""
        if not retry:
            reason += "; not retried"
            await self.store.decide(item, FAILED, reason, now, attempts=MAX_ATTEMPTS)
            return reason
        reason += "; given up" if item.attempts + 1 >= MAX_ATTEMPTS else "; will retry"
        await self.store.decide(item, FAILED, reason, now, attempted=True)
        return reason

    async def _recent_leads(self) -> list[tuple[str, str]]:
        taken = await self.store.recent_taken(self.clock() - RECENT, RECENT_MAX)
        seeds = self.admin.seeds
        return await asyncio.to_thread(_leads, seeds, [(i.url, i.source_id) for i in taken if i.source_id])


def _worth_retrying(exc: AdminError) -> bool:
    """A page that may not be fetched, or has no article, will not change by asking again."""
    return isinstance(exc, FetchError) and not exc.message.startswith(("Refused", "That is not a web page",
                                                                      "Only http", "That is not a valid"))


def _leads(seeds: Path, taken: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for url, sid in taken:
        try:
            with (seeds / f"{sid}.md").open(encoding="utf-8", errors="replace") as f:
                text = f.read(LEAD_CHARS + 4_000)
        except OSError:
            continue
        if text.startswith("---"):
            text = text.split("\n---", 2)[-1]
        out.append((url, text[:LEAD_CHARS]))
    return out


def _same_story(article: Article, recent: list[tuple[str, str]], sources: dict[str, str]) -> str:
    """Why `article` is a source already (same address, or the same text on another site), or ''.
    `sources`: the briefing's source ids by canonical address."""
    canon = canonical_url(article.url)
    if canon in sources:
        return f"already a source: `{sources[canon]}`"
    lead = article.text[:LEAD_CHARS]
    for url, other in recent:
        if canonical_url(url) == canon:
            return "already taken from another feed"
        if other and fuzz.ratio(lead, other, score_cutoff=NEAR_DUPLICATE):
            return f"the same story as {url} (near-identical text)"
    return ""


def _actor_names(admin: SourceAdmin) -> list[str]:
    return [actor.name for actor in admin.runtime.briefings.current.actors]
