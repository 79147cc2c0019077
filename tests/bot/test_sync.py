"""Commands reach development guilds on every start, and Discord's global list only when they changed."""

from __future__ import annotations

import json


def global_syncs(server) -> int:
    return len(server.requests_to("PUT", "/applications/{application_id}/commands", status=200))


def guild_syncs(server) -> int:
    return len(server.requests_to("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", status=200))


async def test_global_sync_happens_once_until_the_commands_change(start_story_bot, discord_server, tmp_path):
    async with start_story_bot():
        pass
    assert global_syncs(discord_server) == 1
    state = json.loads((tmp_path / "data/command-sync.json").read_text())
    assert [len(v) for v in state.values()] == [64]  # one application, the sha256 of what was synced
    async with start_story_bot():
        pass
    assert global_syncs(discord_server) == 1, "a restart with the same commands must not sync again"
    state[next(iter(state))] = "an older command set"
    (tmp_path / "data/command-sync.json").write_text(json.dumps(state))
    async with start_story_bot():
        pass
    assert global_syncs(discord_server) == 2


async def test_development_guilds_get_the_commands_on_every_start(start_story_bot, discord_server, discord_driver):
    guild_id = discord_server.guild.id
    for _ in range(2):
        async with start_story_bot(discord={"dev_guild_ids": [int(guild_id)]}):
            names = {c["name"] for c in discord_driver.registered_commands()}
            assert {"status", "quotes", "timeline", "who", "sources", "ask", "help"} <= names
    assert guild_syncs(discord_server) == 2
    assert global_syncs(discord_server) == 0
