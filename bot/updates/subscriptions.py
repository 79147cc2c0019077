"""Update-post subscriptions in the database: checked first, then written in one transaction.

The module has the digest subscriptions' get, mark_failing and mark_admins_told, which the
posting machinery (bot.digest.runner.Runner) calls for either kind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.db.update_tables import UpdateSubscriptionRow
from bot.digest import subscriptions as digest_subscriptions
from bot.digest.schedule import zone
from bot.digest.subscriptions import SubscriptionError
from bot.engine.text import slug
from bot.settings import check_timezone, parse_hhmm
from bot.updates.changes import KINDS, Change

if TYPE_CHECKING:
    from bot.db import Database
    from bot.updates.settings import UpdateSettings

# The words /updates subscribe takes for each kind (and "all").
KIND_WORDS = {"planned": "planned", "moved": "moved", "outcome": "outcome", "quotes": "quote", "quote": "quote",
              "sources": "source", "source": "source"}
_QUIET = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$")


@dataclass(frozen=True)
class UpdateSubscription:
    id: int
    channel_id: int
    guild_id: int | None
    kinds: tuple[str, ...]
    timezone: str
    max_per_hour: int
    created_at: dt.datetime
    actor_id: str | None = None
    actor_name: str | None = None
    quiet_from: dt.time | None = None
    quiet_until: dt.time | None = None
    ping_role_id: int | None = None
    created_by: int | None = None
    notify_channel_id: int | None = None
    failure: str | None = None
    failed_at: dt.datetime | None = None
    admins_told_at: dt.datetime | None = None
    # Updates are posted as the bot: its nonce and its history make them exactly-once.
    webhook_url: None = None

    @property
    def failing(self) -> bool:
        return self.failure is not None

    def wants(self, change: Change) -> bool:
        return change.kind in self.kinds and (self.actor_id is None or any(map(self._about, change.actors)))

    def _about(self, actor_id: str) -> bool:
        """The actor asked for: by id, or for a name the sources did not know yet ("Lavrov"),
        by its words among the id's ("sergei-lavrov")."""
        return actor_id == self.actor_id or set(self.actor_id.split("-")) <= set(actor_id.split("-"))

    def quiet_ends(self, now: dt.datetime) -> dt.datetime | None:
        """The end of the quiet hours `now` falls in (local time of the channel's zone); None
        when it is not quiet."""
        if self.quiet_from is None or self.quiet_until is None or self.quiet_from == self.quiet_until:
            return None
        tz = zone(self.timezone)
        local = now.astimezone(tz)
        start, end, t = self.quiet_from, self.quiet_until, local.time().replace(tzinfo=None)
        quiet = start <= t < end if start < end else (t >= start or t < end)
        if not quiet:
            return None
        day = local.date() if t < end else local.date() + dt.timedelta(days=1)
        # A wall-clock time that does not exist that day (a DST gap) is read as the one after it.
        return dt.datetime.combine(day, end, tzinfo=tz).astimezone(dt.UTC)

    @property
    def quiet_label(self) -> str | None:
        if self.quiet_from is None or self.quiet_until is None:
            return None
        return f"{self.quiet_from:%H:%M}–{self.quiet_until:%H:%M} {self.timezone}"

    @classmethod
    def from_row(cls, row: UpdateSubscriptionRow) -> UpdateSubscription:
        return cls(
            id=row.id, channel_id=row.channel_id, guild_id=row.guild_id, kinds=tuple(row.kinds.split()),
            timezone=row.timezone, max_per_hour=row.max_per_hour, created_at=row.created_at, actor_id=row.actor_id,
            actor_name=row.actor_name, quiet_from=parse_hhmm(row.quiet_from) if row.quiet_from else None,
            quiet_until=parse_hhmm(row.quiet_until) if row.quiet_until else None, ping_role_id=row.ping_role_id,
            created_by=row.created_by, notify_channel_id=row.notify_channel_id, failure=row.failure,
            failed_at=row.failed_at, admins_told_at=row.admins_told_at,
        )


@dataclass(frozen=True)
class Request:
    """A checked /updates subscribe: every value valid before anything is written."""

    channel_id: int
    guild_id: int | None
    kinds: tuple[str, ...]
    timezone: str
    max_per_hour: int
    quiet: tuple[str, str] | None = None
    actor: tuple[str, str] | None = None  # (id, name)
    ping_role_id: int | None = None

    @classmethod
    def check(cls, *, channel_id: int, guild_id: int | None, defaults: UpdateSettings, kinds: str | None = None,
              timezone: str | None = None, quiet_hours: str | None = None, max_per_hour: int | None = None,
              actor: tuple[str, str] | None = None, ping_role_id: int | None = None) -> Request:
        return cls(channel_id, guild_id, _kinds(kinds), _timezone(timezone or defaults.default_timezone),
                   max_per_hour or defaults.max_per_hour, _quiet(quiet_hours), actor, ping_role_id)


