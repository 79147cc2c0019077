"""Fetching a feed as a good citizen: conditional GET, one request at a time per host with a
minimum interval, size cap and time-out, every address checked as for `/source add`.

Redirects are followed one hop at a time so each address is checked; when every hop was
permanent (301, 308) the caller stores the new address.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from bot.admin.addresses import check_url, shown
from bot.admin.errors import FetchError
from bot.admin.guarded_http import (
    PERMANENT,
    REDIRECTS,
    BadRedirect,
    TooBig,
    guarded_session,
    read_capped,
    redirect_target,
    status_text,
)

USER_AGENT = "diplomacy-briefing-bot feed reader (+polls at most once a minute per host)"
ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 24 * 3600.0  # a Retry-After further away than this is read as a day


@dataclass(frozen=True)
class FeedResponse:
    status: int  # 200, or 304 when nothing changed since the validators sent
    body: bytes
    etag: str | None
    last_modified: str | None
    moved_to: str | None = None  # the new address, when every redirect was permanent


class FeedHTTPError(Exception):
    """A poll that did not get the feed. `gone`: 410, stop polling; `retry_after`: seconds asked."""

    def __init__(self, reason: str, *, gone: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.gone = gone
        self.retry_after = retry_after


class HostPacer:
    """At most one request at a time to a host, and `interval` seconds between their starts."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._locks: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        host = host.lower()
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._last.get(host, -self.interval) + self.interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last[host] = time.monotonic()
            yield


class FeedClient:
    """One HTTP session for a poll cycle; `async with FeedClient(...) as client:`."""

    def __init__(self, *, timeout: float, max_bytes: int, allow_private: bool, pacer: HostPacer,
                 resolver: AbstractResolver | None = None) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.pacer = pacer
        self._resolver = resolver
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> FeedClient:
        self._session = guarded_session(timeout=self.timeout, allow_private=self.allow_private, limit=32,
                                        resolver=self._resolver,
                                        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FeedResponse:
        assert self._session is not None, "use FeedClient in `async with`"
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current: str | URL = url
        permanent = True
        try:
            async with asyncio.timeout(self.timeout):
                for _ in range(MAX_REDIRECTS + 1):
                    checked = _checked(current, self.allow_private)
                    async with self.pacer.slot(checked.host or ""):
                        response, target = await self._hop(checked, headers)
                    if response is not None:
                        moved = str(checked) if permanent and str(checked) != url else None
                        return FeedResponse(*response, moved_to=moved)
                    current, status = target
                    permanent = permanent and status in PERMANENT
            raise FeedHTTPError(f"redirected more than {MAX_REDIRECTS} times")
        except TimeoutError:
            raise FeedHTTPError(f"no answer within {self.timeout:g} s") from None
        except aiohttp.InvalidURL:
            raise FeedHTTPError("not a valid web address") from None
        except aiohttp.ClientConnectorError as exc:
            raise FeedHTTPError(f"could not connect to {shown(exc.host)}: "
                                f"{shown(str(exc.os_error.strerror or exc.os_error))}") from None
        except aiohttp.ClientError as exc:
            raise FeedHTTPError(f"the download failed: {exc.__class__.__name__}") from None

    async def _hop(self, url: URL, headers: dict[str, str]
                   ) -> tuple[tuple[int, bytes, str | None, str | None] | None, tuple[URL, int]]:
        """One request: (status, body, etag, last-modified), or None and where it redirects."""
        assert self._session is not None
        async with self._session.get(url, headers=headers, allow_redirects=False) as response:
            if response.status in REDIRECTS:
                try:
                    return None, (redirect_target(response), response.status)
                except BadRedirect as exc:
                    raise FeedHTTPError(str(exc)) from None
            validators = response.headers.get("ETag"), response.headers.get("Last-Modified")
            if response.status == 304:
                return (304, b"", *validators), (url, 0)
            if response.status == 410:
                raise FeedHTTPError("410 Gone: the feed was removed", gone=True)
            if response.status != 200:
                retry = _retry_after(response.headers.get("Retry-After")) if response.status in (429, 503) else None
                raise FeedHTTPError(status_text(response.status), retry_after=retry)
            try:
                body = await read_capped(response, self.max_bytes)
            except TooBig:
                raise FeedHTTPError(f"the feed is larger than the {self.max_bytes:,}-byte limit") from None
            return (200, body, *validators), (url, 0)


def _checked(url: str | URL, allow_private: bool) -> URL:
    try:
        return check_url(url, allow_private=allow_private)
    except FetchError as exc:
        raise FeedHTTPError(str(exc)) from None


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit() and len(value) <= 9:
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0), MAX_RETRY_AFTER)
