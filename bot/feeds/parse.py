"""Feed bytes → items: RSS 0.9x/1.0/2.0 and Atom through feedparser, bounded and checked."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import re
from typing import Any
from urllib.parse import urljoin

from pydantic import BaseModel, ConfigDict

MAX_ITEMS = 200  # the newest this many of a feed; a feed is a window on recent news, not an archive
MAX_TITLE = 300
MAX_SUMMARY = 2_000
_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACE = re.compile(r"\s+")


class FeedFormatError(Exception):
    """The bytes are not a feed; the message says why, for /feed list."""


class FeedItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    guid: str
    url: str
    title: str
    summary: str
    published: dt.datetime | None


class ParsedFeed(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    items: tuple[FeedItem, ...]


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """The feed's title and items, newest first as the feed lists them; FeedFormatError if none."""
    import feedparser  # ~5 MB of imports a bot without feeds does not need

    # No base address is given: feedparser would resolve ids as relative addresses too, and an
    # id must stay the same when the feed moves. Links are resolved here instead.
    parsed = feedparser.parse(body)
    entries = parsed.get("entries") or []
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        raise FeedFormatError(f"not an RSS or Atom feed ({_why(parsed)})")
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in entries[:MAX_ITEMS]:
        item = _item(entry, url)
        if item is not None and item.guid not in seen:
            seen.add(item.guid)
            items.append(item)
    if not items and parsed.get("bozo"):
        raise FeedFormatError(f"not an RSS or Atom feed ({_why(parsed)})")
    title = _text(parsed.get("feed", {}).get("title", ""), MAX_TITLE)
    return ParsedFeed(title=title, items=tuple(items))


def _item(entry: Any, base: str) -> FeedItem | None:
    link = _link(entry, base)
    if not link:
        return None  # nothing to fetch: an item without an address cannot become a source
    title = _text(entry.get("title", ""), MAX_TITLE)
    summary = _text(entry.get("summary", ""), MAX_SUMMARY)
    # Without an id the address is the identity; without either, the words are.
    guid = str(entry.get("id") or "").strip()[:500] or link[:500]
    if not guid:
        guid = "sha256:" + hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()
    return FeedItem(guid=guid, url=link, title=title, summary=summary, published=_when(entry))


def _link(entry: Any, base: str) -> str:
    hrefs = [str(entry.get("link") or "")]
    hrefs += [str(c.get("href") or "") for c in entry.get("links") or [] if c.get("rel", "alternate") == "alternate"]
    for href in hrefs:
        absolute = urljoin(base, href.strip()) if href.strip() else ""
        if absolute.startswith(("http://", "https://")) and len(absolute) <= 2000:
            return absolute
    return ""


def _when(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _text(value: Any, limit: int) -> str:
    plain = html.unescape(_TAG.sub(" ", str(value or "")))
    plain = _SPACE.sub(" ", plain).strip()
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def _why(parsed: Any) -> str:
    problem = parsed.get("bozo_exception")
    if problem is not None and "SAX" in problem.__class__.__name__:
        return f"malformed XML: {_SPACE.sub(' ', str(problem))[:200]}"
    return "no <rss>, <rdf:RDF> or <feed> element with items"
