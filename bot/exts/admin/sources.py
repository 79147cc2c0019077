"""/source add, remove, restore and history: admins manage the articles the briefing is read from."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin import history
from bot.admin.addresses import MAX_URL_LENGTH
from bot.admin.errors import AdminError
from bot.checks import manage_guild_or_admin
from bot.db import audit
from bot.errors import UserError
from bot.exts.admin.base import AdminCog, outcome_text, source_admin
from bot.exts.base import source_autocomplete
from bot.render.card import clip
from bot.render.format import DISCORD
from bot.render.send import reply_to

ID_MAX = 200


async def removed_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    key = current.casefold()[:ID_MAX]
    # The ids are kept by the SourceAdmin and refreshed by its actions: no folder listing a keystroke.
    ids = [sid for sid in await source_admin(interaction.client).removed_ids() if key in sid.casefold()]
    return [app_commands.Choice(name=clip(sid, 100), value=sid[:100]) for sid in ids[:25]]


# Hidden from members in Discord's picker (admins can change that per server); the bot still checks.
@app_commands.default_permissions(manage_guild=True)
class Source(AdminCog, commands.GroupCog, group_name="source",
             group_description="Admins: manage the articles the briefing reads"):
    @app_commands.command(name="add", description="Fetch a web article, add it to the sources and reload")
    @app_commands.describe(url="The article's address (http or https)")
    @manage_guild_or_admin()
    async def add(self, interaction: discord.Interaction,
                  url: app_commands.Range[str, 1, MAX_URL_LENGTH]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            result = await self.admin.add(url)
        except AdminError as exc:
            await self.audit(interaction, "source add", url, exc.message, False)
            raise UserError(exc.message) from exc
        target = f"{result.target} ({url})" if result.target else url
        await self.audit(interaction, "source add", target, outcome_text(result), result.ok)
        await reply_to(interaction, self.replies().added(result))

    @app_commands.command(name="remove", description="Move a source to the removed folder and reload")
    @app_commands.rename(source_id="id")
    @app_commands.describe(source_id="The source's id (as /sources shows it)")
    @app_commands.autocomplete(source_id=source_autocomplete)
    @manage_guild_or_admin()
    async def remove(self, interaction: discord.Interaction, source_id: app_commands.Range[str, 1, ID_MAX]) -> None:
        await self._move(interaction, "source remove", source_id)

    @app_commands.command(name="restore", description="Bring back a removed source and reload")
    @app_commands.rename(source_id="id")
    @app_commands.describe(source_id="The removed source's id")
    @app_commands.autocomplete(source_id=removed_autocomplete)
    @manage_guild_or_admin()
    async def restore(self, interaction: discord.Interaction, source_id: app_commands.Range[str, 1, ID_MAX]) -> None:
        await self._move(interaction, "source restore", source_id)

    async def _move(self, interaction: discord.Interaction, action: str, sid: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        act = self.admin.remove if action == "source remove" else self.admin.restore
        try:
            result = await act(sid)
        except AdminError as exc:
            await self.audit(interaction, action, sid, exc.message, False)
            raise UserError(exc.message) from exc
        replies = self.replies()
        reply = replies.removed(result) if action == "source remove" else replies.restored(result)
        await self.audit(interaction, action, result.target, outcome_text(result), result.ok)
        await reply_to(interaction, reply)

    @app_commands.command(name="history", description="The latest admin actions on the sources")
    @manage_guild_or_admin()
    async def history(self, interaction: discord.Interaction) -> None:
        db = self.bot.runtime.db
        if db is None:
            raise UserError("No database is configured, so admin actions are not recorded.")
        entries = await audit.latest(db, guild_id=interaction.guild_id, limit=history.LIMIT)
        if interaction.guild_id is not None:
            # Reloads on a signal or by the watcher belong to no server but change what every one reads.
            unattended = await audit.latest(db, guild_id=None, limit=history.LIMIT)
            entries = sorted([*entries, *unattended], key=lambda e: (e.at, e.id), reverse=True)[:history.LIMIT]
        await reply_to(interaction, history.history_reply(entries, DISCORD))


async def setup(bot) -> None:
    await bot.add_cog(Source(bot))
