"""/reload, and the same reload on SIGHUP and (when `sources.watch` is on) on changes in seeds/."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading

import discord
from discord import app_commands

from bot.admin.watch import watch_seeds
from bot.checks import manage_guild_or_admin
from bot.exts.admin.base import AdminCog, outcome_text
from bot.render.send import reply_to

log = logging.getLogger(__name__)


class Reload(AdminCog):
    def __init__(self, bot) -> None:
        super().__init__(bot)
        self._signal_installed = False
        self._background: set[asyncio.Task] = set()
        self._stop_watching = asyncio.Event()

    @app_commands.command(name="reload", description="Admins: re-read the sources, check them, swap in the new briefing")
    @app_commands.default_permissions(manage_guild=True)
    @manage_guild_or_admin()
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.admin.reload()
        await self.audit(interaction, "reload", "", outcome_text(result), result.ok)
        await reply_to(interaction, self.replies().reloaded(result))

    async def reload_unattended(self, why: str, *, record_unchanged: bool = True) -> None:
        """A reload nobody is waiting on: its outcome goes to the log and the audit trail.

        The watcher also sees the files that /source add, remove and restore move, right after
        their own reload; `record_unchanged=False` keeps those empty reloads out of the history.
        """
        try:
            result = await self.admin.reload()
        except Exception:
            log.exception("reload on %s failed", why)
            return
        for problem in result.fatal:
            log.error("reload on %s refused: %s", why, problem)
        if record_unchanged or not result.ok or not result.diff.empty:
            await self.audit(None, "reload", "", outcome_text(result), result.ok, who=why)

    def _spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)  # the loop keeps only weak references to tasks
        task.add_done_callback(self._background.discard)

    async def cog_load(self) -> None:
        # Signal handlers can only be set from the main thread, and Windows has no SIGHUP.
        if hasattr(signal, "SIGHUP") and threading.current_thread() is threading.main_thread():
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGHUP, lambda: self._spawn(self.reload_unattended("SIGHUP")))
            self._signal_installed = True
        settings = self.bot.runtime.settings
        if settings.sources.watch:
            self._spawn(watch_seeds(settings.paths.seeds, lambda: self.reload_unattended("change in seeds/", record_unchanged=False),
                                    stop=self._stop_watching))

    async def cog_unload(self) -> None:
        if self._signal_installed:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            self._signal_installed = False
        self._stop_watching.set()
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)


async def setup(bot) -> None:
    await bot.add_cog(Reload(bot))
