"""A news site on 127.0.0.1 for the feed tests: RSS and Atom feeds with validators, article
pages, and the faults feeds have (429, 500, 301, 410, malformed XML, huge bodies)."""

from __future__ import annotations

import hashlib
import html
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web

from tests.admin.web import ArticleSite


@dataclass
class Story:
    """One article of the site: its page and its feed entry."""

    slug: str
    title: str
    paragraphs: list[str]
    published: str | None = "Tue, 03 Jun 2025 12:00:00 GMT"
    guid: str | None = None  # None: the feed gives no id
    summary: str = ""

    def page(self, outlet: str) -> str:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(self.title)}</title>"
                f"<meta property='og:site_name' content='{outlet}'></head><body><nav><a href='/'>Home</a></nav>"
                f"<article><h1>{html.escape(self.title)}</h1>{body}</article></body></html>")


@dataclass
class FeedState:
    stories: list[Story] = field(default_factory=list)
    atom: bool = False
    fault: tuple[int, dict[str, str]] | None = None  # (status, headers) answered instead of the feed
    raw: bytes | None = None  # answered as the feed's body, as it is


class NewsSite(ArticleSite):
    def __init__(self, outlet: str = "Harbour Ledger", host: str = "127.0.0.1") -> None:
        super().__init__(host)
        self.outlet = outlet
        self.feeds: dict[str, FeedState] = {}
        self.conditional: Counter[str] = Counter()  # requests that carried a validator, per path
        self.not_modified: Counter[str] = Counter()

    def feed(self, path: str, *stories: Story, atom: bool = False) -> FeedState:
        state = self.feeds.setdefault(path, FeedState())
        state.stories, state.atom = list(stories), atom
        for story in stories:
            self.html(f"/news/{story.slug}", story.page(self.outlet))

        async def handler(request: web.Request) -> web.Response:
            if state.fault is not None:
                return web.Response(status=state.fault[0], headers=state.fault[1])
            body = state.raw if state.raw is not None else self._render(state)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if request.headers.get("If-None-Match") or request.headers.get("If-Modified-Since"):
                self.conditional[path] += 1
            if request.headers.get("If-None-Match") == etag:
                self.not_modified[path] += 1
                return web.Response(status=304, headers={"ETag": etag})
            ctype = "application/atom+xml" if state.atom else "application/rss+xml"
            return web.Response(body=body, headers={"ETag": etag, "Content-Type": ctype})

        self._routes[path] = handler
        return state

    def _render(self, state: FeedState) -> bytes:
        if state.atom:
            entries = "".join(
                f"<entry><title>{html.escape(s.title)}</title><link href='{self.url('/news/' + s.slug)}'/>"
                + (f"<id>{html.escape(s.guid)}</id>" if s.guid else "")
                + (f"<updated>{_iso(s.published)}</updated>" if s.published else "")
                + f"<summary>{html.escape(s.summary)}</summary></entry>"
                for s in state.stories)
            return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
                    f"<title>{self.outlet}</title>{entries}</feed>").encode()
        items = "".join(
            f"<item><title>{html.escape(s.title)}</title><link>{self.url('/news/' + s.slug)}</link>"
            + (f"<guid isPermaLink='false'>{html.escape(s.guid)}</guid>" if s.guid else "")
            + (f"<pubDate>{s.published}</pubDate>" if s.published else "")
            + f"<description>{html.escape(s.summary)}</description></item>"
            for s in state.stories)
        return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{self.outlet}</title>"
                f"{items}</channel></rss>").encode()


def _iso(rfc822: str) -> str:
    import email.utils

    return email.utils.parsedate_to_datetime(rfc822).strftime("%Y-%m-%dT%H:%M:%SZ")
