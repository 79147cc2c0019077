"""The Gateway: a websocket speaking Discord's opcodes with JSON payloads.

HELLO → HEARTBEAT/ACK → IDENTIFY → READY → GUILD_CREATE; RESUME replays the events the
client missed (sequence above its own) and then RESUMED. Transport compression
(``compress=zlib-stream``, and ``zstd-stream`` when a zstd module is present) is supported.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .ids import session_id

if TYPE_CHECKING:
    from .server import LoopbackDiscord

log = logging.getLogger(__name__)

GUILDS, GUILD_MEMBERS, GUILD_PRESENCES = 1 << 0, 1 << 1, 1 << 8
GUILD_MESSAGES, MESSAGE_CONTENT = 1 << 9, 1 << 15
PRIVILEGED = {"members": GUILD_MEMBERS, "presences": GUILD_PRESENCES, "message_content": MESSAGE_CONTENT}
_APP_FLAGS = {"members": 1 << 15, "presences": 1 << 12, "message_content": 1 << 19}
_EVENT_INTENTS = {
    "GUILD_CREATE": GUILDS, "GUILD_UPDATE": GUILDS, "GUILD_DELETE": GUILDS,
    "CHANNEL_CREATE": GUILDS, "CHANNEL_UPDATE": GUILDS, "CHANNEL_DELETE": GUILDS,
    "GUILD_ROLE_CREATE": GUILDS, "GUILD_ROLE_UPDATE": GUILDS, "GUILD_ROLE_DELETE": GUILDS,
    "GUILD_MEMBER_ADD": GUILD_MEMBERS, "GUILD_MEMBER_UPDATE": GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": GUILD_MEMBERS,
    "MESSAGE_CREATE": GUILD_MESSAGES, "MESSAGE_UPDATE": GUILD_MESSAGES, "MESSAGE_DELETE": GUILD_MESSAGES,
}


class _Close(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(code, reason)
        self.code, self.reason = code, reason


class Connection:
    """One websocket; payloads go out in order through a writer task."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request, compress: str | None) -> None:
        self.ws, self.request, self.compress = ws, request, compress
        self.session: Session | None = None
        self.path = request.path
        self.opened = time.monotonic()
        self.close_code: int | None = None
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._encoder = _encoder(compress)
        self._writer = asyncio.create_task(self._write())
        self.finished = asyncio.Event()

    def send(self, payload: dict[str, Any]) -> None:
        self._queue.put_nowait(payload)

    def close_later(self, code: int, reason: str = "") -> None:
        self._queue.put_nowait(("close", code, reason))

    async def _write(self) -> None:
        while True:
            item = await self._queue.get()
            try:
                if isinstance(item, tuple):
                    self.close_code = item[1]
                    await self.ws.close(code=item[1], message=item[2].encode())
                    return
                data = json.dumps(item, separators=(",", ":"))
                if self._encoder is None:
                    await self.ws.send_str(data)
                else:
                    await self.ws.send_bytes(self._encoder(data.encode()))
            except (ConnectionError, RuntimeError):
                return

    def abort(self) -> None:
        transport = self.request.transport
        if transport is not None:
            transport.abort()

    async def stop(self) -> None:
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer


def _encoder(compress: str | None):
    if compress == "zlib-stream":
        ctx = zlib.compressobj()
        return lambda data: ctx.compress(data) + ctx.flush(zlib.Z_SYNC_FLUSH)
    if compress == "zstd-stream":
        try:
            import zstandard  # type: ignore[import-not-found]

            cobj = zstandard.ZstdCompressor().compressobj()
            return lambda data: cobj.compress(data) + cobj.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
        except ImportError:
            from compression.zstd import ZstdCompressor  # type: ignore[import-not-found]

            comp = ZstdCompressor()
            return lambda data: comp.compress(data, ZstdCompressor.FLUSH_BLOCK)
    return None


