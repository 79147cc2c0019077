"""Admin actions leave the event loop free: members are answered while an admin's action compares
briefings or moves files, and /source restore's suggestions do not list the folder on every keystroke."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.admin import actions, source_files
from bot.exts.admin.base import source_admin

SEED_B = "002_8e5d6f9d2557a0da"


def held(real, started: threading.Event, release: threading.Event | None = None, *, seconds: float = 0.0):
    """`real` that first says it started, then waits for `release` (or `seconds`) in whatever thread runs it:
    a worker thread waits there harmlessly; on the event loop it would stop every command."""
    def holding(*args):
        started.set()
        if release is not None:
            release.wait(10)
        else:
            time.sleep(seconds)
        return real(*args)
    return holding


async def answered_while_held(driver, action, started: threading.Event, release: threading.Event):
    """Run `action` (not waited for); once its slow part has started, ask /status; then let it finish."""
    assert await asyncio.to_thread(started.wait, 5), "the action never reached its slow part"
    status = await driver.invoke("/status", timeout=5)
    action_done_first = action.record.complete
    release.set()
    await driver.server.store.wait_until(lambda: action.record.complete, 10)
    return status, action_done_first


async def test_status_is_answered_while_a_reload_compares_the_briefings(story_bot, discord_driver, monkeypatch):
    started, release = threading.Event(), threading.Event()
    monkeypatch.setattr(actions, "diff_briefings", held(actions.diff_briefings, started, release))
    before = (await discord_driver.invoke("/status")).text
    reload = await discord_driver.invoke("/reload", member=discord_driver.admin, wait=False)
    status, reload_done_first = await answered_while_held(discord_driver, reload, started, release)
    assert status.text == before
    assert not reload_done_first
    assert "Reloaded" in reload.text
    assert "Nothing changed in the briefing." in reload.text


async def test_status_is_answered_while_a_removal_moves_files(story_bot, discord_driver, monkeypatch, tmp_path):
    started, release = threading.Event(), threading.Event()
    monkeypatch.setattr(source_files.Moves, "move", held(source_files.Moves.move, started, release))
    remove = await discord_driver.invoke("/source remove", id=SEED_B, member=discord_driver.admin, wait=False)
    status, remove_done_first = await answered_while_held(discord_driver, remove, started, release)
    assert "2 sources" in status.text
    assert not remove_done_first
    assert f"Source removed: {SEED_B}" in remove.text
    assert (tmp_path / "data/removed-sources" / f"{SEED_B}.md").is_file()


async def test_a_removal_cancelled_while_its_files_move_is_undone(story_bot, tmp_path, monkeypatch):
    admin = source_admin(story_bot.client)
    started = threading.Event()
    monkeypatch.setattr(source_files.Moves, "move", held(source_files.Moves.move, started, seconds=0.2))
    task = asyncio.ensure_future(admin.remove(SEED_B))
    assert await asyncio.to_thread(started.wait, 5)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()
    assert (tmp_path / "seeds" / f"{SEED_B}.md").is_file()
    assert (tmp_path / "summaries" / f"{SEED_B}.json").is_file()
    assert not (tmp_path / "data/removed-sources" / f"{SEED_B}.md").exists()


async def test_restore_suggestions_follow_remove_and_restore_without_listing_the_folder_each_keystroke(
        story_bot, discord_driver, monkeypatch, tmp_path):
    listings = []
    real_list = source_files.removed_ids

    def counted(folder):
        listings.append(folder)
        return real_list(folder)

    monkeypatch.setattr(source_files, "removed_ids", counted)
    admin = discord_driver.admin

    async def suggested(typed: str) -> list[str]:
        choices = await discord_driver.autocomplete("/source restore", focused="id", value=typed, member=admin)
        return [c["value"] for c in choices]

    assert [await suggested(typed) for typed in ("", "0", "00", "002")] == [[], [], [], []]
    assert len(listings) == 1

    await discord_driver.invoke("/source remove", id=SEED_B, member=admin)
    assert [await suggested(typed) for typed in ("0", "00", "002", "003")] == [[SEED_B], [SEED_B], [SEED_B], []]
    assert len(listings) == 2  # once more, by the removal

    await discord_driver.invoke("/source restore", id=SEED_B, member=admin)
    assert await suggested("002") == []

    # A file put aside by hand shows after the next /reload.
    (tmp_path / "seeds" / f"{SEED_B}.md").rename(tmp_path / "data/removed-sources" / f"{SEED_B}.md")
    assert await suggested("002") == []
    await discord_driver.invoke("/reload", member=admin)
    assert await suggested("002") == [SEED_B]
