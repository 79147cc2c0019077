"""The minimal bot, unmodified, talking to the loopback Discord: commands, replies, buttons,
autocomplete, channel messages."""

from __future__ import annotations

import pytest

from tests.loopback_discord import CommandNotAvailable, NoReply, UnknownCommand


async def test_bot_is_ready_quickly_and_registered_its_commands(discord_server, minimal_bot):
    assert minimal_bot.ready_seconds < 1.0
    names = {c["name"] for c in discord_server.driver.registered_commands()}
    assert {"ping", "slow", "vote", "quotes", "announce", "digest"} <= names
    connects = [entry for kind, entry in discord_server.gateway.log if kind == "connect"]
    assert "compress=zlib-stream" in connects[0]  # what discord.py 2.7 asks for
    assert discord_server.gateway.count("IDENTIFY") == 1
    guild = minimal_bot.client.get_guild(int(discord_server.guild.id))
    assert guild is not None
    assert guild.name == "Loopback Guild"
    assert {c.name for c in guild.text_channels} == {"general", "announcements", "bot-log"}


async def test_slash_command_reply(discord_server, minimal_bot):
    reply = await discord_server.driver.invoke("/ping", member=discord_server.admin)
    assert reply.content == "pong"
    assert not reply.ephemeral
    assert not reply.deferred
    assert reply.callback_type == 4
    # A public reply is a channel message too.
    assert [m.content for m in discord_server.driver.messages("general")] == ["pong"]


async def test_deferred_reply_is_read_as_its_final_edit(discord_server, minimal_bot):
    reply = await discord_server.driver.invoke("/slow")
    assert reply.deferred
    assert reply.content == "done, slowly"
    assert not reply.message.loading


async def test_deferred_reply_with_followups(discord_server, minimal_bot):
    reply = await discord_server.driver.invoke("/report")
    await reply.wait_for_followups(1)
    assert reply.ephemeral
    assert reply.content == "part one"  # the first follow-up replaced the "thinking" message
    assert "Part two" in reply.text
    assert "details" in reply.text
    assert len(reply.messages) == 2
    # Ephemeral answers are not in the channel history.
    assert all(m.content != "part one" for m in discord_server.driver.messages("general"))


async def test_subcommand_with_typed_option(discord_server, minimal_bot):
    driver = discord_server.driver
    reply = await driver.invoke("/digest subscribe", hour=7)
    assert reply.content == "Subscribed at 07:00"
    assert reply.ephemeral
    assert (await driver.invoke("/digest unsubscribe")).text == "Unsubscribed"


async def test_invalid_invocations_fail_clearly(discord_server, minimal_bot):
    driver = discord_server.driver
    with pytest.raises(UnknownCommand, match="/nope is not registered"):
        await driver.invoke("/nope")
    with pytest.raises(UnknownCommand, match="needs a subcommand"):
        await driver.invoke("/digest")
    with pytest.raises(UnknownCommand, match="no option 'minute'"):
        await driver.invoke("/digest subscribe", minute=3)
    with pytest.raises(UnknownCommand, match="outside"):
        await driver.invoke("/digest subscribe", hour=24)
    with pytest.raises(UnknownCommand, match="'speaker' is required"):
        await driver.invoke("/quotes")


async def test_default_member_permissions(discord_server, minimal_bot):
    driver = discord_server.driver
    with pytest.raises(CommandNotAvailable, match="manage_guild"):
        await driver.invoke("/settings", member=driver.member)
    assert (await driver.invoke("/settings", member=driver.admin)).content == "Settings changed"
    moderator = driver.make_member("moderator", permissions=["manage_guild"])
    assert (await driver.invoke("/settings", member=moderator)).content == "Settings changed"


async def test_button_click_edits_the_message(discord_server, minimal_bot):
    driver = discord_server.driver
    reply = await driver.invoke("/vote")
    assert [b["label"] for b in reply.message.buttons] == ["Yes", "No"]
    clicked = await driver.click(reply, label="Yes", member=driver.admin)
    assert clicked.callback_type == 7
    assert clicked.content == "admin voted yes"
    assert clicked.components == []
    assert reply.content == "admin voted yes"  # the same message, updated


async def test_button_click_answered_with_a_new_message(discord_server, minimal_bot):
    driver = discord_server.driver
    reply = await driver.invoke("/vote")
    answer = await driver.click(reply, custom_id="vote:no")
    assert answer.ephemeral
    assert answer.content == "Noted: no"
    with pytest.raises(UnknownCommand, match="no button"):
        await driver.click(reply, label="Maybe")


async def test_select_menu(discord_server, minimal_bot):
    driver = discord_server.driver
    reply = await driver.invoke("/topics")
    answer = await driver.select(reply, ["ceasefire", "trade"], custom_id="topic")
    assert answer.content == "Following: ceasefire, trade"
    with pytest.raises(UnknownCommand, match="not among"):
        await driver.select(reply, ["weather"])


async def test_modal(discord_server, minimal_bot):
    driver = discord_server.driver
    opened = await driver.invoke("/feedback")
    assert opened.callback_type == 9
    assert opened.modal["title"] == "Feedback"
    answer = await driver.submit_modal(opened, {"opinion": "Useful"})
    assert answer.content == "Thanks: Useful"
    with pytest.raises(UnknownCommand, match="no fields"):
        await driver.submit_modal(opened, {"mood": "x"})


async def test_autocomplete(discord_server, minimal_bot):
    driver = discord_server.driver
    choices = await driver.autocomplete("/quotes", focused="speaker", value="Tr")
    assert [c["name"] for c in choices] == ["Trump", "Trudeau"]
    everyone = await driver.autocomplete("/quotes", focused="speaker", value="")
    assert len(everyone) == 25
    reply = await driver.invoke("/quotes", speaker="Trump", member=driver.admin)
    assert reply.embeds[0]["title"] == "Quotes by Trump"
    assert "Quotes by Trump" in reply.text
    assert "loopback" in reply.text


async def test_channel_message_from_a_command(discord_server, minimal_bot):
    driver = discord_server.driver
    news = discord_server.channel("announcements")
    reply = await driver.invoke("/announce", text="Talks resume Monday", where=news)
    assert reply.content == "Posted."
    message = await driver.wait_for_message("announcements")
    assert message.content == "Talks resume Monday"
    assert message.author_id == discord_server.store.bot.id
    with pytest.raises(NoReply):
        await driver.wait_for_message("announcements", timeout=0.05)


async def test_the_bot_sees_member_messages(discord_server, minimal_bot):
    seen = []

    async def on_message(message):
        seen.append(message)

    minimal_bot.client.add_listener(on_message, "on_message")
    discord_server.driver.post_message("general", "hello bot")
    await discord_server.store.wait_until(lambda: seen, 1.0)
    # Without the message content intent the bot gets the message without its content.
    assert seen[0].content == ""
    assert seen[0].author.name == "member"
