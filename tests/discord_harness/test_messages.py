"""Channel messages as Discord keeps them: nonces, files, edits, webhooks, history."""

from __future__ import annotations

import io

import discord
import pytest


def _channel(bot, server, name="general"):
    return bot.client.get_channel(int(server.channel(name).id))


async def test_enforced_nonce_returns_the_first_message(discord_server, minimal_bot):
    channel = _channel(minimal_bot, discord_server)
    first = await channel.send("only once", nonce=424242)
    again = await channel.send("only once", nonce=424242)
    assert first.id == again.id
    assert [m.content for m in discord_server.driver.messages("general")] == ["only once"]
    other = await channel.send("another", nonce=1)
    assert other.id != first.id
    # Other channels keep their own nonces.
    elsewhere = await _channel(minimal_bot, discord_server, "bot-log").send("only once", nonce=424242)
    assert elsewhere.id != first.id


async def test_file_upload_is_multipart(discord_server, minimal_bot):
    channel = _channel(minimal_bot, discord_server)
    sent = await channel.send("with a file", file=discord.File(io.BytesIO(b"hello"), "note.txt"))
    assert sent.attachments[0].filename == "note.txt"
    assert sent.attachments[0].size == 5
    stored = discord_server.driver.messages("general")[0]
    assert discord_server.store.files[stored.attachments[0]["id"]] == b"hello"
    assert await sent.attachments[0].read() == b"hello"  # served back by the loopback CDN


async def test_edit_delete_and_history(discord_server, minimal_bot):
    channel = _channel(minimal_bot, discord_server)
    message = await channel.send("draft")
    edited = await message.edit(content="final", embed=discord.Embed(title="T"))
    assert edited.content == "final"
    assert edited.edited_at is not None
    history = [m.content async for m in channel.history(limit=10)]
    assert history == ["final"]
    await message.delete()
    assert discord_server.driver.messages("general") == []
    with pytest.raises(discord.NotFound) as info:
        await channel.fetch_message(message.id)
    assert info.value.code == 10008


async def test_reply_to_a_message(discord_server, minimal_bot):
    channel = _channel(minimal_bot, discord_server)
    original = await channel.send("question")
    answer = await original.reply("answer")
    assert answer.reference.message_id == original.id
    assert answer.type is discord.MessageType.reply


async def test_channel_webhook(discord_server, minimal_bot):
    channel = _channel(minimal_bot, discord_server, "announcements")
    hook = await channel.create_webhook(name="Briefings")
    sent = await hook.send("from the webhook", username="Briefing Desk", wait=True)
    assert sent.webhook_id == hook.id
    message = await discord_server.driver.wait_for_message("announcements")
    assert message.raw["author"]["username"] == "Briefing Desk"
    await hook.edit_message(sent.id, content="edited by the webhook")
    assert discord_server.driver.messages("announcements")[0].content == "edited by the webhook"


async def test_fetch_channel_and_unknown_channel(discord_server, minimal_bot):
    client = minimal_bot.client
    fetched = await client.fetch_channel(int(discord_server.channel("general").id))
    assert fetched.name == "general"
    with pytest.raises(discord.NotFound) as info:
        await client.fetch_channel(1234567890123)
    assert info.value.code == 10003
