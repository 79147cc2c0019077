"""Requests are held to Discord's OpenAPI document and documented limits: a violation is
answered with Discord's 400 and recorded so that the test fails."""

from __future__ import annotations

import discord
import pytest

from tests.loopback_discord import limits
from tests.loopback_discord.fixtures import fail_on_violations
from tests.loopback_discord.spec import load_spec

MESSAGES = "/channels/{channel_id}/messages"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


async def _wait(server, predicate):
    return await server.store.wait_until(predicate, 3.0)


def _channel(bot, server, name="general"):
    return bot.client.get_channel(int(server.channel(name).id))


async def test_over_long_reply_is_refused_and_recorded(discord_server, minimal_bot):
    server = discord_server
    await server.driver.invoke("/toolong", wait=False)
    await _wait(server, lambda: minimal_bot.client.send_errors)
    error = minimal_bot.client.send_errors[0]
    assert error.status == 400
    assert error.code == 50035
    assert "data.content" in error.text
    assert "2000 or fewer" in error.text
    violations = server.take_violations()
    assert len(violations) == 1
    assert violations[0].method == "POST"
    assert "/callback" in violations[0].path
    assert violations[0].reason == "data.content: Must be 2000 or fewer in length."


async def test_a_recorded_violation_fails_the_test(discord_server, minimal_bot):
    channel = _channel(minimal_bot, discord_server)
    with pytest.raises(discord.HTTPException):
        await channel.send(embed=discord.Embed(title="t" * 257))
    with pytest.raises(pytest.fail.Exception) as info:
        fail_on_violations(discord_server)
    message = str(info.value)
    assert "Discord would refuse" in message
    assert "POST /channels/" in message
    assert "embeds.0.title: Must be 256 or fewer in length." in message
    discord_server.take_violations()
    fail_on_violations(discord_server)  # nothing left: passes


async def test_embed_and_component_limits(discord_server, minimal_bot):
    channel = _channel(minimal_bot, discord_server)
    big = [discord.Embed(description="d" * 2100) for _ in range(3)]
    with pytest.raises(discord.HTTPException) as info:
        await channel.send(embeds=big)
    assert "Embed size exceeds maximum size of 6000" in info.value.text
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="l" * 81, custom_id="long"))
    with pytest.raises(discord.HTTPException):
        await channel.send("buttons", view=view)
    reasons = [v.reason for v in discord_server.take_violations()]
    assert any("Embed size exceeds" in r for r in reasons)
    assert any(r.startswith("components.0.components.0.label") for r in reasons)


async def test_command_registration_is_validated(discord_server, minimal_bot):
    http = minimal_bot.client.http
    app_id = minimal_bot.client.application_id
    bad = [{"name": "Bad Name", "description": "x" * 101, "type": 1}]
    with pytest.raises(discord.HTTPException) as info:
        await http.bulk_upsert_global_commands(app_id, bad)
    assert info.value.code == 50035
    reasons = [v.reason for v in discord_server.take_violations()]
    assert "0.description: Must be 100 or fewer in length." in reasons
    assert any(r.startswith("0.name: Command name is invalid") for r in reasons)


async def test_route_outside_the_spec_is_a_violation(discord_server, minimal_bot):
    http = minimal_bot.client.http
    with pytest.raises(discord.NotFound):
        await http.request(discord.http.Route("GET", "/channels/{channel_id}/nothing-here", channel_id=1))
    (violation,) = discord_server.take_violations()
    assert "not in Discord's API spec" in violation.reason


def test_spec_validation_reports_the_meant_union_branch():
    spec = load_spec()
    assert spec.match("/webhooks/1/tok/messages/@original").template.endswith("/@original")
    assert spec.match("/users/@me").template == "/users/@me"
    problems = spec.validate("/interactions/{interaction_id}/{interaction_token}/callback", "POST",
                             {"type": 4, "data": {"embeds": [{"fields": [{"name": "n"}]}]}})
    assert problems == [(("data", "embeds", 0, "fields", 0), "BASE_TYPE_REQUIRED", "'value' is required.")]
    assert spec.validate(CALLBACK, "POST", {"type": 4, "data": {"content": "ok"}}) == []
    assert spec.validate(MESSAGES, "POST", {"content": 5})[0][1] == "BASE_TYPE_BAD_TYPE"


def _codes(problems):
    return [(".".join(map(str, where)), code) for where, code, _ in problems]


