"""The audit trail of the commands that change something: who did what, to what, and how it ended."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.db import audit
from bot.render.card import clip

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
AUDIT_TEXT_MAX = 1000


async def record_interaction(runtime: Runtime, interaction: discord.Interaction | None, action: str, target: str,
                             result: str, ok: bool, *, who: str | None = None) -> None:
    """Store one action; call it before replying, so that an action whose reply fails (an expired
    interaction) is still on record. Without an interaction (a signal, the watcher) `who` names the cause.
    A failure to store is logged; it never turns a done action into an error."""
    user = interaction.user if interaction else None
    name = who or (str(user) if user else "?")
    log.info("%s %s by %s: %s", action, target or "-", name, result)
    if runtime.db is None:
        return
    try:
        await audit.record(
            runtime.db, guild_id=interaction.guild_id if interaction else None,
            user_id=user.id if user else 0, user_name=name, action=action,
            target=clip(target, AUDIT_TEXT_MAX), result=clip(result, AUDIT_TEXT_MAX), ok=ok, at=runtime.clock(),
        )
    except Exception:
        log.exception("could not store the audit record of %s %s", action, target)
