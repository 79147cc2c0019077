"""What every fetch of a page someone named shares (`/source add`, the feed reader): a session
whose every connection goes through the address checks, hop-by-hop redirects, a size cap.

The checks run where the connection is made (the resolver) as well as on each URL: a name cannot
pass the check and then resolve elsewhere, and a redirect is checked like the first address.
"""

from __future__ import annotations

from http import HTTPStatus

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from bot.admin.addresses import GuardedResolver

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})


class TooBig(Exception):
    """The body is over the cap (declared or counted)."""


class BadRedirect(Exception):
    """A redirect that cannot be followed; the message completes "The site …"."""


def guarded_session(*, timeout: float, headers: dict[str, str], allow_private: bool,
                    resolver: AbstractResolver | None = None, limit: int = 100) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(resolver=GuardedResolver(resolver, allow_private=allow_private), limit=limit)
    return aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=timeout), headers=headers,
        trust_env=False,  # a proxy would do the resolving and defeat the address checks
    )


def redirect_target(response: aiohttp.ClientResponse) -> URL:
    """Where a redirect points, resolved against the response's URL; BadRedirect when it names
    no place or an invalid one."""
    location = response.headers.get("Location")
    if not location:
        raise BadRedirect(f"answered {response.status} without saying where to")
    try:
        return response.url.join(URL(location))
    except ValueError:
        raise BadRedirect("redirected to an address that is not valid") from None


async def read_capped(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """The body, or TooBig as soon as it is larger than `max_bytes` (the declared length can be
    absent or wrong, so the bytes are counted too)."""
    if response.content_length is not None and response.content_length > max_bytes:
        raise TooBig
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > max_bytes:
            raise TooBig
    return bytes(body)


def status_text(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)