def _kinds(text: str | None) -> tuple[str, ...]:
    words = [w for w in re.split(r"[\s,]+", (text or "all").strip().casefold()) if w]
    if not words or words == ["all"]:
        return KINDS
    unknown = [w for w in words if w not in KIND_WORDS]
    if unknown:
        raise SubscriptionError(f"“{unknown[0][:30]}” is not a kind of update: use any of planned, moved, "
                                "outcome, quotes and sources (or all), separated by commas.")
    return tuple(k for k in KINDS if k in {KIND_WORDS[w] for w in words})


def _timezone(name: str) -> str:
    try:
        return check_timezone(name.strip())
    except ValueError:
        raise SubscriptionError(f"“{name[:60]}” is not a timezone I know: use an IANA name such as "
                                "Europe/Kyiv or America/New_York (the list suggests them).") from None


def _quiet(text: str | None) -> tuple[str, str] | None:
    if text is None or text.strip().casefold() in ("", "none", "off"):
        return None
    match = _QUIET.match(text)
    try:
        if match is None:
            raise ValueError
        start, end = (f"{parse_hhmm(t):%H:%M}" for t in match.groups())
    except ValueError:
        raise SubscriptionError(f"“{text[:20]}” is not a span of hours: write it as HH:MM-HH:MM on a 24-hour "
                                "clock, such as 22:00-07:00 (or “off”).") from None
    if start == end:
        raise SubscriptionError("Quiet hours need a start and an end that differ, such as 22:00-07:00.")
    return start, end


async def get(db: Database, *, channel_id: int | None = None, sub_id: int | None = None) -> UpdateSubscription | None:
    return await digest_subscriptions.get(db, channel_id=channel_id, sub_id=sub_id, table=UpdateSubscriptionRow,
                                          model=UpdateSubscription)


async def all_subscriptions(db: Database) -> list[UpdateSubscription]:
    return await digest_subscriptions.all_subscriptions(db, table=UpdateSubscriptionRow, model=UpdateSubscription)


async def subscribe(db: Database, request: Request, *, by: int | None, notify_channel_id: int | None,
                    now: dt.datetime) -> tuple[UpdateSubscription, bool]:
    """Create or replace a channel's subscription (and clear a failure); returns it and whether
    it is new. A channel that subscribes again keeps its place: nothing posted is posted again."""
    async with db.session() as session, session.begin():
        row = (await session.scalars(select(UpdateSubscriptionRow).where(
            UpdateSubscriptionRow.channel_id == request.channel_id).with_for_update())).one_or_none()
        created = row is None
        if row is None:
            row = UpdateSubscriptionRow(channel_id=request.channel_id, created_at=now, created_by=by)
            session.add(row)
        row.guild_id = request.guild_id or row.guild_id
        row.kinds = " ".join(request.kinds)
        row.timezone = request.timezone
        row.max_per_hour = request.max_per_hour
        row.quiet_from, row.quiet_until = request.quiet or (None, None)
        row.actor_id, row.actor_name = request.actor or (None, None)
        row.ping_role_id = request.ping_role_id
        row.notify_channel_id = notify_channel_id or row.notify_channel_id
        row.failure = row.failed_at = row.admins_told_at = None
        await session.flush()
        return UpdateSubscription.from_row(row), created


async def unsubscribe(db: Database, channel_id: int) -> UpdateSubscription | None:
    """Remove a channel's subscription and its delivery history; None when there was none."""
    async with db.session() as session, session.begin():
        row = (await session.scalars(select(UpdateSubscriptionRow).where(
            UpdateSubscriptionRow.channel_id == channel_id).with_for_update())).one_or_none()
        if row is None:
            return None
        gone = UpdateSubscription.from_row(row)
        await session.delete(row)
    return gone


async def mark_failing(db: Database, sub_id: int, reason: str, now: dt.datetime) -> UpdateSubscription | None:
    return await digest_subscriptions.mark_failing(db, sub_id, reason, now, table=UpdateSubscriptionRow,
                                                   model=UpdateSubscription)


async def mark_admins_told(db: Database, sub_id: int, now: dt.datetime) -> bool:
    return await digest_subscriptions.mark_admins_told(db, sub_id, now, table=UpdateSubscriptionRow)


def actor_key(name: str) -> str:
    """The id the engine gives a name (its slug)."""
    key = slug(name)[:200]
    return "" if key == "x" and not name.strip().casefold().startswith("x") else key
