"""Subscriptions in the database: checked first, then written in one transaction."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select

from bot.db.digest_tables import SubscriptionRow
from bot.digest.schedule import Schedule
from bot.settings import DigestSettings, SubscriptionSettings, check_timezone, parse_hhmm

if TYPE_CHECKING:
    from bot.db import Database

QUIET_DAYS = ("note", "skip")
WEBHOOK_HOSTS = {"discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"}
_WEBHOOK_PATH = re.compile(r"^(?:/api(?:/v\d+)?)?/webhooks/(\d{15,21})/([A-Za-z0-9_.\-]{20,100})/?$")


class SubscriptionError(ValueError):
    """A request that cannot be applied; the message is for the member who made it."""


@dataclass(frozen=True)
class Subscription:
    id: int
    channel_id: int
    guild_id: int | None
    local_time: dt.time
    timezone: str
    quiet_day: str
    origin: str
    created_at: dt.datetime
    schedule_set_at: dt.datetime
    created_by: int | None = None
    notify_channel_id: int | None = None
    failure: str | None = None
    failed_at: dt.datetime | None = None
    admins_told_at: dt.datetime | None = None
    webhook_url: str | None = field(default=None, repr=False)

    @property
    def schedule(self) -> Schedule:
        return Schedule(self.local_time, self.timezone)

    @property
    def failing(self) -> bool:
        return self.failure is not None

    @property
    def time_label(self) -> str:
        return f"{self.local_time:%H:%M} {self.timezone}"

    @classmethod
    def from_row(cls, row: SubscriptionRow) -> Subscription:
        return cls(
            id=row.id, channel_id=row.channel_id, guild_id=row.guild_id,
            local_time=parse_hhmm(row.local_time), timezone=row.timezone, quiet_day=row.quiet_day,
            origin=row.origin, created_at=row.created_at, schedule_set_at=row.schedule_set_at,
            created_by=row.created_by, notify_channel_id=row.notify_channel_id, failure=row.failure,
            failed_at=row.failed_at, admins_told_at=row.admins_told_at, webhook_url=row.webhook_url,
        )


@dataclass(frozen=True)
class Request:
    """A checked /digest subscribe: every value valid before anything is written."""

    channel_id: int
    guild_id: int | None
    local_time: str | None = None
    timezone: str | None = None
    quiet_day: str | None = None
    webhook_url: str | None = field(default=None, repr=False)

    @classmethod
    def check(cls, *, channel_id: int, guild_id: int | None, time: str | None = None,
              timezone: str | None = None, quiet_day: str | None = None, webhook_url: str | None = None,
              api_base: str | None = None) -> Request:
        if time is not None:
            try:
                time = f"{parse_hhmm(time):%H:%M}"
            except ValueError:
                raise SubscriptionError(f"“{time[:20]}” is not a time of day: use HH:MM on a 24-hour clock, "
                                        "such as 08:30 or 18:00.") from None
        if timezone is not None:
            try:
                timezone = check_timezone(timezone.strip())
            except ValueError:
                raise SubscriptionError(f"“{timezone[:60]}” is not a timezone I know: use an IANA name "
                                        "such as Europe/Kyiv or America/New_York (the list suggests them).") from None
        if quiet_day is not None and quiet_day not in QUIET_DAYS:
            raise SubscriptionError("On a day without news the digest can “note” it or “skip” the day.")
        if webhook_url is not None:
            webhook_url = webhook_url.strip()
            parse_webhook_url(webhook_url, api_base)
        return cls(channel_id, guild_id, time, timezone, quiet_day, webhook_url)


def parse_webhook_url(url: str, api_base: str | None = None) -> tuple[int, str]:
    """(webhook id, token) of a channel webhook URL; its text is never repeated in the error."""
    parts = urlsplit(url)
    hosts = set(WEBHOOK_HOSTS)
    if api_base:
        hosts.add(urlsplit(api_base).netloc)
    match = _WEBHOOK_PATH.match(parts.path)
    secure = parts.scheme == "https" or (api_base or "").startswith(f"{parts.scheme}://{parts.netloc}")
    if not (secure and parts.netloc in hosts and match) or parts.query or parts.fragment:
        raise SubscriptionError("That is not a Discord webhook URL (https://discord.com/api/webhooks/…). "
                                "Copy it from the channel's Integrations → Webhooks.")
    return int(match.group(1)), match.group(2)


async def get(db: Database, *, channel_id: int | None = None, sub_id: int | None = None,
              table: Any = SubscriptionRow, model: Any = Subscription) -> Any:
    """A channel's subscription (by channel or by id), None when there is none. `table` and
    `model`: another kind of subscription keyed the same way (update posts)."""
    column, value = (table.channel_id, channel_id) if sub_id is None else (table.id, sub_id)
    async with db.session() as session:
        row = (await session.scalars(select(table).where(column == value))).one_or_none()
    return model.from_row(row) if row else None


async def all_subscriptions(db: Database, *, table: Any = SubscriptionRow, model: Any = Subscription) -> list[Any]:
    async with db.session() as session:
        rows = (await session.scalars(select(table).order_by(table.id))).all()
    return [model.from_row(r) for r in rows]


async def subscribe(db: Database, request: Request, *, defaults: DigestSettings, by: int | None,
                    notify_channel_id: int | None, now: dt.datetime) -> tuple[Subscription, bool]:
    """Create or change a channel's subscription; returns it and whether it is new.

    Changing it also clears a failure: re-subscribing is how an admin says "fixed, try again".
    """
    async with db.session() as session, session.begin():
        row = (await session.scalars(select(SubscriptionRow).where(
            SubscriptionRow.channel_id == request.channel_id).with_for_update())).one_or_none()
        created = row is None
        if row is None:
            row = SubscriptionRow(
                channel_id=request.channel_id, guild_id=request.guild_id, origin="command",
                local_time=request.local_time or defaults.default_time,
                timezone=request.timezone or defaults.default_timezone,
                quiet_day=request.quiet_day or defaults.quiet_day, webhook_url=request.webhook_url,
                created_at=now, schedule_set_at=now, created_by=by, notify_channel_id=notify_channel_id,
            )
            session.add(row)
        elif row.origin == "config":
            changes = [name for name in ("local_time", "timezone", "quiet_day", "webhook_url")
                       if getattr(request, name) is not None and getattr(request, name) != getattr(row, name)]
            if changes:
                raise SubscriptionError("This channel's digest is declared in the bot's config file; "
                                        "change it there. (Subscribing again without options retries it.)")
            _clear_failure(row)
        else:
            if (request.local_time or row.local_time, request.timezone or row.timezone) != (row.local_time, row.timezone):
                row.schedule_set_at = now
            row.local_time = request.local_time or row.local_time
            row.timezone = request.timezone or row.timezone
            row.quiet_day = request.quiet_day or row.quiet_day
            if request.webhook_url is not None:
                row.webhook_url = request.webhook_url
            row.guild_id = request.guild_id or row.guild_id
            row.notify_channel_id = notify_channel_id or row.notify_channel_id
            _clear_failure(row)
        await session.flush()
        return Subscription.from_row(row), created


def _clear_failure(row: SubscriptionRow) -> None:
    row.failure = row.failed_at = row.admins_told_at = None


async def unsubscribe(db: Database, channel_id: int) -> Subscription | None:
    """Remove a channel's subscription and its delivery history; None when there was none."""
    async with db.session() as session, session.begin():
        row = (await session.scalars(select(SubscriptionRow).where(
            SubscriptionRow.channel_id == channel_id).with_for_update())).one_or_none()
        if row is None:
            return None
        if row.origin == "config":
            raise SubscriptionError("This channel's digest is declared in the bot's config file; "
                                    "remove it there and restart the bot.")
        gone = Subscription.from_row(row)
        await session.delete(row)
    return gone


