"""The console's commands beyond the story: /reload, /source …, /feed …, /digest preview.

They do what the Discord commands do, with the same replies in plain text. Whoever runs the
console runs the bot's files, so no permission is checked; actions are recorded in the audit
trail as done by "console". The database is opened on the first command that needs it.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from bot.admin import history
from bot.admin.actions import ActionResult, SourceAdmin
from bot.admin.errors import AdminError
from bot.admin.replies import Replies
from bot.answers.common import Context
from bot.db import Database, DatabaseUnavailable, audit
from bot.digest.content import compose
from bot.digest.known import KnownItems
from bot.digest.layout import layout
from bot.digest.schedule import zone
from bot.errors import UserError
from bot.exts.audit import record_interaction
from bot.exts.digest.listing import preview_reply
from bot.feeds.replies import LOG_LIMIT, added_text, feeds_reply, log_reply, removed_text
from bot.feeds.store import FeedStore, FeedStoreError
from bot.render.card import Reply
from bot.render.format import PLAIN
from bot.runtime import Runtime

WHO = "console"


class OfflineAdmin:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.admin = SourceAdmin(runtime)
        self._stack = contextlib.AsyncExitStack()

    async def db(self) -> Database:
        if self.runtime.db is None:
            url = self.runtime.settings.database.url
            try:
                self.runtime.db = await self._stack.enter_async_context(Database.open(url))
            except DatabaseUnavailable as exc:
                raise UserError(f"Could not open the database: {exc}") from None
        return self.runtime.db

    async def close(self) -> None:
        await self._stack.aclose()
        self.runtime.db = None

    def _replies(self) -> Replies:
        return Replies(PLAIN, self.admin.seeds, self.admin.summaries, self.runtime.settings.paths.removed)

    async def _record(self, action: str, target: str, result: ActionResult) -> None:
        from bot.exts.admin.base import outcome_text

        await self.db()
        await record_interaction(self.runtime, None, action, target, outcome_text(result), result.ok, who=WHO)

    async def reload(self) -> Reply:
        result = await self.admin.reload()
        await self._record("reload", "", result)
        return self._replies().reloaded(result)

    async def source_add(self, url: str) -> Reply:
        result = await self._act("source add", url, self.admin.add)
        target = f"{result.target} ({url})" if result.target else url
        await self._record("source add", target, result)
        return self._replies().added(result)

    async def source_remove(self, id: str) -> Reply:
        result = await self._act("source remove", id, self.admin.remove)
        await self._record("source remove", result.target, result)
        return self._replies().removed(result)

    async def source_restore(self, id: str) -> Reply:
        result = await self._act("source restore", id, self.admin.restore)
        await self._record("source restore", result.target, result)
        return self._replies().restored(result)

    async def _act(self, action: str, target: str, act) -> ActionResult:
        try:
            return await act(target)
        except AdminError as exc:
            await self.db()
            await record_interaction(self.runtime, None, action, target, exc.message, False, who=WHO)
            raise UserError(exc.message) from exc

    async def feed_add(self, url: str, name: str | None = None, interval_minutes: int = 30) -> Reply:
        try:
            feed = await FeedStore(await self.db()).add_checked(
                url, allow_private=self.runtime.settings.sources.allow_private_addresses, name=name,
                interval_minutes=interval_minutes, now=self.runtime.clock())
        except FeedStoreError as exc:
            await record_interaction(self.runtime, None, "feed add", url, str(exc), False, who=WHO)
            raise UserError(str(exc)) from exc
        await record_interaction(self.runtime, None, "feed add", url, f"added as feed {feed.id}", True, who=WHO)
        return Reply.text(added_text(feed))

    async def feed_remove(self, id: int) -> Reply:
        try:
            feed = await FeedStore(await self.db()).remove(id)
        except FeedStoreError as exc:
            raise UserError(str(exc)) from exc
        await record_interaction(self.runtime, None, "feed remove", feed.url, "removed", True, who=WHO)
        return Reply.text(removed_text(feed))

    async def feed_list(self) -> Reply:
        return feeds_reply(await FeedStore(await self.db()).feeds(), PLAIN)

    async def feed_log(self, feed: int | None = None) -> Reply:
        return log_reply(await FeedStore(await self.db()).log(LOG_LIMIT, feed), PLAIN)

    async def source_history(self) -> Reply:
        # What was done outside any server: here, by signals and by the watcher.
        entries = await audit.latest(await self.db(), guild_id=None, limit=history.LIMIT)
        return history.history_reply(entries, PLAIN)

    async def digest_preview(self) -> Reply:
        """What a digest covering the last 24 hours would say, in the default timezone."""
        db = await self.db()
        runtime, settings = self.runtime, self.runtime.settings.digest
        story, now = runtime.briefings.story, runtime.clock()
        known = KnownItems()
        await known.load(db)
        await known.remember(db, story, now)  # as the bot does on start: what it sees first is new now
        since = now - dt.timedelta(days=1)
        local_date = now.astimezone(zone(settings.default_timezone)).date()
        digest = compose(story, known.between(since, now), local_date=local_date, since=since,
                         upcoming_days=settings.upcoming_days)
        parts = layout(digest, Context(story=story, fmt=PLAIN, today=local_date))
        return preview_reply(f"A digest covering the last 24 hours ({settings.default_timezone}) would say:", parts)
