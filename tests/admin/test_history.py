"""Every admin action lands in the audit log; /source history shows the latest to admins."""

from __future__ import annotations

import asyncio

from bot.checks import NOT_AN_OPERATOR
from bot.db import audit
from tests.admin.conftest import send_sighup

SEED_B = "002_8e5d6f9d2557a0da"


async def test_actions_are_recorded_and_listed_newest_first(story_bot, discord_driver, database, clock):
    runtime = story_bot.client.runtime
    runtime.db = database
    admin = discord_driver.admin
    admin_id = int(admin.id)
    await discord_driver.invoke("/reload", member=admin)
    await discord_driver.invoke("/source remove", id=SEED_B, member=admin)
    await discord_driver.invoke("/source remove", id="nope", member=admin)
    discord_driver.allow_command("reload")
    await discord_driver.invoke("/reload", member=discord_driver.member)  # refused: not an action

    rows = await audit.latest(database, guild_id=discord_driver.server.guild.id)
    assert [(r.user_id, r.user_name, r.action, r.target, r.ok) for r in rows] == [
        (admin_id, admin.user.username, "source remove", "nope", False),
        (admin_id, admin.user.username, "source remove", SEED_B, True),
        (admin_id, admin.user.username, "reload", "", True),
    ]
    assert rows[0].result == "There is no source `nope`; /sources lists their ids."
    assert rows[1].result.startswith("Changes — source: 1 removed; quotes: ")
    assert rows[2].result == "Nothing changed in the briefing."
    assert rows[0].at == clock.now

    reply = await discord_driver.invoke("/source history", member=admin)
    lines = [line for line in reply.text.splitlines() if line]
    assert reply.ephemeral
    assert lines[0] == "Admin actions"
    assert lines[1].endswith(f"· **{admin.user.username}** · **source remove** nope")
    assert lines[2] == "❌ There is no source \\`nope\\`; /sources lists their ids."
    assert lines[3].endswith(f"· **source remove** {SEED_B.replace('_', chr(92) + '_')}")
    assert lines[5].endswith("· **reload**")
    assert lines[6] == "✅ Nothing changed in the briefing."


async def test_a_sighup_reload_is_recorded_and_shown_in_every_server(story_bot, discord_driver, database):
    runtime = story_bot.client.runtime
    runtime.db = database
    send_sighup()
    await wait_for_entries(database)
    reply = await discord_driver.invoke("/source history", member=discord_driver.admin)
    assert "**SIGHUP** · **reload**" in reply.text


async def test_members_cannot_read_the_history(story_bot, discord_driver, database):
    story_bot.client.runtime.db = database
    discord_driver.allow_command("source")
    reply = await discord_driver.invoke("/source history", member=discord_driver.member)
    assert reply.text == NOT_AN_OPERATOR


async def test_without_a_database_history_says_so(story_bot, discord_driver):
    reply = await discord_driver.invoke("/source history", member=discord_driver.admin)
    assert reply.text == "No database is configured, so admin actions are not recorded."


async def test_the_watcher_records_changes_but_not_the_files_an_admin_command_just_moved(
        start_story_bot, discord_driver, database, tmp_path):
    async with start_story_bot(sources={"watch": True}) as running:
        runtime = running.client.runtime
        runtime.db = database
        store = runtime.briefings
        await asyncio.sleep(0.2)  # let the watcher start
        generation = store.generation
        await discord_driver.invoke("/source remove", id=SEED_B, member=discord_driver.admin)
        # The command's reload, then the watcher's, which sees the moved files but nothing new to record.
        await wait_for(lambda: store.generation >= generation + 2, "the watcher's reload after /source remove")
        await asyncio.sleep(0.2)  # time enough for that reload's audit record, if it wrongly wrote one
        unattended_after_remove = await audit.latest(database, guild_id=None)
        in_the_server = await audit.latest(database, guild_id=discord_driver.server.guild.id)
        seed = tmp_path / "seeds" / "000_353006ad1c53f48c.md"
        seed.write_text(seed.read_text() + "Diplomats said on Friday that the talks would resume.\n")
        entries = await wait_for_entries(database)
    assert [(e.action, e.target, e.ok) for e in in_the_server] == [("source remove", SEED_B, True)]
    assert unattended_after_remove == []
    assert [(e.user_name, e.action, e.ok) for e in entries] == [("change in seeds/", "reload", True)]
    assert entries[0].result.startswith("Changes — source: 1 changed")


async def wait_for(condition, what: str, seconds: float = 5.0) -> None:
    """Until `condition()` holds; a time-out fails the test rather than letting it go on as if it held."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")
        await asyncio.sleep(0.05)


async def wait_for_entries(database, seconds: float = 5.0) -> list[audit.AuditEntry]:
    """The audit entries recorded outside any server, once there is one; a time-out fails the test."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not (entries := await audit.latest(database, guild_id=None)):
        if loop.time() > deadline:
            raise AssertionError(f"no unattended audit entry within {seconds:g} s")
        await asyncio.sleep(0.05)
    return entries
