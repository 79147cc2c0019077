"""Rate limits as Discord applies them: a global limit per bot and per-route buckets.

Buckets are keyed by a route's bucket hash and its major parameters (channel, guild,
webhook id and token), and every response carries the ``X-RateLimit-*`` headers.
A 429 carries a JSON body with ``retry_after`` and ``global`` and a ``Via`` header
(without ``Via`` discord.py treats a 429 as a Cloudflare ban and gives up).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass, field

from aiohttp import web

from .responses import json_response

MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id", "webhook_token", "interaction_id")


@dataclass(frozen=True)
class RouteLimit:
    limit: int
    per: float


DEFAULT_ROUTE_LIMITS: dict[tuple[str, str], RouteLimit] = {
    # Discord: 5 messages per 5 seconds per channel.
    ("POST", "/channels/{channel_id}/messages"): RouteLimit(5, 5.0),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"): RouteLimit(5, 5.0),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}"): RouteLimit(5, 1.0),
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"): RouteLimit(5, 2.0),
    ("POST", "/channels/{channel_id}/webhooks"): RouteLimit(15, 60.0),
    ("PUT", "/applications/{application_id}/commands"): RouteLimit(10, 20.0),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"): RouteLimit(10, 20.0),
}
UNLIMITED_ROUTES = {("POST", "/interactions/{interaction_id}/{interaction_token}/callback")}


@dataclass
class _Window:
    reset_at: float
    count: int = 0


@dataclass
class RateLimitHit:
    method: str
    path: str
    scope: str  # "user" (route bucket), "global" or "shared"
    retry_after: float
    bucket: str | None


@dataclass
class RateLimits:
    """Configurable per test: ``server.ratelimits.enabled = False`` turns them all off."""

    enabled: bool = True
    global_per_second: int = 50
    routes: dict[tuple[str, str], RouteLimit] = field(default_factory=lambda: dict(DEFAULT_ROUTE_LIMITS))
    default_route: RouteLimit = RouteLimit(50, 1.0)
    hits: list[RateLimitHit] = field(default_factory=list)
    _windows: dict[tuple[str, str], _Window] = field(default_factory=dict)
    _global: _Window | None = None

    def set_route(self, method: str, template: str, limit: int, per: float) -> None:
        self.routes[(method.upper(), template)] = RouteLimit(limit, per)
        self._windows.clear()

    def reset(self) -> None:
        self._windows.clear()
        self._global = None
        self.hits.clear()

    @staticmethod
    def bucket_hash(method: str, template: str) -> str:
        return hashlib.sha1(f"{method} {template}".encode()).hexdigest()[:32]

    def check(
        self, method: str, template: str, params: dict[str, str], *, bot_auth: bool, path: str
    ) -> tuple[web.Response | None, dict[str, str]]:
        """Count a request. Returns (429 response or None, headers for the real response)."""
        if not self.enabled:
            return None, {}
        now = time.monotonic()
        key_route = (method, template)
        if bot_auth and not template.startswith("/interactions/") and self.global_per_second > 0:
            if self._global is None or now >= self._global.reset_at:
                self._global = _Window(reset_at=now + 1.0)
            if self._global.count >= self.global_per_second:
                retry = self._global.reset_at - now
                self.hits.append(RateLimitHit(method, path, "global", retry, None))
                return too_many(retry, is_global=True), {}
            self._global.count += 1
        if key_route in UNLIMITED_ROUTES:
            return None, {}
        limit = self.routes.get(key_route, self.default_route)
        bucket = self.bucket_hash(method, template)
        major = ":".join(params.get(p, "") for p in MAJOR_PARAMETERS)
        wkey = (bucket, major)
        window = self._windows.get(wkey)
        if window is None or now >= window.reset_at:
            window = self._windows[wkey] = _Window(reset_at=now + limit.per)
        reset_after = max(window.reset_at - now, 0.0)
        if window.count >= limit.limit:
            self.hits.append(RateLimitHit(method, path, "user", reset_after, bucket))
            headers = _bucket_headers(limit.limit, 0, reset_after, bucket)
            return too_many(reset_after, is_global=False, headers=headers), {}
        window.count += 1
        return None, _bucket_headers(limit.limit, limit.limit - window.count, reset_after, bucket)


def _bucket_headers(limit: int, remaining: int, reset_after: float, bucket: str) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket,
    }


def too_many(
    retry_after: float, *, is_global: bool, headers: dict[str, str] | None = None, scope: str | None = None
) -> web.Response:
    retry_after = round(max(retry_after, 0.001), 3)
    all_headers = dict(headers or {})
    all_headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    all_headers["Via"] = "1.1 google"
    all_headers["X-RateLimit-Scope"] = scope or ("global" if is_global else "user")
    if is_global:
        all_headers["X-RateLimit-Global"] = "true"
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
    if is_global:
        body["code"] = 0
    return json_response(body, status=429, headers=all_headers)
