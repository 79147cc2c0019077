"""The minimal bot surviving Discord's faults: lost connections, reconnect requests,
invalidated sessions, failing REST, late interactions, deleted channels, revoked rights."""

from __future__ import annotations

import asyncio

import discord
import pytest


async def _wait(server, predicate, within=3.0):
    return await server.store.wait_until(predicate, within)


async def _ready_again(server, bot, resumes=1):
    await _wait(server, lambda: server.gateway.count("RESUMED") >= resumes)
    await _wait(server, lambda: bot.client.ws is not None and bot.client.ws.open)


async def test_dropped_connection_is_resumed(discord_server, minimal_bot):
    server, driver = discord_server, discord_server.driver
    await server.faults.drop_gateway()
    await _wait(server, lambda: server.gateway.count("RESUMED") == 1)
    assert server.gateway.count("IDENTIFY") == 1  # RESUME, not a new IDENTIFY
    resume_connects = [e for k, e in server.gateway.log if k == "connect" and e.startswith("/resume")]
    assert resume_connects, "the client resumed at READY's resume_gateway_url"
    assert (await driver.invoke("/ping")).content == "pong"
    assert minimal_bot.client.resumed_count == 1
    assert minimal_bot.client.ready_count == 1


async def test_command_sent_while_disconnected_is_answered_once(discord_server, minimal_bot):
    server, driver = discord_server, discord_server.driver
    with server.faults.gateway_down():
        await server.faults.drop_gateway()
        await _wait(server, lambda: not any(s.conn for s in server.gateway.sessions.values()))
        pending = await driver.invoke("/ping", wait=False)
        await asyncio.sleep(0.05)
        assert pending.callback_type is None  # nobody is there to answer
    await _wait(server, lambda: pending.record.complete)
    assert pending.content == "pong"
    assert pending.record.duplicate_callbacks == 0
    assert [m.content for m in driver.messages("general")] == ["pong"]
    assert server.gateway.count("IDENTIFY") == 1
    assert server.gateway.count("RESUMED") == 1


async def test_close_4000_is_resumed(discord_server, minimal_bot):
    await discord_server.faults.close_gateway(4000)
    await _ready_again(discord_server, minimal_bot)
    assert discord_server.gateway.count("IDENTIFY") == 1
    assert (await discord_server.driver.invoke("/ping")).content == "pong"


async def test_reconnect_opcode_is_resumed(discord_server, minimal_bot):
    await discord_server.faults.send_reconnect()
    await _ready_again(discord_server, minimal_bot)
    assert discord_server.gateway.count("IDENTIFY") == 1
    assert (await discord_server.driver.invoke("/ping")).content == "pong"


async def test_resumable_invalid_session_is_resumed(discord_server, minimal_bot):
    await discord_server.faults.invalidate_session(resumable=True)
    await _ready_again(discord_server, minimal_bot)
    assert discord_server.gateway.count("IDENTIFY") == 1
    assert (await discord_server.driver.invoke("/ping")).content == "pong"


async def test_invalid_session_leads_to_a_new_identify(discord_server, minimal_bot):
    server = discord_server
    await server.faults.invalidate_session(resumable=False)
    await _wait(server, lambda: minimal_bot.client.ready_count == 2)
    assert server.gateway.count("IDENTIFY") == 2
    assert server.gateway.count("RESUMED") == 0
    assert len(server.gateway.sessions) == 1
    assert (await server.driver.invoke("/ping")).content == "pong"


async def test_zombie_connection_is_replaced(discord_server):
    from tests.discord_harness.minimal_bot import make_bot
    from tests.loopback_discord import running_bot

    server = discord_server
    server.gateway.heartbeat_interval_ms = 50
    bot = make_bot(heartbeat_timeout=0.3)
    async with running_bot(bot, server):
        with server.faults.heartbeat_acks_lost():
            await _wait(server, lambda: server.gateway.count("RESUME") == 1)
        await _wait(server, lambda: server.gateway.count("RESUMED") == 1)
        assert server.gateway.count("IDENTIFY") == 1
        assert (await server.driver.invoke("/ping")).content == "pong"


