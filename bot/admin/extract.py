"""A fetched web page → an article seed: text, title, outlet, date; written with YAML front matter."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from bot.admin.addresses import shown
from bot.admin.errors import ExtractError
from bot.admin.fetch import Page
from bot.engine.problems import SourceError
from bot.engine.sources import parse_source
from bot.extras import MissingExtra, require

MIN_ARTICLE_CHARS = 200  # below this the page is a stub, a paywall teaser or an index page
SLUG_CHARS = 48


@dataclass(frozen=True)
class Article:
    title: str
    outlet: str | None
    url: str
    published: dt.date | None
    text: str  # one paragraph per line


def require_extractor() -> None:
    """ExtractError, saying what to install, when trafilatura (the `fetch` extra) is missing."""
    try:
        require("trafilatura", "fetch", "Reading articles from web pages (/source add, feeds)")
    except MissingExtra as exc:
        raise ExtractError(exc.message) from None


def extract_article(page: Page) -> Article:
    """Main text and metadata of the page; ExtractError when there is no article in it."""
    require_extractor()
    html: bytes | str = page.body
    if page.charset:
        # An unknown charset name leaves the bytes for the extractor to sniff.
        with contextlib.suppress(LookupError):
            html = page.body.decode(page.charset, errors="replace")
    # Imported here: trafilatura and its date and language tools cost ~26 MB of memory that a
    # bot which never adds a page by URL should not carry.
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=page.url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False,
    )
    text = _paragraphs(getattr(doc, "text", None) or "")
    title = _one_line(getattr(doc, "title", None) or "")
    if title and text.split("\n", 1)[0].strip().casefold() == title.casefold():
        text = text.split("\n", 1)[1] if "\n" in text else ""  # the headline is already the title
    if len(text) < MIN_ARTICLE_CHARS:
        raise ExtractError(
            f"No article text found on that page ({len(text)} characters extracted; "
            f"at least {MIN_ARTICLE_CHARS} are needed). It may be an index page, a paywall or need JavaScript."
        )
    host = (urlsplit(page.url).hostname or "").removeprefix("www.")
    return Article(
        title=title or text.split("\n", 1)[0][:200],
        outlet=_one_line(getattr(doc, "sitename", None) or "") or host or None,
        url=page.url,
        published=_date(getattr(doc, "date", None)),
        text=text,
    )


def source_id(article: Article) -> str:
    """A readable, stable file name: the title's words and a hash of the address.

    The same address always gives the same id, so adding a page twice is noticed.
    """
    folded = unicodedata.normalize("NFKD", article.title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:SLUG_CHARS].rstrip("-") or "source"
    return f"{slug}-{hashlib.sha256(article.url.encode()).hexdigest()[:8]}"


def seed_text(article: Article) -> str:
    """The seed file's contents; checked with the engine's own reader before anything is written."""
    meta: dict[str, object] = {"title": article.title}
    if article.outlet:
        meta["source"] = article.outlet
    meta["url"] = article.url
    if article.published:
        meta["published"] = article.published
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
    text = f"---\n{front}---\n{article.text}\n"
    try:
        parse_source(text.encode(), source_id(article), source_id(article) + ".md")
    except SourceError as exc:
        raise ExtractError(f"The extracted article cannot be used as a source: {shown(exc.problem.reason, 300)}.") from exc
    return text


def _paragraphs(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