@dataclass
class Session:
    id: str
    intents: int
    shard: tuple[int, int]
    seq: int = 0
    buffer: list[dict[str, Any]] = field(default_factory=list)
    conn: Connection | None = None

    def dispatch(self, event: str, data: Any) -> None:
        self.seq += 1
        payload = {"op": 0, "t": event, "s": self.seq, "d": data}
        self.buffer.append(payload)
        if self.conn is not None:
            self.conn.send(payload)


class Gateway:
    def __init__(self, server: LoopbackDiscord) -> None:
        self.server = server
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.heartbeat_interval_ms = 41250
        self.ack_heartbeats = True
        self.allowed_privileged = set(PRIVILEGED)
        self.log: list[tuple[str, Any]] = []  # ("connect", path), ("IDENTIFY", sid), ("RESUME", sid)...
        self._open = asyncio.Event()
        self._open.set()

    # -- counters for tests ------------------------------------------------------------
    def _note(self, entry: tuple[str, Any]) -> None:
        self.log.append(entry)
        self.server.store.touch()

    def count(self, kind: str) -> int:
        return sum(1 for k, _ in self.log if k == kind)

    @property
    def application_flags(self) -> int:
        return sum(_APP_FLAGS[name] for name in self.allowed_privileged)

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    # -- dispatch -----------------------------------------------------------------------
    def dispatch(self, event: str, data: dict[str, Any], guild_id: str | None) -> None:
        for session in list(self.sessions.values()):
            if guild_id is not None and (int(guild_id) >> 22) % session.shard[1] != session.shard[0]:
                continue
            needed = _EVENT_INTENTS.get(event)
            if needed is not None and not session.intents & needed:
                continue
            session.dispatch(event, self._filter_content(session, event, data))

    def _filter_content(self, session: Session, event: str, data: dict[str, Any]) -> dict[str, Any]:
        if event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE") or session.intents & MESSAGE_CONTENT:
            return data
        bot_id = self.server.store.bot.id
        if data.get("author", {}).get("id") == bot_id or any(m["id"] == bot_id for m in data.get("mentions", [])):
            return data
        return {**data, "content": "", "embeds": [], "attachments": [], "components": []}

    # -- faults -------------------------------------------------------------------------
    def _live(self) -> list[Connection]:
        return [c for c in self.connections if not c.ws.closed]

    async def drop_all(self) -> None:
        for conn in self._live():
            conn.abort()
        await asyncio.sleep(0)

    async def close_all(self, code: int, reason: str) -> None:
        for conn in self._live():
            conn.close_later(code, reason)

    async def send_op_all(self, op: int, data: Any) -> None:
        for conn in self._live():
            conn.send({"op": op, "d": data})

    async def invalidate_all(self, *, resumable: bool) -> None:
        for conn in self._live():
            if not resumable and conn.session is not None:
                self.sessions.pop(conn.session.id, None)
                conn.session.conn = None
                conn.session = None
            conn.send({"op": 9, "d": resumable})

    async def close(self) -> None:
        for conn in list(self.connections):
            if not conn.ws.closed:
                conn.close_later(1001, "Server shutting down")
        await asyncio.sleep(0)

    # -- the websocket ------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(timeout=1.0, max_msg_size=1 << 20)
        await ws.prepare(request)
        compress = request.query.get("compress")
        conn = Connection(ws, request, compress if compress in ("zlib-stream", "zstd-stream") else None)
        self.connections.add(conn)
        self._note(("connect", request.path_qs))
        try:
            await self._open.wait()
            if request.query.get("v", "10") not in ("9", "10"):
                raise _Close(4012, "Invalid API version")
            if request.query.get("encoding", "json") != "json":
                raise _Close(4002, "Error while decoding payload.")
            conn.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms,
                                        "_trace": ['["loopback-gateway",{"micros":0}]']}})
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    raise _Close(4002, "Error while decoding payload.")
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    raise _Close(4002, "Error while decoding payload.") from None
                self._on_payload(conn, payload)
        except _Close as close:
            conn.close_later(close.code, close.reason)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(conn._writer), 2.0)
        finally:
            self._note(("disconnect", ws.close_code))
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
            self.connections.discard(conn)
            await conn.stop()
            conn.finished.set()
        return ws

    def _on_payload(self, conn: Connection, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d")
        if op == 1:
            if self.ack_heartbeats:
                conn.send({"op": 11})
        elif op == 2:
            self._identify(conn, data or {})
        elif op == 6:
            self._resume(conn, data or {})
        elif conn.session is None:
            raise _Close(4003, "Not authenticated.")
        elif op == 8:
            self._request_members(conn, data or {})
        elif op in (3, 4):
            pass  # presence and voice state updates are accepted and ignored
        else:
            raise _Close(4001, "Unknown opcode.")

    def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        if conn.session is not None:
            raise _Close(4005, "Already authenticated.")
        if data.get("token") != self.server.store.token:
            raise _Close(4004, "Authentication failed.")
        shard = data.get("shard") or [0, 1]
        if len(shard) != 2 or not 0 <= shard[0] < shard[1]:
            raise _Close(4010, "Invalid shard.")
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0 or intents >= 1 << 26:
            raise _Close(4013, "Invalid intent(s).")
        for name, bit in PRIVILEGED.items():
            if intents & bit and name not in self.allowed_privileged:
                raise _Close(4014, "Disallowed intent(s).")
        session = Session(session_id(), intents, (shard[0], shard[1]), conn=conn)
        conn.session = session
        self.sessions[session.id] = session
        self._note(("IDENTIFY", session.id))
        store = self.server.store
        guilds = [g for g in store.guilds.values() if (int(g.id) >> 22) % shard[1] == shard[0]]
        user = store.bot.payload() | {"verified": True, "mfa_enabled": False, "email": None}
        session.dispatch("READY", {
            "v": 10,
            "user": user,
            "user_settings": {},
            "guilds": [{"id": g.id, "unavailable": True} for g in guilds],
            "relationships": [],
            "private_channels": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["loopback"],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.server.resume_gateway_url,
            "shard": list(shard),
            "application": {"id": store.application_id, "flags": self.application_flags},
            "_trace": ['["loopback-gateway",{"micros":0}]'],
        })
        for guild in guilds:
            members = None if intents & GUILD_MEMBERS else [store.bot.id]
            session.dispatch("GUILD_CREATE", guild.create_payload(member_ids=members, bot_id=store.bot.id))

    def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        if data.get("token") != self.server.store.token:
            raise _Close(4004, "Authentication failed.")
        session = self.sessions.get(str(data.get("session_id")))
        self._note(("RESUME", data.get("session_id")))
        if session is None:
            conn.send({"op": 9, "d": False})
            return
        seq = data.get("seq") or 0
        if seq > session.seq:
            raise _Close(4007, "Invalid seq.")
        old = session.conn
        if old is not None and old is not conn:
            old.close_later(4000, "Session resumed elsewhere")
        session.conn = conn
        conn.session = session
        for payload in session.buffer:
            if payload["s"] > seq:
                conn.send(payload)
        session.dispatch("RESUMED", {"_trace": ['["loopback-gateway",{"micros":0}]']})
        self._note(("RESUMED", session.id))

    def _request_members(self, conn: Connection, data: dict[str, Any]) -> None:
        assert conn.session is not None
        if not conn.session.intents & GUILD_MEMBERS and not data.get("user_ids"):
            raise _Close(4013, "Invalid intent(s).")
        guild = self.server.store.guilds.get(str(data.get("guild_id")))
        if guild is None:
            return
        members = list(guild.members.values())
        if data.get("user_ids"):
            wanted = {str(u) for u in data["user_ids"]}
            members = [m for m in members if m.id in wanted]
        elif data.get("query"):
            members = [m for m in members if m.name.lower().startswith(str(data["query"]).lower())]
        chunk = {"guild_id": guild.id, "members": [m.payload() for m in members],
                 "chunk_index": 0, "chunk_count": 1, "not_found": []}
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        if data.get("presences"):
            chunk["presences"] = []
        conn.session.dispatch("GUILD_MEMBERS_CHUNK", chunk)
