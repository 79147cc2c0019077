"""The loopback Discord: one aiohttp server on 127.0.0.1 serving the REST API under
``/api/v10`` and the Gateway at ``/`` (and the resume gateway at ``/resume``)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import rest, rest_core, rest_interactions, rest_messages  # noqa: F401  (routes register on import)
from .faults import Faults
from .gateway import Gateway
from .models import Channel, Guild, Member, Role
from .ratelimit import RateLimits
from .rest import RequestRecord, Violation
from .spec import load_spec
from .state import Store

if TYPE_CHECKING:
    from .driver import Driver

ADMIN_PERMISSIONS = ("manage_guild", "manage_messages", "manage_channels", "manage_roles", "view_audit_log")


@dataclass
class ServerConfig:
    interaction_deadline: float = 3.0
    """Seconds an interaction may wait for its callback before Discord forgets it."""
    interaction_token_lifetime: float = 15 * 60.0
    validate_spec: bool = True
    check_responses: bool = False
    """Also check the server's own JSON answers against the document (the harness's self-test)."""
    recommended_shards: int = 1


class LoopbackDiscord:
    """A Discord that lives on 127.0.0.1 for one test.

    The world starts with one guild, a few text channels, an ``admin`` member (Manage Guild
    and friends through an "Admin" role) and a plain ``member``, and the bot user.
    """

    def __init__(
        self,
        *,
        token: str = "loopback.bot.token",
        guild_name: str = "Loopback Guild",
        channels: tuple[str, ...] = ("general", "announcements", "bot-log"),
        spec_path: str | None = None,
    ) -> None:
        self.spec = load_spec(spec_path)
        self.config = ServerConfig()
        self.store = Store(token=token)
        self.gateway = Gateway(self)
        self.store.dispatch = self.gateway.dispatch
        self.ratelimits = RateLimits()
        self.faults = Faults(self)
        self.violations: list[Violation] = []
        self.requests: list[RequestRecord] = []
        self.guild = self.store.add_guild(guild_name)
        self.channels: dict[str, Channel] = {n: self.store.add_channel(self.guild, n) for n in channels}
        self.admin_role: Role = self.store.add_role(self.guild, "Admin", list(ADMIN_PERMISSIONS))
        self.admin: Member = self.store.add_member(self.guild, "admin", roles=[self.admin_role])
        self.member: Member = self.store.add_member(self.guild, "member")
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self._driver: Driver | None = None

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self) -> LoopbackDiscord:
        app = web.Application(client_max_size=26 * 1024 * 1024)
        app.router.add_get("/", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        app.router.add_route("*", r"/api/v{version:\d+}/{tail:.*}", self._rest)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._attachment)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        await self.gateway.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wait_gateway_closed(), 2.0)
        await self._runner.cleanup()
        self._runner = None

    async def _wait_gateway_closed(self) -> None:
        for conn in list(self.gateway.connections):
            with contextlib.suppress(asyncio.CancelledError):
                await conn.finished.wait()

    async def __aenter__(self) -> LoopbackDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _attachment(self, request: web.Request) -> web.Response:
        """The CDN: uploaded files can be downloaded again (``Attachment.read()``)."""
        data = self.store.files.get(request.match_info["attachment_id"])
        if data is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=data, content_type="application/octet-stream")

    async def _rest(self, request: web.Request) -> web.Response:
        if request.match_info["version"] not in ("9", "10"):
            return rest.error(400, 50041, "Invalid API version provided")
        return await rest.handle(self, request)

    # -- addresses ------------------------------------------------------------------------
    @property
    def http_base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """The value for ``discord.http.Route.BASE``."""
        return f"{self.http_base}/api/v10"

    @property
    def gateway_url(self) -> str:
        """The value for ``DiscordWebSocket.DEFAULT_GATEWAY`` (also what ``/gateway/bot`` says)."""
        return f"ws://127.0.0.1:{self.port}/"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/resume"

    @property
    def token(self) -> str:
        return self.store.token

    @property
    def application_id(self) -> str:
        return self.store.application_id

    # -- the world ------------------------------------------------------------------------
    def channel(self, name_or_id: Any) -> Channel:
        if isinstance(name_or_id, Channel):  # any guild's channel, as returned by add_guild
            return name_or_id
        key = str(getattr(name_or_id, "id", name_or_id))
        if key in self.channels:
            return self.channels[key]
        for channel in self.guild.channels.values():
            if channel.id == key or channel.name == key:
                return channel
        raise KeyError(f"no channel {name_or_id!r}; channels: {sorted(self.channels)}")

    def guild_of(self, channel: Channel) -> Guild:
        return self.store.guilds[channel.guild_id]

    def add_guild(self, name: str, channels: tuple[str, ...] = ("general",)) -> tuple[Guild, dict[str, Channel]]:
        """Another server the bot is in (added before the bot starts, or joined while it runs),
        with its own channels; its members and roles come from ``add_member(..., guild=)``."""
        guild = self.store.add_guild(name)
        made = {n: self.store.add_channel(guild, n) for n in channels}
        self.gateway.dispatch("GUILD_CREATE", guild.create_payload(member_ids=[self.store.bot.id],
                                                                   bot_id=self.store.bot.id), guild.id)
        return guild, made

    def add_channel(self, name: str) -> Channel:
        channel = self.store.add_channel(self.guild, name)
        self.channels[name] = channel
        self.gateway.dispatch("CHANNEL_CREATE", channel.payload(), self.guild.id)
        return channel

    def add_role(self, name: str, permissions: Any = 0, *, guild: Guild | None = None) -> Role:
        return self.store.add_role(guild or self.guild, name, permissions)

    def add_member(self, name: str, *, permissions: Any = None, roles: list[Role] | None = None,
                   guild: Guild | None = None) -> Member:
        """A member with the given roles; ``permissions`` adds a role granting exactly those."""
        guild = guild or self.guild
        roles = list(roles or [])
        if permissions:
            roles.append(self.add_role(f"{name}-permissions", permissions, guild=guild))
        member = self.store.add_member(guild, name, roles=roles)
        self.gateway.dispatch("GUILD_MEMBER_ADD", {**member.payload(), "guild_id": guild.id}, guild.id)
        return member

    @property
    def driver(self) -> Driver:
        if self._driver is None:
            from .driver import Driver

            self._driver = Driver(self)
        return self._driver

    # -- records --------------------------------------------------------------------------
    def record_violation(self, method: str, path: str, reason: str, body: Any = None) -> None:
        self.violations.append(Violation(method, path, reason, body))

    def take_violations(self) -> list[Violation]:
        """Return the recorded violations and forget them (for tests that expect them)."""
        taken, self.violations = self.violations, []
        return taken

    def log_request(self, method: str, path: str, template: str | None, status: int, body: Any) -> None:
        self.requests.append(RequestRecord(method, path, template, status, body, time.monotonic()))

    def requests_to(self, method: str | None = None, route: str | None = None, status: int | None = None):
        """Requests the server saw, filtered by method, route (template or substring) and status."""
        return [
            r for r in self.requests
            if (method is None or r.method == method.upper())
            and (route is None or r.template == route or route in r.path)
            and (status is None or r.status == status)
        ]
