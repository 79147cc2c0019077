"""Rate limits like Discord's: buckets with headers, 429s that discord.py waits out."""

from __future__ import annotations

import asyncio

import aiohttp

MESSAGES = "/channels/{channel_id}/messages"


def _channel(bot, server, name="general"):
    return bot.client.get_channel(int(server.channel(name).id))


async def test_429_storm_is_waited_out_and_retried(discord_server, minimal_bot):
    server = discord_server
    server.faults.ratelimit_next(2, retry_after=0.1, route=MESSAGES)
    reply = await server.driver.invoke("/announce", text="through the storm")
    assert reply.content == "Posted."
    statuses = [r.status for r in server.requests_to("POST", MESSAGES)]
    assert statuses == [429, 429, 200]
    assert [m.content for m in server.driver.messages("general")] == ["through the storm"]


async def test_global_429_is_waited_out(discord_server, minimal_bot):
    server = discord_server
    server.faults.ratelimit_next(1, retry_after=0.15, is_global=True, route=MESSAGES)
    await _channel(minimal_bot, server).send("after a global limit")
    assert [r.status for r in server.requests_to("POST", MESSAGES)] == [429, 200]


async def test_route_bucket_is_respected(discord_server, minimal_bot):
    server = discord_server
    server.ratelimits.set_route("POST", MESSAGES, limit=2, per=0.15)
    channel = _channel(minimal_bot, server)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(channel.send(f"m{i}") for i in range(5)))
    assert loop.time() - start >= 0.25  # 5 messages at 2 per 0.15 s need two waits
    assert sorted(m.content for m in server.driver.messages("general")) == [f"m{i}" for i in range(5)]
    assert all(r.status in (200, 429) for r in server.requests_to("POST", MESSAGES))


async def test_raw_429_shape(discord_server):
    server = discord_server
    server.ratelimits.set_route("POST", MESSAGES, limit=1, per=5.0)
    url = f"{server.api_base}/channels/{server.channel('general').id}/messages"
    headers = {"Authorization": f"Bot {server.token}"}
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"content": "one"}, headers=headers) as first:
            assert first.status == 200
            assert first.headers["Content-Type"] == "application/json"
            assert first.headers["X-RateLimit-Limit"] == "1"
            assert first.headers["X-RateLimit-Remaining"] == "0"
            assert float(first.headers["X-RateLimit-Reset-After"]) > 4.0
            assert float(first.headers["X-RateLimit-Reset"]) > 1e9
            bucket = first.headers["X-RateLimit-Bucket"]
        async with session.post(url, json={"content": "two"}, headers=headers) as second:
            assert second.status == 429
            assert second.headers["Via"] == "1.1 google"
            assert second.headers["X-RateLimit-Bucket"] == bucket
            assert second.headers["X-RateLimit-Scope"] == "user"
            body = await second.json()
            assert body["global"] is False
            assert body["retry_after"] > 4.0
    assert server.ratelimits.hits[0].scope == "user"


async def test_raw_global_limit(discord_server):
    server = discord_server
    server.ratelimits.global_per_second = 3
    headers = {"Authorization": f"Bot {server.token}"}
    async with aiohttp.ClientSession() as session:
        statuses = []
        for _ in range(5):
            async with session.get(f"{server.api_base}/users/@me", headers=headers) as resp:
                statuses.append(resp.status)
                if resp.status == 429:
                    assert (await resp.json())["global"] is True
                    assert resp.headers["X-RateLimit-Global"] == "true"
    assert statuses == [200, 200, 200, 429, 429]


async def test_limits_can_be_turned_off(discord_server):
    server = discord_server
    server.ratelimits.enabled = False
    url = f"{server.api_base}/channels/{server.channel('general').id}/messages"
    headers = {"Authorization": f"Bot {server.token}"}
    async with aiohttp.ClientSession() as session:
        for i in range(8):
            async with session.post(url, json={"content": str(i)}, headers=headers) as resp:
                assert resp.status == 200
                assert "X-RateLimit-Remaining" not in resp.headers
    assert len(server.driver.messages("general")) == 8


async def test_wrong_token_is_unauthorized(discord_server):
    async with aiohttp.ClientSession() as session:
        resp = await session.get(f"{discord_server.api_base}/users/@me", headers={"Authorization": "Bot nope"})
        assert resp.status == 401
        assert await resp.json() == {"message": "401: Unauthorized", "code": 0}
        resp.release()
