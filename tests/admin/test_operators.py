"""Who may do what, with two servers: sources and reloads change the story for every server, so
they are the bot's operators' (users and roles in [admin], or Manage Server in an operator
server); Manage Server anywhere else manages that server's own digests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import StoryBot
from bot.db import Database
from bot.digest import subscriptions
from bot.exts.digest.lifecycle import SERVICE
from bot.runtime import Runtime
from tests.bot_fixtures import copy_seeds, make_settings
from tests.db.fixtures import sqlite_url
from tests.loopback_discord.client import running_bot
from tests.loopback_discord.server import LoopbackDiscord

SEED_B = "002_8e5d6f9d2557a0da"
REFUSED = ("Only the bot's operators may change the sources or reload them: that changes the story for "
           "every server the bot is in. Operators are the users and roles in the bot's [admin] settings, "
           "and members with Manage Server in its operator servers.")


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


class World:
    """The loopback's own server ("home") and a second one the bot was invited to ("elsewhere")."""

    def __init__(self, server: LoopbackDiscord) -> None:
        self.server = server
        self.home = server.guild
        self.elsewhere, channels = server.add_guild("Elsewhere")
        self.elsewhere_general = channels["general"]
        self.elsewhere_admin = server.add_member("elsewhere-admin", permissions=["manage_guild"], guild=self.elsewhere)
        self.elsewhere_member = server.add_member("elsewhere-member", guild=self.elsewhere)


@pytest.fixture
def world(discord_server: LoopbackDiscord) -> World:
    return World(discord_server)


@contextlib.asynccontextmanager
async def bot_with(server: LoopbackDiscord, tmp_path: Path, **sections) -> AsyncIterator[Runtime]:
    """Every extension, the bundled seeds and a database: the bot as deployed."""
    copy_seeds(tmp_path)
    runtime = Runtime.from_settings(make_settings(server, tmp_path, **sections))
    await runtime.briefings.reload(keep_going=True, write=False)
    async with Database.open(sqlite_url(tmp_path)) as db:
        runtime.db = db
        async with running_bot(StoryBot(runtime), server):
            await server.driver.wait_for_commands()
            await asyncio.wait_for(runtime.services[SERVICE].running.wait(), 10)
            yield runtime


async def test_manage_server_elsewhere_cannot_change_the_sources(discord_server, world, tmp_path):
    driver = discord_server.driver
    async with bot_with(discord_server, tmp_path) as runtime:
        generation = runtime.briefings.generation
        seeds, summaries = names(tmp_path / "seeds"), names(tmp_path / "summaries")
        as_elsewhere = {"member": world.elsewhere_admin, "channel": world.elsewhere_general}
        replies = [
            await driver.invoke("/reload", **as_elsewhere),
            await driver.invoke("/source remove", id=SEED_B, **as_elsewhere),
            await driver.invoke("/source restore", id=SEED_B, **as_elsewhere),
            await driver.invoke("/source add", url="https://example.org/a", **as_elsewhere),
            await driver.invoke("/source history", **as_elsewhere),
        ]
        assert [r.text for r in replies] == [REFUSED] * 5
        assert all(r.ephemeral for r in replies)
        assert runtime.briefings.generation == generation
        assert (names(tmp_path / "seeds"), names(tmp_path / "summaries")) == (seeds, summaries)
        assert names(tmp_path / "data/removed-sources") == []

        # Manage Server in the operator server (the home server here) may.
        removed = await driver.invoke("/source remove", id=SEED_B, member=driver.admin)
        assert f"Source removed: {SEED_B}" in removed.text
        assert names(tmp_path / "data/removed-sources") == [f"{SEED_B}.json", f"{SEED_B}.md"]


async def test_a_configured_user_may_anywhere_and_no_server_is_an_operator_unless_listed(discord_server, world,
                                                                                          tmp_path):
    driver = discord_server.driver
    admin = {"operator_guild_ids": [], "user_ids": [int(world.elsewhere_member.id)]}
    # Discord shows /reload only to Manage Server unless a server's admins show it to more.
    driver.allow_command("reload", to=world.elsewhere_member)
    async with bot_with(discord_server, tmp_path, admin=admin):
        allowed = await driver.invoke("/reload", member=world.elsewhere_member, channel=world.elsewhere_general)
        refused = await driver.invoke("/source remove", id=SEED_B, member=driver.admin)
    assert "Reloaded" in allowed.text
    assert refused.text == REFUSED
    assert f"{SEED_B}.md" in names(tmp_path / "seeds")


async def test_an_operator_server_is_named_by_its_id(discord_server, world, tmp_path):
    driver = discord_server.driver
    driver.allow_command("reload", to=world.elsewhere_member)
    async with bot_with(discord_server, tmp_path, admin={"operator_guild_ids": [int(world.elsewhere.id)]}):
        allowed = await driver.invoke("/reload", member=world.elsewhere_admin, channel=world.elsewhere_general)
        plain = await driver.invoke("/reload", member=world.elsewhere_member, channel=world.elsewhere_general)
        home = await driver.invoke("/reload", member=driver.admin)
    assert "Reloaded" in allowed.text
    assert (plain.text, home.text) == (REFUSED, REFUSED)


async def test_a_servers_admin_still_manages_its_own_digests(discord_server, world, tmp_path):
    driver = discord_server.driver
    driver.allow_command("digest", to=world.elsewhere_member)
    async with bot_with(discord_server, tmp_path) as runtime:
        reply = await driver.invoke("/digest subscribe", member=world.elsewhere_admin,
                                    channel=world.elsewhere_general, time="08:00")
        listed = await driver.invoke("/digest list", member=world.elsewhere_admin, channel=world.elsewhere_general)
        refused = await driver.invoke("/digest subscribe", member=world.elsewhere_member,
                                      channel=world.elsewhere_general)
        (sub,) = await subscriptions.all_subscriptions(runtime.db)
    assert reply.text.startswith(f"Subscribed <#{world.elsewhere_general.id}>: daily at 08:00 UTC")
    assert f"<#{world.elsewhere_general.id}>" in listed.text
    assert refused.text == "You need the Manage Server permission or an admin role to do that."
    assert (sub.guild_id, sub.channel_id) == (int(world.elsewhere.id), int(world.elsewhere_general.id))


async def test_help_shows_each_member_what_they_may_run(discord_server, world, tmp_path):
    driver = discord_server.driver
    async with bot_with(discord_server, tmp_path):
        operator = await driver.invoke("/help", member=driver.admin)
        server_admin = await driver.invoke("/help", member=world.elsewhere_admin, channel=world.elsewhere_general)
        member = await driver.invoke("/help", member=world.elsewhere_member, channel=world.elsewhere_general)
    digest_line = "/digest subscribe, unsubscribe, list, now"
    source_lines = ("**/reload**", "**/source add, remove, restore**", "**/source history**")
    assert digest_line in operator.text and all(line in operator.text for line in source_lines)
    assert digest_line in server_admin.text and not any(line in server_admin.text for line in source_lines)
    assert digest_line not in member.text and not any(line in member.text for line in source_lines)
    for reply in (operator, server_admin, member):
        assert "/status" in reply.text and "/digest preview" in reply.text