async def test_fatal_close_code_stops_the_client(discord_server):
    from tests.discord_harness.minimal_bot import make_bot
    from tests.loopback_discord import running_bot

    bot = make_bot()
    async with running_bot(bot, discord_server) as running:
        await discord_server.faults.close_gateway(4004, "Authentication failed.")
        with pytest.raises(discord.ConnectionClosed) as info:
            await asyncio.wait_for(running.task, 3.0)
        assert info.value.code == 4004


async def test_server_errors_are_retried(discord_server, minimal_bot):
    server, driver = discord_server, discord_server.driver
    server.faults.fail_next(1, status=502, route="/channels/{channel_id}/messages")
    followup_fault = server.faults.fail_next(1, status=500, method="POST", route="/webhooks/")
    # Two commands at once, so that discord.py's one-second retry waits overlap.
    replies = await asyncio.gather(
        driver.invoke("/announce", text="after a 502", channel="general"),
        driver.invoke("/announce", text="after a 500", channel="bot-log"),
    )
    assert [r.content for r in replies] == ["Posted.", "Posted."]
    assert followup_fault.hits == 1
    statuses = sorted(r.status for r in server.requests_to("POST", "/channels/{channel_id}/messages"))
    assert statuses == [200, 200, 502]
    assert [m.content for m in driver.messages("general")] == ["after a 502"]
    assert [m.content for m in driver.messages("bot-log")] == ["after a 500"]


async def test_slow_responses(discord_server, minimal_bot):
    discord_server.faults.slow(0.3, route="/channels/{channel_id}/messages")
    loop = asyncio.get_running_loop()
    start = loop.time()
    reply = await discord_server.driver.invoke("/announce", text="eventually")
    assert reply.content == "Posted."
    assert loop.time() - start >= 0.3


async def test_late_callback_gets_unknown_interaction(discord_server, minimal_bot):
    discord_server.config.interaction_deadline = 0.3
    minimal_bot.client.late_delay = 0.45
    from tests.loopback_discord import NoReply

    with pytest.raises(NoReply, match="no callback"):
        await discord_server.driver.invoke("/late", timeout=0.6)
    await _wait(discord_server, lambda: minimal_bot.client.late_errors)
    error = minimal_bot.client.late_errors[0]
    assert isinstance(error, discord.NotFound)
    assert error.code == 10062
    assert error.text == "Unknown interaction"


async def test_second_callback_is_refused(discord_server, minimal_bot):
    reply = await discord_server.driver.invoke("/twice")
    await _wait(discord_server, lambda: minimal_bot.client.late_errors)
    error = minimal_bot.client.late_errors[0]
    assert error.status == 400
    assert error.code == 40060
    assert reply.content == "once"
    assert reply.record.duplicate_callbacks == 1
    assert [m.content for m in reply.followups] == ["followed up"]


async def test_deleted_channel(discord_server, minimal_bot):
    server = discord_server
    news = server.channel("announcements")
    channel_id = int(news.id)
    server.faults.delete_channel(news)
    await _wait(server, lambda: minimal_bot.client.get_channel(channel_id) is None)
    with pytest.raises(discord.NotFound) as info:
        await minimal_bot.client.http.send_message(channel_id, params=_params("hello?"))
    assert info.value.code == 10003
    assert info.value.text == "Unknown Channel"


async def test_revoked_permission(discord_server, minimal_bot):
    server, driver = discord_server, discord_server.driver
    server.faults.revoke_permission("general", "send_messages")
    reply = await driver.invoke("/announce", text="blocked")
    assert reply.content == "Could not post: Missing Permissions"
    error = minimal_bot.client.send_errors[0]
    assert isinstance(error, discord.Forbidden)
    assert error.code == 50013
    assert driver.messages("general") == []
    # discord.py saw the overwrite through CHANNEL_UPDATE.
    channel = minimal_bot.client.get_channel(int(server.channel("general").id))
    assert not channel.permissions_for(channel.guild.me).send_messages


def _params(content):
    from discord.http import handle_message_parameters

    return handle_message_parameters(content=content)