async def mark_failing(db: Database, sub_id: int, reason: str, now: dt.datetime, *,
                       table: type = SubscriptionRow, model: Any = Subscription) -> Any:
    """The subscription, stopped by `reason` (the first reason stands). `table` and `model`:
    another kind of subscription with the same failure columns (update posts)."""
    async with db.session() as session, session.begin():
        row = await session.get(table, sub_id, with_for_update=True)
        if row is None:
            return None
        if row.failure is None:
            row.failure, row.failed_at = reason, now
        return model.from_row(row)


async def mark_admins_told(db: Database, sub_id: int, now: dt.datetime, *, table: type = SubscriptionRow) -> bool:
    """True the first time only: the admins hear about one failure once."""
    async with db.session() as session, session.begin():
        row = await session.get(table, sub_id, with_for_update=True)
        if row is None or row.admins_told_at is not None:
            return False
        row.admins_told_at = now
        return True


async def sync_config(db: Database, settings: DigestSettings, now: dt.datetime) -> tuple[int, int, int]:
    """Make the database hold exactly the config file's subscriptions among those the file
    owns. Returns (added, changed, removed)."""
    declared: dict[int, SubscriptionSettings] = {s.channel_id: s for s in settings.subscriptions}
    added = changed = 0
    async with db.session() as session, session.begin():
        rows = {r.channel_id: r for r in (await session.scalars(select(SubscriptionRow))).all()}
        for channel_id, sub in declared.items():
            want = {"local_time": f"{parse_hhmm(sub.time):%H:%M}",
                    "timezone": sub.timezone or settings.default_timezone,
                    "quiet_day": sub.quiet_day or settings.quiet_day}
            row = rows.get(channel_id)
            if row is None:
                session.add(SubscriptionRow(channel_id=channel_id, origin="config", created_at=now,
                                            schedule_set_at=now, **want))
                added += 1
                continue
            if row.origin == "config" and all(getattr(row, k) == v for k, v in want.items()):
                continue
            if (row.local_time, row.timezone) != (want["local_time"], want["timezone"]):
                row.schedule_set_at = now
            for key, value in want.items():
                setattr(row, key, value)
            row.origin = "config"
            _clear_failure(row)
            changed += 1
        stale = [cid for cid, row in rows.items() if row.origin == "config" and cid not in declared]
        if stale:
            await session.execute(delete(SubscriptionRow).where(SubscriptionRow.channel_id.in_(stale)))
    return added, changed, len(stale)
