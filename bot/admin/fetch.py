"""Fetching one web page for `/source add`: time-out, size cap, HTML only, addresses checked.

Redirects are followed one hop at a time so that each new address goes through the same
checks as the first one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from http import HTTPStatus

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from bot.admin.addresses import GuardedResolver, check_url, shown
from bot.admin.errors import FetchError

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MAX_REDIRECTS = 5
USER_AGENT = "diplomacy-briefing-bot (+source add by a server admin)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


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
    connector = aiohttp.TCPConnector(resolver=GuardedResolver(resolver, allow_private=allow_private))
    session = aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=timeout),
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
        trust_env=False,  # a proxy would do the resolving and defeat the address checks
    )
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
        if response.status in _REDIRECTS:
            location = response.headers.get("Location")
            if not location:
                raise FetchError(f"The site answered {response.status} without saying where to.")
            try:
                return None, str(response.url.join(URL(location)))
            except ValueError:
                raise FetchError("The site redirected to an address that is not valid.") from None
        if response.status != 200:
            raise FetchError(f"The site answered {_status(response.status)}{_retry_hint(response)}.")
        mime = response.content_type.lower()
        if mime not in HTML_TYPES:
            raise FetchError(f"That is not a web page: the site sent {shown(mime) or 'no content type'}, not HTML.")
        if response.content_length is not None and response.content_length > max_bytes:
            raise FetchError(_too_big(max_bytes))
        body = bytearray()
        async for chunk in response.content.iter_chunked(64 * 1024):
            body += chunk
            if len(body) > max_bytes:  # the declared length can be absent or wrong
                raise FetchError(_too_big(max_bytes))
        return Page(str(response.url), bytes(body), response.charset), ""


def _status(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _retry_hint(response: aiohttp.ClientResponse) -> str:
    if response.status == 429 or response.status == 503:
        after = response.headers.get("Retry-After", "").strip()
        return f"; try again in {after} s" if after.isdigit() and len(after) <= 6 else "; try again later"
    return ""


def _too_big(max_bytes: int) -> str:
    return f"The page is larger than the {max_bytes:,}-byte limit."
