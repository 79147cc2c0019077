"""Fetching one web page for `/source add`: time-out, size cap, HTML only, addresses checked.

Redirects are followed one hop at a time so that each new address goes through the same
checks as the first one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from bot.admin.addresses import check_url, shown
from bot.admin.errors import FetchError
from bot.admin.guarded_http import (
    REDIRECTS,
    BadRedirect,
    TooBig,
    guarded_session,
    read_capped,
    redirect_target,
    status_text,
)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MAX_REDIRECTS = 5
USER_AGENT = "diplomacy-briefing-bot (+source add by a server admin)"


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    body: bytes
    charset: str | None  # from the Content-Type header, when it names one


async def fetch_page(
    url: str,
    *,
    timeout: float,  # noqa: ASYNC109 - the config's fetch_timeout, applied to all hops together
    max_bytes: int,
    allow_private: bool = False,
    resolver: AbstractResolver | None = None,
) -> Page:
    """GET `url` and return its HTML, or raise FetchError with a message for the admin.

    `check_url` returns the very URL object the session is given, so the host it judged is the
    host the client connects to."""
    current = check_url(url, allow_private=allow_private)
    session = guarded_session(timeout=timeout, allow_private=allow_private, resolver=resolver,
                              headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"})
    try:
        async with asyncio.timeout(timeout):  # one budget for all hops, not one per hop
            for _ in range(MAX_REDIRECTS + 1):
                page, location = await _get(session, current, max_bytes)
                if page is not None:
                    return page
                current = check_url(location, allow_private=allow_private)
        raise FetchError(f"The page redirected more than {MAX_REDIRECTS} times; giving up.")
    except TimeoutError:
        raise FetchError(f"The site did not answer within {timeout:g} s.") from None
    except aiohttp.InvalidURL:
        raise FetchError("That is not a valid web address.") from None
    except aiohttp.ClientConnectorError as exc:
        raise FetchError(f"Could not connect to {shown(exc.host)}: {shown(str(exc.os_error.strerror or exc.os_error))}.") from None
    except aiohttp.ClientError as exc:
        raise FetchError(f"The download failed: {exc.__class__.__name__}.") from None
    finally:
        await session.close()


async def _get(session: aiohttp.ClientSession, url: URL, max_bytes: int) -> tuple[Page | None, str]:
    """One request: the page, or None and where it redirects to."""
    async with session.get(url, allow_redirects=False) as response:
        if response.status in REDIRECTS:
            try:
                return None, str(redirect_target(response))
            except BadRedirect as exc:
                raise FetchError(f"The site {exc}.") from None
        if response.status != 200:
            raise FetchError(f"The site answered {status_text(response.status)}{_retry_hint(response)}.")
        mime = response.content_type.lower()
        if mime not in HTML_TYPES:
            raise FetchError(f"That is not a web page: the site sent {shown(mime) or 'no content type'}, not HTML.")
        try:
            body = await read_capped(response, max_bytes)
        except TooBig:
            raise FetchError(_too_big(max_bytes)) from None
        return Page(str(response.url), body, response.charset), ""


def _retry_hint(response: aiohttp.ClientResponse) -> str:
    if response.status == 429 or response.status == 503:
        after = response.headers.get("Retry-After", "").strip()
        return f"; try again in {after} s" if after.isdigit() and len(after) <= 6 else "; try again later"
    return ""


def _too_big(max_bytes: int) -> str:
    return f"The page is larger than the {max_bytes:,}-byte limit."