def test_message_limits():
    embed = {"title": "t" * 257, "description": "d" * 4097, "fields": [{"name": "n", "value": "v"}] * 26,
             "footer": {"text": "f" * 2049}, "author": {"name": "a" * 257}}
    found = _codes(limits.check_message({"content": "c" * 2001, "embeds": [embed] * 11}, require_content=True))
    for where in ("content", "embeds", "embeds.0.title", "embeds.0.description", "embeds.0.fields",
                  "embeds.0.footer.text", "embeds.0.author.name"):
        assert (where, "BASE_TYPE_MAX_LENGTH") in found, where
    assert ("embeds", "MAX_EMBED_SIZE_EXCEEDED") in found
    field = {"fields": [{"name": "n" * 257, "value": "v" * 1025}]}
    assert len(limits.check_embeds([field])) == 2
    assert _codes(limits.check_message({}, require_content=True)) == [("", "CANNOT_SEND_EMPTY_MESSAGE")]


def test_component_limits():
    def button(i, **extra):
        return {"type": 2, "style": 1, "label": "b", "custom_id": f"b{i}", **extra}

    row = {"type": 1, "components": [button(i) for i in range(6)]}
    rows = [{"type": 1, "components": [button(10 * r + i) for i in range(2)]} for r in range(6)]
    assert ("components.0.components", "BASE_TYPE_MAX_LENGTH") in _codes(limits.check_components([row]))
    assert ("components", "BASE_TYPE_MAX_LENGTH") in _codes(limits.check_components(rows))
    long_id = {"type": 1, "components": [button(0, custom_id="x" * 101, label="l" * 81)]}
    assert set(_codes(limits.check_components([long_id]))) == {
        ("components.0.components.0.custom_id", "BASE_TYPE_MAX_LENGTH"),
        ("components.0.components.0.label", "BASE_TYPE_MAX_LENGTH"),
    }
    options = [{"label": str(i), "value": str(i)} for i in range(26)]
    select = {"type": 1, "components": [{"type": 3, "custom_id": "s", "options": options}]}
    assert ("components.0.components.0.options", "BASE_TYPE_MAX_LENGTH") in _codes(
        limits.check_components([select]))
    duplicate = {"type": 1, "components": [button(1), button(1)]}
    assert ("components.0.components.1.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED") in _codes(
        limits.check_components([duplicate]))


def test_autocomplete_and_command_limits():
    choices = [{"name": "n" * 101, "value": "v"}] + [{"name": "ok", "value": "v"}] * 25
    found = _codes(limits.check_autocomplete({"choices": choices}))
    assert ("data.choices", "BASE_TYPE_MAX_LENGTH") in found
    assert ("data.choices.0.name", "BASE_TYPE_BAD_LENGTH") in found
    opts = [{"name": f"o{i}", "description": "d", "type": 3} for i in range(26)]
    opts[1]["required"] = True
    found = _codes(limits.check_commands([{"name": "cmd", "description": "d", "options": opts}]))
    assert ("0.options", "BASE_TYPE_MAX_LENGTH") in found
    assert ("0.options.1.required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID") in found
    assert limits.check_commands([{"name": "ok", "description": "fine"}]) == []
    assert _codes(limits.check_commands([{"name": "Context Menu", "type": 3}])) == []


async def test_uploads_are_held_to_discords_size_limit_and_embeds_to_their_files(discord_server, minimal_bot):
    import io

    channel = _channel(minimal_bot, discord_server)
    picture = discord.Embed(title="chart").set_image(url="attachment://chart.png")
    sent = await channel.send(embed=picture, file=discord.File(io.BytesIO(b"\x89PNG"), "chart.png"))
    assert sent.embeds[0].image.url.endswith("chart.png")
    # An embed that shows a file the message does not upload would show nothing.
    with pytest.raises(discord.HTTPException) as info:
        await channel.send(embed=picture, file=discord.File(io.BytesIO(b"x"), "other.png"))
    assert info.value.status == 400
    assert "attachment://chart.png names no file uploaded with this message." in info.value.text
    big = discord.File(io.BytesIO(b"\0" * (limits.ATTACHMENT_MAX_BYTES + 1)), "big.bin")
    with pytest.raises(discord.HTTPException) as info:
        await channel.send(file=big)
    assert (info.value.status, info.value.code) == (413, 40005)
    reasons = [v.reason for v in discord_server.take_violations()]
    assert reasons == ["embeds.0.image.url: attachment://chart.png names no file uploaded with this message.",
                       f"files[0]: over {limits.ATTACHMENT_MAX_BYTES} bytes"]
