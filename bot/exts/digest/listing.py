"""How /digest list, subscribe and preview describe things."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache
from importlib import resources
from typing import Any

import discord
from discord import app_commands

from bot.digest.deliveries import Delivery
from bot.digest.layout import Part
from bot.digest.subscriptions import Subscription
from bot.engine.text import plural
from bot.render.card import Card, Field, Reply
from bot.render.format import DISCORD

PER_CARD = 6
QUIET = {"note": "quiet days get a one-line note", "skip": "quiet days are skipped"}


def stamp(when: dt.datetime, style: str = "f") -> str:
    """An instant as Discord shows it, date and time by default."""
    return DISCORD.moment(when, style)


def in_guild(subs: list[Any], guild: discord.Guild | None) -> list[Any]:
    """The subscriptions (digests or update posts) of `guild`'s channels. One from the config
    knows its channel, not its server, so the channel is looked up too."""
    if guild is None:
        return []
    return [s for s in subs if s.guild_id == guild.id or guild.get_channel(s.channel_id) is not None]


def describe(sub: Subscription, next_run: dt.datetime) -> str:
    how = "through a webhook (its URL is kept secret)" if sub.webhook_url else "posted by the bot"
    return (f"daily at {sub.time_label}, {QUIET[sub.quiet_day]}, {how}. "
            f"Next digest {stamp(next_run, 'F')} ({stamp(next_run, 'R')}).")


def last_result(delivery: Delivery | None) -> str:
    if delivery is None:
        return "none yet"
    when = stamp(delivery.finished_at or delivery.claimed_at)
    if delivery.state == "sent":
        return f"posted {when}: {delivery.summary}"
    if delivery.state == "skipped":
        return f"nothing new {when}, skipped"
    if delivery.state == "missed":
        return f"missed {delivery.local_date:%d %b}: the bot was offline past the grace window"
    if delivery.state == "retrying":
        return f"retrying {stamp(delivery.next_attempt_at, 'R')} after: {delivery.detail}"
    if delivery.state == "claimed":
        return "being posted now"
    return f"failed {when}: {delivery.detail}"


def _field(sub: Subscription, next_run: dt.datetime, last: Delivery | None) -> Field:
    lines = [f"<#{sub.channel_id}> · {sub.time_label}"
             + (" · via webhook" if sub.webhook_url else "") + f" · {QUIET[sub.quiet_day]}"]
    if sub.failing:
        lines.append(f"**Stopped** {stamp(sub.failed_at)}: {sub.failure}. Fix it, then /digest subscribe again.")
    else:
        lines.append(f"Next: {stamp(next_run, 'F')} ({stamp(next_run, 'R')})")
    lines.append(f"Last: {last_result(last)}")
    if sub.origin == "config":
        lines.append("Declared in the config file.")
    return Field(name=f"Digest {sub.id}", value="\n".join(lines))


def listing_cards(subs: list[Subscription], nexts: dict[int, dt.datetime], last: dict[int, Delivery]) -> tuple[Card, ...]:
    fields = [_field(s, nexts[s.id], last.get(s.id)) for s in subs]
    chunks = [fields[i:i + PER_CARD] for i in range(0, len(fields), PER_CARD)]
    failing = sum(s.failing for s in subs)
    footer = plural(len(subs), "digest") + (f", {failing} stopped" if failing else "")
    return tuple(Card(title="Daily digests in this server", fields=tuple(chunk), footer=footer, kind="digest")
                 for chunk in chunks)


def preview_reply(intro: str, parts: tuple[Part, ...]) -> Reply:
    if not parts:
        return Reply(content=f"{intro}\nNothing new, and this channel skips quiet days: nothing would be posted.",
                     ephemeral=True)
    cards = tuple(card for part in parts for card in part.cards)
    notes = [part.content for part in parts if part.content and not part.cards]
    return Reply(cards=cards, content="\n".join([intro, *notes]), ephemeral=True)


@cache
def _zones() -> tuple[str, ...]:
    # Only Area/City names (and UTC): the legacy aliases (EST5EDT, posixrules…) confuse more than help.
    areas = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return (*areas, "UTC")


@cache
def _renamed() -> dict[str, str]:
    """Old names kept as links to the current one (Europe/Kiev → Europe/Kyiv), from the tz database.

    A link that zone.tab still lists as a country's zone (Europe/Oslo) is a current name, not an old one.
    """
    try:
        data = resources.files("tzdata.zoneinfo")
        current = {line.split("\t")[2] for line in data.joinpath("zone.tab").read_text().splitlines()
                   if line and not line.startswith("#")}
        links = (line.split() for line in data.joinpath("tzdata.zi").read_text().splitlines() if line.startswith("L "))
        # UTC stays UTC (not Etc/UTC): only Area/City names are renamed ones.
        return {old: new for _, new, old in links if old not in current and "/" in old and not new.startswith("Etc/")}
    except (ModuleNotFoundError, OSError, IndexError, ValueError):
        return {}  # no tzdata package: the names are offered as they are


async def timezone_autocomplete(_interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The `timezone` option's suggestions, for /digest and /updates alike."""
    return [app_commands.Choice(name=z, value=z) for z in timezone_choices(current)]


def timezone_choices(typed: str, limit: int = 25) -> list[str]:
    """Names that start with, have a city starting with, or contain what was typed. A renamed
    zone is offered under its current name first ("Kie" → Europe/Kyiv, then Europe/Kiev)."""
    key = typed.strip().casefold().replace(" ", "_")[:100]
    if not key:
        return ["UTC", "Europe/Kyiv", "Europe/Moscow", "Europe/Istanbul", "Europe/London",
                "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo"][:limit]
    starts = [z for z in _zones() if z.casefold().startswith(key)]
    city = [z for z in _zones() if z not in starts and z.rsplit("/", 1)[-1].casefold().startswith(key)]
    inner = [z for z in _zones() if z not in starts and z not in city and key in z.casefold()]
    renamed = _renamed()
    current = [renamed.get(z, z) for z in starts + city + inner]
    old = [z for z in starts + city + inner if z in renamed]
    return list(dict.fromkeys(current + old))[:limit]
