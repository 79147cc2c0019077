"""Command sync: development guilds on every start; globally only when the command set changed."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

import discord
from discord import app_commands

log = logging.getLogger(__name__)


def command_hash(tree: app_commands.CommandTree) -> str:
    payload = [c.to_dict(tree) for c in tree.get_commands()]
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _read_state(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_state(path: Path, state: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sync-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, indent=1, sort_keys=True)
    os.replace(tmp, path)


async def sync_commands(
    tree: app_commands.CommandTree,
    application_id: int,
    dev_guild_ids: list[int],
    state_file: Path,
    *,
    force_global: bool = False,
) -> list[str]:
    """Sync and return what was done, for the log. Global sync is rate limited by Discord
    (and takes up to an hour to reach everyone), so it runs only when the hash changed."""
    done = []
    for guild_id in dev_guild_ids:
        guild = discord.Object(id=guild_id)
        tree.copy_global_to(guild=guild)
        await tree.sync(guild=guild)
        done.append(f"synced to development guild {guild_id}")
    digest = command_hash(tree)
    state = _read_state(state_file)
    key = str(application_id)
    if force_global or (not dev_guild_ids and state.get(key) != digest):
        await tree.sync()
        state[key] = digest
        _write_state(state_file, state)
        done.append("synced globally")
    elif not dev_guild_ids:
        done.append("global commands unchanged; not synced")
    return done
