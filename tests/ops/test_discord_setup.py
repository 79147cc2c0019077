"""Getting the bot onto a server: the invite URL, the READY line, and admin commands hidden from members."""

from __future__ import annotations

import base64
import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.cli import main as cli
from tests.loopback_discord.driver import CommandNotAvailable

MANAGE_GUILD = 1 << 5
# View Channel, Send Messages, Embed Links, Read Message History.
INVITE_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16)
ADMIN_COMMANDS = {"reload", "source", "digest", "feed", "updates"}


def query(url: str) -> dict[str, list[str]]:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "discord.com", "/oauth2/authorize")
    return parse_qs(parts.query)


def test_invite_prints_the_url_for_an_application_id(capsys):
    assert cli(["invite", "123456789012345678"]) == 0
    out = capsys.readouterr().out.strip()
    assert query(out) == {"client_id": ["123456789012345678"], "scope": ["bot applications.commands"],
                          "permissions": [str(INVITE_PERMISSIONS)]}


def test_invite_reads_the_application_id_from_the_token(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no config.toml
    head = base64.b64encode(b"987654321098765432").decode().rstrip("=")
    monkeypatch.setenv("DISCORD_TOKEN", f"{head}.GxYz12.secret-part-of-the-token")
    assert cli(["invite"]) == 0
    captured = capsys.readouterr()
    assert query(captured.out.strip())["client_id"] == ["987654321098765432"]
    assert "secret-part" not in captured.out + captured.err


def test_invite_without_id_or_token_says_where_to_find_the_id(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert cli(["invite"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Application ID (Developer Portal" in captured.err
    assert "DISCORD_TOKEN" in captured.err


async def test_ready_logs_name_servers_sync_and_invite(start_story_bot, discord_server, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    async with start_story_bot() as running:
        bot = running.client
        lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("ready as ")]
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith(f"ready as {bot.user} in 1 server(s); commands: synced globally; invite: ")
    assert query(line.rsplit("invite: ", 1)[1])["client_id"] == [str(bot.application_id)]


async def test_admin_commands_are_hidden_from_members_in_the_picker(start_story_bot, discord_server, discord_driver):
    moderator = discord_driver.make_member("moderator", roles=[discord_driver.make_role("mods", MANAGE_GUILD)])
    async with start_story_bot(admin={"operator_guild_ids": [int(discord_server.guild.id)]}):
        (put,) = discord_server.requests_to("PUT", "/applications/{application_id}/commands", status=200)
        registered = {c["name"]: c for c in put.body}  # what the bot sent Discord
        # As Discord shows it: a member does not get /reload, a member with Manage Server does.
        with pytest.raises(CommandNotAvailable, match="manage_guild"):
            await discord_driver.invoke("/reload", member=discord_driver.member)
        assert "Reloaded" in (await discord_driver.invoke("/reload", member=moderator)).text
    assert ADMIN_COMMANDS | {"status", "quotes", "ask", "help"} <= set(registered)
    hidden = {name for name, c in registered.items() if c.get("default_member_permissions") is not None}
    assert hidden == ADMIN_COMMANDS | {"about"}
    for name in hidden:
        assert int(registered[name]["default_member_permissions"]) == MANAGE_GUILD, name
