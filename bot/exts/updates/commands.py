"""/updates subscribe, unsubscribe and list: each server's admins choose which changes to the
story are posted in a channel as they happen."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.checks import manage_guild_or_admin
from bot.db.update_tables import UpdateDeliveryRow
from bot.digest import deliveries
from bot.digest.subscriptions import SubscriptionError
from bot.engine.text import plural
from bot.errors import UserError
from bot.exts.audit import record_interaction
from bot.exts.digest.commands import TIMEZONE_MAX, check_can_post
from bot.exts.digest.lifecycle import ServiceCog
from bot.exts.digest.listing import in_guild, last_result, stamp, timezone_autocomplete
from bot.exts.updates.lifecycle import SERVICE, start_service
from bot.render.card import Card, Field, Reply
from bot.render.send import reply_to
from bot.updates import subscriptions
from bot.updates.changes import LABELS
from bot.updates.subscriptions import Request, UpdateSubscription

if TYPE_CHECKING:
    from bot.client import StoryBot
    from bot.updates.service import UpdateService

log = logging.getLogger(__name__)
KINDS_MAX, ACTOR_MAX, QUIET_MAX = 80, 100, 20
PER_CARD = 6


def describe(sub: UpdateSubscription) -> str:
    kinds = ", ".join(LABELS[k] for k in sub.kinds)
    said = [kinds + (f", about {sub.actor_name}" if sub.actor_name else "")]
    said.append(f"at most {plural(sub.max_per_hour, 'post')} an hour (the rest folded into one)")
    if sub.quiet_label:
        said.append(f"quiet {sub.quiet_label}")
    said.append(f"pinging <@&{sub.ping_role_id}>" if sub.ping_role_id else "pinging no one")
    return "; ".join(said)


class UpdateCommands(ServiceCog):
    # Hidden from members like /digest (Discord sets default permissions on whole top-level
    # commands); the bot's own check stays.
    updates = app_commands.Group(name="updates", description="Posts in a channel as the story changes",
                                 guild_only=True, default_permissions=discord.Permissions(manage_guild=True))

    key = SERVICE
    missing = "Update posts need the database, and this bot runs without one."

    async def cog_load(self) -> None:
        start_service(self.bot)

    def service(self) -> UpdateService:
        return super().service()

    @updates.command(name="subscribe", description="Admins: post changes to the story in a channel as they happen")
    @app_commands.describe(
        channel="Where to post (default: this channel)",
        kinds="Which changes, comma-separated: planned, moved, outcome, quotes, sources (default: all)",
        actor="Only changes about this person or organization",
        quiet_hours="No posts between these local times, such as 22:00-07:00 (“off” for none)",
        timezone="IANA timezone of the quiet hours, such as Europe/Kyiv (default from the config)",
        max_per_hour="At most this many posts an hour; the rest are folded into one (default from the config)",
        role="A role to ping with each post (the only mention the bot ever makes)",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @manage_guild_or_admin()
    async def subscribe(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None,
                        kinds: app_commands.Range[str, 1, KINDS_MAX] | None = None,
                        actor: app_commands.Range[str, 1, ACTOR_MAX] | None = None,
                        quiet_hours: app_commands.Range[str, 1, QUIET_MAX] | None = None,
                        timezone: app_commands.Range[str, 1, TIMEZONE_MAX] | None = None,
                        max_per_hour: app_commands.Range[int, 1, 60] | None = None,
                        role: discord.Role | None = None) -> None:
        service = self.service()
        runtime = self.bot.runtime
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            raise UserError("Updates go to a text channel: pick one with the channel option.")
        if role is not None and role.is_default():
            raise UserError("Pick a role to ping, not @everyone: the bot never pings everyone.")
        found = None
        if actor is not None:
            who = runtime.briefings.story.find_actor(actor)
            # Someone the sources do not name yet is matched by name when they appear.
            found = (who.id, who.name) if who else (subscriptions.actor_key(actor), actor.strip())
            if not found[0]:
                raise UserError("Name a person or an organization with letters, such as Lavrov.")
        try:
            request = Request.check(channel_id=target.id, guild_id=interaction.guild_id,
                                    defaults=runtime.settings.updates, kinds=kinds, timezone=timezone,
                                    quiet_hours=quiet_hours, max_per_hour=max_per_hour, actor=found,
                                    ping_role_id=role.id if role else None)
        except SubscriptionError as exc:
            raise UserError(str(exc)) from None
        check_can_post(target, webhook=False)
        sub, created = await subscriptions.subscribe(runtime.db, request, by=interaction.user.id,
                                                     notify_channel_id=interaction.channel_id, now=runtime.clock())
        await service.refresh(sub.channel_id)
        what = describe(sub)
        await record_interaction(runtime, interaction, "updates subscribe", f"#{target.name}", what, True)
        verb = "Subscribed" if created else "Updated"
        await reply_to(interaction, Reply(content=f"{verb} <#{sub.channel_id}> to update posts: {what}.",
                                          ephemeral=True))

    @updates.command(name="unsubscribe", description="Admins: stop a channel's update posts")
    @app_commands.describe(channel="Which channel (default: this channel)")
    @manage_guild_or_admin()
    async def unsubscribe(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        service = self.service()
        channel_id = channel.id if channel else interaction.channel_id
        gone = await subscriptions.unsubscribe(self.bot.runtime.db, channel_id)
        if gone is None:
            raise UserError(f"<#{channel_id}> has no update posts.")
        service.forget(gone)
        await record_interaction(self.bot.runtime, interaction, "updates unsubscribe", f"<#{channel_id}>",
                                 "unsubscribed", True)
        await reply_to(interaction, Reply(content=f"Unsubscribed <#{channel_id}>: no more update posts there.",
                                          ephemeral=True))

    @updates.command(name="list", description="Admins: this server's update posts, their filters and last result")
    @manage_guild_or_admin()
    async def list_(self, interaction: discord.Interaction) -> None:
        self.service()
        subs = in_guild(await subscriptions.all_subscriptions(self.bot.runtime.db), interaction.guild)
        if not subs:
            await reply_to(interaction, Reply(content="No channel here has update posts. "
                                              "Start them with /updates subscribe.", ephemeral=True))
            return
        last = await deliveries.latest(self.bot.runtime.db, [s.id for s in subs], table=UpdateDeliveryRow)
        fields = [_field(s, last.get(s.id)) for s in subs]
        failing = sum(s.failing for s in subs)
        footer = plural(len(subs), "channel") + (f", {failing} stopped" if failing else "")
        cards = tuple(Card(title="Update posts in this server", fields=tuple(fields[i:i + PER_CARD]), footer=footer)
                      for i in range(0, len(fields), PER_CARD))
        await reply_to(interaction, Reply(cards=cards, ephemeral=True))


def _field(sub: UpdateSubscription, last: deliveries.Delivery | None) -> Field:
    lines = [f"<#{sub.channel_id}> · {describe(sub)}"]
    if sub.failing:
        lines.append(f"**Stopped** {stamp(sub.failed_at)}: {sub.failure}. Fix it, then /updates subscribe again.")
    else:
        lines.append("✅ working")
    lines.append(f"Last: {last_result(last)}")
    return Field(name=f"Updates {sub.id}", value="\n".join(lines))


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(UpdateCommands(bot))
