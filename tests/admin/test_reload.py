"""/reload end to end: who may, the diff, problems as file:line: reason, the old briefing kept serving."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot.checks import NOT_AN_OPERATOR
from bot.cli import main as cli
from tests.admin.conftest import send_sighup
from tests.loopback_discord.driver import CommandNotAvailable

REFUSAL = NOT_AN_OPERATOR
SEED_A = "000_353006ad1c53f48c.md"
FIDAN = ("Turkish Foreign Minister Hakan Fidan said on Tuesday that Istanbul was ready to host both "
         "delegations again. \"Our doors are open to both sides, and we will keep them open,\" Fidan "
         "told reporters in Ankara.\n")


def append_quote(tmp_path: Path) -> None:
    path = tmp_path / "seeds" / SEED_A
    path.write_text(path.read_text(encoding="utf-8") + FIDAN, encoding="utf-8")


def break_files(tmp_path: Path) -> None:
    (tmp_path / "seeds" / "broken.md").write_text("---\ntitle: Unclosed front matter\n\nBody text.\n")
    (tmp_path / "seeds" / "latin1.md").write_bytes("---\ntitle: T\n---\nCaf\u00e9 talks.\n".encode("latin-1"))


async def answered(driver, replies) -> None:
    store = driver.server.store
    await store.wait_until(lambda: all(r.record.complete for r in replies), 10)


async def test_a_member_without_rights_is_refused_and_nothing_changes(story_bot, discord_driver, tmp_path):
    store = story_bot.client.runtime.briefings
    before, generation = store.current, store.generation
    (tmp_path / "seeds" / SEED_A).unlink()
    with pytest.raises(CommandNotAvailable, match="manage_guild"):
        await discord_driver.invoke("/reload", member=discord_driver.member)
    discord_driver.allow_command("reload")  # a server that shows the command to everyone: the bot still checks
    reply = await discord_driver.invoke("/reload", member=discord_driver.member)
    assert reply.ephemeral
    assert reply.text == REFUSAL
    assert store.current is before and store.generation == generation
    sources = await discord_driver.invoke("/sources")
    assert "2 sources" in sources.text


async def test_a_configured_admin_role_may_reload_without_manage_server(start_story_bot, discord_driver):
    editors = discord_driver.make_role("source editors")
    editor = discord_driver.make_member("editor", roles=[editors])
    discord_driver.allow_command("reload", to=editors)
    discord_driver.allow_command("reload", to=discord_driver.member)
    async with start_story_bot(admin={"role_ids": [editors.id]}):
        reply = await discord_driver.invoke("/reload", member=editor)
        refused = await discord_driver.invoke("/reload", member=discord_driver.member)
    assert "Reloaded" in reply.text
    assert refused.text == REFUSAL


async def test_reload_with_nothing_changed_says_so(story_bot, discord_driver):
    reply = await discord_driver.invoke("/reload", member=discord_driver.admin)
    assert reply.ephemeral
    assert "Reloaded" in reply.text
    assert "Serving 2 sources" in reply.text
    assert "Nothing changed in the briefing." in reply.text


async def test_an_edited_source_shows_as_changed_with_its_new_quote(story_bot, discord_driver, tmp_path):
    append_quote(tmp_path)
    reply = await discord_driver.invoke("/reload", member=discord_driver.admin)
    text = reply.text
    assert "Sources changed (1)" in text
    assert "`000_353006ad1c53f48c` — Zelensky Ready To Accept Face-To-Face Talks" in text
    assert "Quotes added (1)" in text
    assert "**Hakan Fidan**: “Our doors are open to both sides, and we will keep them open”" in text
    assert "Quotes removed" not in text
    assert "Summarized anew: 1." in text
    quotes = await discord_driver.invoke("/quotes", contains="doors are open")
    assert "Our doors are open to both sides" in quotes.text


async def test_broken_files_are_listed_and_the_previous_briefing_keeps_serving(story_bot, discord_driver, tmp_path):
    status_before = (await discord_driver.invoke("/status")).text
    append_quote(tmp_path)  # a good change must not slip in beside the broken files
    break_files(tmp_path)
    reply = await discord_driver.invoke("/reload", member=discord_driver.admin)
    assert reply.ephemeral
    assert [line for line in reply.text.splitlines() if line][1:] == [
        "Nothing was changed: the previous briefing is still being served.",
        "Fix these 2 problems (`python -m bot check` lists the same):",
        "`seeds/broken.md:1: front matter opened with '---' is never closed`",
        "`seeds/latin1.md:4: not valid UTF-8 (byte 0xe9 at offset 20)`",
    ]
    assert (await discord_driver.invoke("/status")).text == status_before
    quotes = await discord_driver.invoke("/quotes", contains="doors are open")
    assert "Our doors are open" not in quotes.text


async def test_check_on_the_command_line_reports_exactly_what_reload_refused(
        story_bot, discord_driver, tmp_path, monkeypatch, capsys):
    break_files(tmp_path)
    (tmp_path / "summaries" / "000_353006ad1c53f48c.json").write_text('{"schema_version": 1,\n "source": 3}\n')
    reply = await discord_driver.invoke("/reload", member=discord_driver.admin)
    listed = [line.strip("`") for line in reply.text.splitlines() if line.startswith("`")]
    monkeypatch.chdir(tmp_path)
    code = cli(["check", "--seeds", "seeds", "--summaries", "summaries"])
    printed = capsys.readouterr().out.splitlines()
    assert code == 1
    assert len(listed) == 3
    assert printed == listed


async def test_members_asking_during_a_reload_get_the_old_or_the_new_briefing(
        story_bot, discord_driver, tmp_path, monkeypatch):
    store = story_bot.client.runtime.briefings
    old = (await discord_driver.invoke("/status")).text
    building, release = threading.Event(), threading.Event()
    real_build = store._build

    def held_build(write):
        building.set()
        release.wait(10)
        return real_build(write)

    monkeypatch.setattr(store, "_build", held_build)
    append_quote(tmp_path)
    (tmp_path / "seeds" / SEED_A).write_text(
        (tmp_path / "seeds" / SEED_A).read_text().replace("Istanbul this week", "Istanbul on Thursday"))
    reload = await discord_driver.invoke("/reload", member=discord_driver.admin, wait=False)
    assert await asyncio.to_thread(building.wait, 5)
    during = [await discord_driver.invoke("/status", wait=False) for _ in range(50)]
    await answered(discord_driver, during)
    release.set()
    around = [await discord_driver.invoke("/status", wait=False) for _ in range(50)]
    await answered(discord_driver, [reload, *around])
    new = (await discord_driver.invoke("/status")).text
    assert "Sources changed (1)" in reload.text
    assert new != old
    assert [r.text for r in during] == [old] * 50
    assert {r.text for r in around} <= {old, new}


async def test_sighup_reloads_the_running_bot(story_bot, discord_driver, tmp_path):
    store = story_bot.client.runtime.briefings
    generation = store.generation
    append_quote(tmp_path)
    send_sighup()
    for _ in range(100):
        if store.generation > generation:
            break
        await asyncio.sleep(0.05)
    quotes = await discord_driver.invoke("/quotes", contains="doors are open")
    assert "Our doors are open to both sides" in quotes.text


async def test_with_watch_on_a_new_file_in_seeds_is_loaded(start_story_bot, discord_driver, tmp_path):
    async with start_story_bot(sources={"watch": True}) as running:
        store = running.client.runtime.briefings
        generation = store.generation
        await asyncio.sleep(0.2)  # let the watcher start before the change
        text = (tmp_path / "seeds" / SEED_A).read_text().replace("face-to-face", "direct")
        (tmp_path / "seeds" / "copy.md").write_text(text + FIDAN)
        for _ in range(100):
            if store.generation > generation:
                break
            await asyncio.sleep(0.05)
        sources = await discord_driver.invoke("/sources")
    assert "3 sources" in sources.text
    assert "`copy`" in sources.text


async def test_front_matter_warnings_are_served_and_listed(story_bot, discord_driver, tmp_path):
    (tmp_path / "seeds" / "colon.md").write_text(
        "---\ntitle: Talks: what we know\npublished: unknown\n---\n" + FIDAN, encoding="utf-8")
    reply = await discord_driver.invoke("/reload", member=discord_driver.admin)
    assert "Sources added (1)" in reply.text
    assert "seeds/colon.md:2: front matter: not valid YAML" in reply.text
    assert "seeds/colon.md:3: front matter: published is not a date as YYYY-MM-DD ('unknown')" in reply.text
    quotes = await discord_driver.invoke("/quotes", contains="doors are open")
    assert "Our doors are open to both sides" in quotes.text
