"""The gateway protocol seen from a bare websocket client: framing, compression, READY and
GUILD_CREATE shapes, RESUME replay, close codes."""

from __future__ import annotations

import json
import zlib

import aiohttp
import pytest

GUILDS, GUILD_MEMBERS, GUILD_MESSAGES = 1 << 0, 1 << 1, 1 << 9


class RawGateway:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse, compressed: bool) -> None:
        self.ws = ws
        self._inflate = zlib.decompressobj() if compressed else None

    async def recv(self) -> dict:
        msg = await self.ws.receive(timeout=2.0)
        if msg.type is aiohttp.WSMsgType.BINARY:
            assert self._inflate is not None
            assert msg.data.endswith(b"\x00\x00\xff\xff")
            return json.loads(self._inflate.decompress(msg.data))
        if msg.type is aiohttp.WSMsgType.TEXT:
            assert self._inflate is None
            return json.loads(msg.data)
        raise ConnectionError((msg.type, msg.data, self.ws.close_code))

    async def send(self, op: int, d) -> None:
        await self.ws.send_str(json.dumps({"op": op, "d": d}))

    async def identify(self, token: str, intents: int = GUILDS | GUILD_MESSAGES, shard=None) -> dict:
        payload = {"token": token, "intents": intents, "properties": {"os": "linux", "browser": "t", "device": "t"}}
        if shard is not None:
            payload["shard"] = shard
        await self.send(2, payload)
        return await self.recv()


async def _connect(session, url, query="?v=10&encoding=json") -> RawGateway:
    ws = await session.ws_connect(url + query)
    gateway = RawGateway(ws, "compress=zlib-stream" in query)
    hello = await gateway.recv()
    assert hello["op"] == 10
    assert hello["d"]["heartbeat_interval"] > 0
    return gateway


async def test_zlib_stream_identify_ready_and_guild_create(discord_server):
    server = discord_server
    async with aiohttp.ClientSession() as session:
        gw = await _connect(session, server.gateway_url, "?v=10&encoding=json&compress=zlib-stream")
        await gw.send(1, None)
        assert (await gw.recv())["op"] == 11
        ready = await gw.identify(server.token, GUILDS | GUILD_MEMBERS)
        assert ready["t"] == "READY"
        assert ready["s"] == 1
        d = ready["d"]
        assert d["resume_gateway_url"] == server.resume_gateway_url
        assert d["user"]["id"] == server.store.bot.id
        assert d["application"]["id"] == server.application_id
        assert d["shard"] == [0, 1]
        assert d["guilds"] == [{"id": server.guild.id, "unavailable": True}]
        guild = (await gw.recv())["d"]
        assert guild["member_count"] == len(guild["members"]) == 4
        role_ids = {r["id"] for r in guild["roles"]}
        for member in guild["members"]:
            assert set(member["roles"]) <= role_ids
        assert {c["name"] for c in guild["channels"]} == {"general", "announcements", "bot-log"}
        assert all(isinstance(c["id"], str) for c in guild["channels"])
        await gw.ws.close()


async def test_resume_replays_only_missed_events(discord_server):
    server = discord_server
    async with aiohttp.ClientSession() as session:
        gw = await _connect(session, server.gateway_url)
        ready = await gw.identify(server.token)
        guild_create = await gw.recv()
        session_id, seq = ready["d"]["session_id"], guild_create["s"]
        await gw.ws.close()
        await server.store.wait_until(lambda: not server.gateway.sessions[session_id].conn, 1.0)
        server.driver.post_message("general", "one")
        server.driver.post_message("general", "two")
        gw = await _connect(session, server.resume_gateway_url)
        await gw.send(6, {"token": server.token, "session_id": session_id, "seq": seq})
        replayed = [await gw.recv() for _ in range(3)]
        assert [(e["t"], e["s"]) for e in replayed] == [
            ("MESSAGE_CREATE", seq + 1), ("MESSAGE_CREATE", seq + 2), ("RESUMED", seq + 3)]
        assert replayed[0]["d"]["content"] == ""  # no message content intent
        await gw.ws.close()
        gw = await _connect(session, server.gateway_url)
        await gw.send(6, {"token": server.token, "session_id": "unknown", "seq": 1})
        assert await gw.recv() == {"op": 9, "d": False}
        await gw.ws.close()


async def test_dropped_connection_is_seen_as_1006(discord_server):
    server = discord_server
    async with aiohttp.ClientSession() as session:
        gw = await _connect(session, server.gateway_url)
        await gw.identify(server.token)
        await gw.recv()
        await server.faults.drop_gateway()
        msg = await gw.ws.receive(timeout=2.0)
        assert msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)
        assert gw.ws.close_code == 1006


def test_missing_spec_fails_clearly(tmp_path):
    from tests.loopback_discord.spec import SpecMissing, load_spec

    with pytest.raises(SpecMissing, match="Discord's OpenAPI document is missing"):
        load_spec(str(tmp_path / "openapi.json"))


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ("bad_token", 4004),
        ("before_identify", 4003),
        ("bad_shard", 4010),
        ("twice", 4005),
        ("bad_json", 4002),
        ("unknown_op", 4001),
    ],
)
async def test_close_codes(discord_server, action, code):
    server = discord_server
    async with aiohttp.ClientSession() as session:
        gw = await _connect(session, server.gateway_url)
        if action == "bad_token":
            await gw.send(2, {"token": "nope", "intents": 1, "properties": {}})
        elif action == "before_identify":
            await gw.send(8, {"guild_id": server.guild.id, "query": "", "limit": 0})
        elif action == "bad_shard":
            await gw.send(2, {"token": server.token, "intents": 1, "properties": {}, "shard": [2, 2]})
        elif action == "twice":
            await gw.identify(server.token)
            await gw.recv()
            await gw.send(2, {"token": server.token, "intents": 1, "properties": {}})
        elif action == "bad_json":
            await gw.ws.send_str("{not json")
        else:
            await gw.identify(server.token)
            await gw.recv()
            await gw.send(99, None)
        msg = await gw.ws.receive(timeout=2.0)
        assert msg.type is aiohttp.WSMsgType.CLOSE
        assert gw.ws.close_code == code


async def test_disallowed_privileged_intent(discord_server):
    server = discord_server
    server.gateway.allowed_privileged.discard("message_content")
    async with aiohttp.ClientSession() as session:
        gw = await _connect(session, server.gateway_url)
        await gw.send(2, {"token": server.token, "intents": 1 << 15, "properties": {}})
        await gw.ws.receive(timeout=2.0)
        assert gw.ws.close_code == 4014


async def test_sharded_client_is_pointed_at_the_server(discord_server):
    import discord

    from tests.loopback_discord import running_bot

    discord_server.config.recommended_shards = 2
    bot = discord.AutoShardedClient(intents=discord.Intents.default(), guild_ready_timeout=0.05)
    async with running_bot(bot, discord_server):
        assert bot.shard_count == 2
        assert {s.shard for s in discord_server.gateway.sessions.values()} == {(0, 2), (1, 2)}
        assert bot.get_guild(int(discord_server.guild.id)) is not None
    assert discord_server.requests_to("GET", "/gateway/bot")
