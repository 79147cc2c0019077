"""/digest subscribe, unsubscribe, list, now (admins) and preview (anyone)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.checks import manage_guild_or_admin
from bot.digest import deliveries, subscriptions
from bot.digest.schedule import zone
from bot.digest.subscriptions import Request, Subscription, SubscriptionError
from bot.errors import UserError
from bot.exts.audit import record_interaction
from bot.exts.digest.lifecycle import SERVICE, ServiceCog, start_service
from bot.exts.digest.listing import (
    describe,
    in_guild,
    last_result,
    listing_cards,
    preview_reply,
    timezone_autocomplete,
)
from bot.render.card import Reply
from bot.render.send import reply_to

if TYPE_CHECKING:
    from bot.client import StoryBot
    from bot.digest.service import DigestService

log = logging.getLogger(__name__)
# Discord refuses longer values before the command runs. "HH:MM" with room for stray spaces; the
# longest IANA name is 32 characters and the column holds 64; a webhook URL is under 200.
TIME_MAX, TIMEZONE_MAX, WEBHOOK_URL_MAX = 8, 64, 300
QUIET_CHOICES = [app_commands.Choice(name="post a one-line note", value="note"),
                 app_commands.Choice(name="post nothing", value="skip")]


class DigestCommands(ServiceCog):
    # Discord sets default permissions on whole top-level commands only: /digest is hidden from
    # members with its admin subcommands (preview too, unless the server's admins allow it).
    digest = app_commands.Group(name="digest", description="The daily digest of the story in a channel",
                                guild_only=True, default_permissions=discord.Permissions(manage_guild=True))

    key = SERVICE
    missing = "Digests need the database, and this bot runs without one."

    async def cog_load(self) -> None:
        start_service(self.bot)

    def service(self) -> DigestService:
        return super().service()

    async def _audit(self, interaction: discord.Interaction, action: str, target: str, result: str, ok: bool) -> None:
        await record_interaction(self.bot.runtime, interaction, action, target, result, ok)

    @digest.command(name="subscribe", description="Admins: post a daily digest in a channel (or change its time)")
    @app_commands.describe(
        channel="Where to post (default: this channel)",
        time="Local time of day, HH:MM on a 24-hour clock (default from the config)",
        timezone="IANA timezone such as Europe/Kyiv (default from the config)",
        quiet_day="What to do on a day without news",
        webhook_url="Post through this channel webhook instead of as the bot (kept secret)",
    )
    @app_commands.choices(quiet_day=QUIET_CHOICES)
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @manage_guild_or_admin()
    async def subscribe(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None,
                        time: app_commands.Range[str, 1, TIME_MAX] | None = None,
                        timezone: app_commands.Range[str, 1, TIMEZONE_MAX] | None = None,
                        quiet_day: app_commands.Choice[str] | None = None,
                        webhook_url: app_commands.Range[str, 1, WEBHOOK_URL_MAX] | None = None) -> None:
        service = self.service()
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            raise UserError("Digests go to a text channel: pick one with the channel option.")
        try:
            request = Request.check(channel_id=target.id, guild_id=interaction.guild_id, time=time,
                                    timezone=timezone, quiet_day=quiet_day.value if quiet_day else None,
                                    webhook_url=webhook_url, api_base=discord.http.Route.BASE)
        except SubscriptionError as exc:
            raise UserError(str(exc)) from None
        if not request.webhook_url:
            _check_can_post(target)
        await interaction.response.defer(ephemeral=True, thinking=True)
        if request.webhook_url:
            await self._check_webhook(request.webhook_url, target)
        runtime = self.bot.runtime
        try:
            sub, created = await subscriptions.subscribe(
                runtime.db, request, defaults=runtime.settings.digest, by=interaction.user.id,
                notify_channel_id=interaction.channel_id, now=runtime.clock())
        except SubscriptionError as exc:
            raise UserError(str(exc)) from None
        await service.refresh(sub.channel_id)
        what = describe(sub, service.next_run(sub) or sub.schedule.next_after(runtime.clock()).due_at)
        await self._audit(interaction, "digest subscribe", f"#{target.name}", what, True)
        verb = "Subscribed" if created else "Updated"
        await reply_to(interaction, Reply(content=f"{verb} <#{sub.channel_id}>: {what}", ephemeral=True))

    async def _check_webhook(self, url: str, channel: discord.TextChannel) -> None:
        webhook_id, token = subscriptions.parse_webhook_url(url, discord.http.Route.BASE)
        try:
            hook = await discord.Webhook.partial(webhook_id, token, client=self.bot).fetch(prefer_auth=False)
        except (discord.NotFound, discord.Forbidden, discord.HTTPException) as exc:
            raise UserError(f"Discord does not know that webhook ({getattr(exc, 'status', '?')}): "
                            "copy its URL again from the channel's Integrations → Webhooks.") from None
        if hook.channel_id != channel.id:
            raise UserError(f"That webhook posts in another channel, not in <#{channel.id}>.")

    @digest.command(name="unsubscribe", description="Admins: stop a channel's daily digest")
    @app_commands.describe(channel="Which channel (default: this channel)")
    @manage_guild_or_admin()
    async def unsubscribe(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        service = self.service()
        channel_id = channel.id if channel else interaction.channel_id
        try:
            gone = await subscriptions.unsubscribe(self.bot.runtime.db, channel_id)
        except SubscriptionError as exc:
            raise UserError(str(exc)) from None
        if gone is None:
            raise UserError(f"<#{channel_id}> has no daily digest.")
        await service.refresh(channel_id)
        await self._audit(interaction, "digest unsubscribe", f"<#{channel_id}>", "unsubscribed", True)
        await reply_to(interaction, Reply(content=f"Unsubscribed <#{channel_id}>: no more daily digests there.",
                                          ephemeral=True))

    @digest.command(name="list", description="Admins: this server's digests, their next run and last result")
    @manage_guild_or_admin()
    async def list_(self, interaction: discord.Interaction) -> None:
        service = self.service()
        subs = in_guild(await subscriptions.all_subscriptions(self.bot.runtime.db), interaction.guild)
        if not subs:
            await reply_to(interaction, Reply(content="No channel here has a daily digest. "
                                              "Start one with /digest subscribe.", ephemeral=True))
            return
        last = await deliveries.latest(self.bot.runtime.db, [s.id for s in subs])
        now = self.bot.runtime.clock()
        nexts = {s.id: service.next_run(s) or s.schedule.next_after(now).due_at for s in subs}
        await reply_to(interaction, Reply(cards=listing_cards(subs, nexts, last), ephemeral=True))

    @digest.command(name="now", description="Admins: post the digest in a channel now")
    @app_commands.describe(channel="Which subscribed channel (default: this channel)")
    @manage_guild_or_admin()
    async def now(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        service = self.service()
        sub = await self._subscribed(channel.id if channel else interaction.channel_id)
        if sub.failing:
            raise UserError(f"The digest for <#{sub.channel_id}> is stopped: {sub.failure}. "
                            "Fix that and run /digest subscribe to start it again.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        done = await service.runner.run_now(sub, str(interaction.id))
        # The same words as /digest list's "Last:".
        text = f"Digest for <#{sub.channel_id}>: {last_result(done)}." if done else "That request was already handled."
        await self._audit(interaction, "digest now", f"<#{sub.channel_id}>", text, done is not None and done.state == "sent")
        await reply_to(interaction, Reply(content=text, ephemeral=True))

    async def _subscribed(self, channel_id: int) -> Subscription:
        sub = await subscriptions.get(self.bot.runtime.db, channel_id=channel_id)
        if sub is None:
            raise UserError(f"<#{channel_id}> has no daily digest: start one with /digest subscribe.")
        return sub

    @digest.command(name="preview", description="See what this channel's next digest would say (only you see it)")
    @app_commands.describe(channel="Which channel (default: this channel)")
    async def preview(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        service = self.service()
        runtime = self.bot.runtime
        channel_id = channel.id if channel else interaction.channel_id
        sub = await subscriptions.get(runtime.db, channel_id=channel_id)
        now = runtime.clock()
        # Composing a large story takes a moment: answer "thinking" first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        if sub is None:
            since, tz = now - dt.timedelta(days=1), runtime.settings.digest.default_timezone
            intro = f"<#{channel_id}> has no daily digest; this is what one covering the last 24 hours would say."
            sub = Subscription(id=0, channel_id=channel_id, guild_id=interaction.guild_id, local_time=now.time(),
                               timezone=tz, quiet_day="note", origin="preview", created_at=since,
                               schedule_set_at=since)
        else:
            since = await deliveries.watermark(runtime.db, sub)
            intro = f"The next digest for <#{channel_id}> would say this if it were posted now."
        local_date = now.astimezone(zone(sub.timezone)).date()
        _, parts = await service.runner.compose(sub, since=since, until=now, local_date=local_date)
        await reply_to(interaction, preview_reply(intro, parts))


def _check_can_post(channel: discord.TextChannel, *, webhook: bool = True) -> None:
    """Refuse a subscription the bot could not deliver, rather than fail on its first morning
    (digests and update posts alike; `webhook`: a webhook could post instead)."""
    perms = channel.permissions_for(channel.guild.me)
    missing = [name for name, ok in (("View Channel", perms.view_channel), ("Send Messages", perms.send_messages),
                                     ("Embed Links", perms.embed_links)) if not ok]
    if missing:
        raise UserError(f"I cannot post in <#{channel.id}>: I need {' and '.join(missing)} there. "
                        + ("Grant it, or give me a webhook URL for that channel." if webhook else "Grant it."))
    if not perms.read_message_history:
        raise UserError(f"I need Read Message History in <#{channel.id}>: after a restart it is how I check "
                        "that a post went out, so that nothing is ever posted twice. Grant it.")


check_can_post = _check_can_post


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(DigestCommands(bot))
