"""Faults on demand: broken gateway connections, failing or slow REST, 429 storms, and
changes in the world the bot must cope with (a deleted channel, a revoked permission)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .models import permission_value
from .ratelimit import too_many
from .responses import error

if TYPE_CHECKING:
    from .server import LoopbackDiscord


@dataclass
class RestFault:
    kind: str  # "status", "ratelimit" or "delay"
    remaining: int | None  # None: until cleared
    method: str | None = None
    route: str | None = None
    status: int = 500
    retry_after: float = 0.2
    is_global: bool = False
    delay: float = 0.0
    hits: int = 0

    def matches(self, method: str, template: str, path: str) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.method and self.method.upper() != method:
            return False
        return not self.route or self.route == template or self.route in path


_STATUS_BODIES = {
    500: (0, "500: Internal Server Error"),
    502: (0, "502: Bad Gateway"),
    503: (0, "503: Service Unavailable"),
    504: (0, "504: Gateway Timeout"),
}


class Faults:
    def __init__(self, server: LoopbackDiscord) -> None:
        self._server = server
        self.rules: list[RestFault] = []

    # -- REST -----------------------------------------------------------------------------
    def fail_next(
        self, n: int = 1, *, status: int = 500, method: str | None = None, route: str | None = None
    ) -> RestFault:
        """Answer the next ``n`` matching REST requests with ``status`` (e.g. 500 or 502).

        ``route`` is a spec path template (``/channels/{channel_id}/messages``) or a substring
        of the concrete path."""
        return self._add(RestFault("status", n, method, route, status=status))

    def ratelimit_next(
        self,
        n: int = 1,
        *,
        retry_after: float = 0.2,
        is_global: bool = False,
        method: str | None = None,
        route: str | None = None,
    ) -> RestFault:
        """A 429 storm: the next ``n`` matching requests get a 429 with ``retry_after``."""
        return self._add(
            RestFault("ratelimit", n, method, route, retry_after=retry_after, is_global=is_global)
        )

    def slow(
        self, delay: float, *, n: int | None = None, method: str | None = None, route: str | None = None
    ) -> RestFault:
        """Delay matching responses by ``delay`` seconds (all of them, or the next ``n``)."""
        return self._add(RestFault("delay", n, method, route, delay=delay))

    def clear(self) -> None:
        self.rules.clear()

    def _add(self, rule: RestFault) -> RestFault:
        self.rules.append(rule)
        return rule

    async def apply(self, method: str, template: str, path: str) -> web.Response | None:
        for rule in list(self.rules):
            if not rule.matches(method, template, path):
                continue
            rule.hits += 1
            if rule.remaining is not None:
                rule.remaining -= 1
            if rule.kind == "delay":
                await asyncio.sleep(rule.delay)
                continue
            if rule.kind == "ratelimit":
                scope = "global" if rule.is_global else "shared"
                return too_many(rule.retry_after, is_global=rule.is_global, scope=scope)
            code, message = _STATUS_BODIES.get(rule.status, (0, f"{rule.status}: Error"))
            return error(rule.status, code, message)
        return None

    # -- gateway --------------------------------------------------------------------------
    async def drop_gateway(self) -> None:
        """Cut the TCP connection without a close frame: the client sees 1006 and resumes."""
        await self._server.gateway.drop_all()

    async def close_gateway(self, code: int = 4000, reason: str = "Unknown error") -> None:
        """Close with a Discord close code (4000 is resumable; 4004 is fatal, and so on)."""
        await self._server.gateway.close_all(code, reason)

    async def send_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client should reconnect and resume."""
        await self._server.gateway.send_op_all(7, None)

    async def invalidate_session(self, *, resumable: bool) -> None:
        """Send op 9 INVALID_SESSION; when not resumable the session is forgotten and the
        client must IDENTIFY again."""
        await self._server.gateway.invalidate_all(resumable=resumable)

    @contextmanager
    def gateway_down(self) -> Iterator[None]:
        """While inside, new gateway connections wait before HELLO (as during an outage)."""
        self._server.gateway.hold()
        try:
            yield
        finally:
            self._server.gateway.release()

    @contextmanager
    def heartbeat_acks_lost(self) -> Iterator[None]:
        """While inside, heartbeats go unanswered (a zombie connection): a client that hears
        nothing for its heartbeat timeout closes with 4000 and resumes."""
        self._server.gateway.ack_heartbeats = False
        try:
            yield
        finally:
            self._server.gateway.ack_heartbeats = True

    # -- world ----------------------------------------------------------------------------
    def delete_channel(self, channel: Any) -> None:
        """Delete a channel: CHANNEL_DELETE is dispatched and REST answers 404 Unknown Channel."""
        self._server.store.delete_channel(self._server.channel(channel).id)

    def revoke_permission(self, channel: Any, *permissions: str, target: Any = None) -> None:
        """Deny permissions on a channel (for the bot unless ``target`` names a member or role);
        posting then fails with 403 Missing Permissions."""
        self._overwrite(channel, target, deny=permission_value(list(permissions) or ["send_messages"]))

    def grant_permission(self, channel: Any, *permissions: str, target: Any = None) -> None:
        self._overwrite(channel, target, allow=permission_value(list(permissions)))

    def _overwrite(self, channel: Any, target: Any, *, allow: int = 0, deny: int = 0) -> None:
        server = self._server
        chan = server.channel(channel)
        target_id = _id(target) if target is not None else server.store.bot.id
        target_type = 0 if target_id in server.guild.roles else 1
        chan.set_overwrite(target_id, target_type, allow=allow, deny=deny)
        server.store.update_channel(server.guild, chan)


def _id(obj: Any) -> str:
    return str(getattr(obj, "id", obj))
