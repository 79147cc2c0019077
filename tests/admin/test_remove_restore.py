"""/source remove and /source restore: files move aside and back; the briefing comes back the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.admin import source_files
from bot.checks import NOT_AN_OPERATOR
from tests.loopback_discord.driver import CommandNotAvailable

SEED_B = "002_8e5d6f9d2557a0da"


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


async def test_remove_then_restore_gives_back_the_same_briefing(story_bot, discord_driver, tmp_path):
    store = story_bot.client.runtime.briefings
    original = store.current
    status_before = (await discord_driver.invoke("/status")).text
    seed_bytes = (tmp_path / "seeds" / f"{SEED_B}.md").read_bytes()

    removed = await discord_driver.invoke("/source remove", id=SEED_B, member=discord_driver.admin)
    assert f"Source removed: {SEED_B}" in removed.text
    assert f"`{SEED_B}` was moved to `removed-sources/`; bring it back with `/source restore id:{SEED_B}`." \
        in removed.text
    assert "Sources removed (1)" in removed.text
    assert "Quotes removed (" in removed.text
    assert names(tmp_path / "data/removed-sources") == [f"{SEED_B}.json", f"{SEED_B}.md"]
    assert f"{SEED_B}.md" not in names(tmp_path / "seeds")
    assert f"{SEED_B}.json" not in names(tmp_path / "summaries")
    assert "1 source" in (await discord_driver.invoke("/sources")).text

    choices = await discord_driver.autocomplete("/source restore", focused="id", value="002",
                                                member=discord_driver.admin)
    assert [c["value"] for c in choices] == [SEED_B]
    restored = await discord_driver.invoke("/source restore", id=SEED_B, member=discord_driver.admin)
    assert f"Source restored: {SEED_B}" in restored.text
    assert "Summarized anew" not in restored.text  # its summary came back with it
    assert (tmp_path / "seeds" / f"{SEED_B}.md").read_bytes() == seed_bytes
    assert names(tmp_path / "data/removed-sources") == []
    assert store.current == original
    assert (await discord_driver.invoke("/status")).text == status_before


async def test_an_unknown_or_malformed_id_is_explained(story_bot, discord_driver, tmp_path):
    before = names(tmp_path / "seeds")
    unknown = await discord_driver.invoke("/source remove", id="no-such-source", member=discord_driver.admin)
    escape = await discord_driver.invoke("/source remove", id="../../etc/passwd", member=discord_driver.admin)
    nothing = await discord_driver.invoke("/source restore", id=SEED_B, member=discord_driver.admin)
    assert unknown.text == "There is no source `no-such-source`; /sources lists their ids."
    assert escape.text == ("A source id is the file name without its extension: "
                           "letters, digits, '.', '-' and '_'.")
    assert nothing.text == f"`{SEED_B}` is already a source; there is nothing to restore."
    assert names(tmp_path / "seeds") == before


async def test_a_member_cannot_remove(story_bot, discord_driver, tmp_path):
    with pytest.raises(CommandNotAvailable, match="manage_guild"):
        await discord_driver.invoke("/source remove", id=SEED_B, member=discord_driver.member)
    discord_driver.allow_command("source")  # a server that shows the command to everyone: the bot still checks
    reply = await discord_driver.invoke("/source remove", id=SEED_B, member=discord_driver.member)
    assert reply.text == NOT_AN_OPERATOR
    assert (tmp_path / "seeds" / f"{SEED_B}.md").is_file()


async def test_a_removal_the_reload_refuses_is_undone(story_bot, discord_driver, tmp_path):
    (tmp_path / "seeds" / "zz-broken.md").write_text("---\ntitle: Front matter never closed\nText.\n")
    reply = await discord_driver.invoke("/source remove", id=SEED_B, member=discord_driver.admin)
    assert "Source not removed" in reply.text
    assert "`seeds/zz-broken.md:" in reply.text
    assert (tmp_path / "seeds" / f"{SEED_B}.md").is_file()
    assert (tmp_path / "summaries" / f"{SEED_B}.json").is_file()
    assert names(tmp_path / "data/removed-sources") == []


def test_removing_an_id_again_keeps_the_earlier_removed_copy(tmp_path):
    seeds, summaries, removed = tmp_path / "seeds", tmp_path / "summaries", tmp_path / "removed"
    seeds.mkdir()
    (seeds / "a.md").write_text("first version\n")
    source_files.remove(seeds, summaries, removed, "a", dt.datetime(2025, 6, 1, 8, 0))
    (seeds / "a.md").write_text("second version\n")
    source_files.remove(seeds, summaries, removed, "a.md", dt.datetime(2025, 6, 2, 8, 0))
    assert (removed / "a.md").read_text() == "second version\n"
    assert (removed / ".superseded" / "a.20250602T080000.md").read_text() == "first version\n"
    assert source_files.removed_ids(removed) == ["a"]
