"""Posting a digest's messages to Discord, through the bot or a channel webhook.

Errors come out sorted by what to do about them: `Broken` (the channel is gone, a permission
or the webhook is missing: stop until an admin fixes it), `Transient` (429, 5xx, a dropped
connection: retry later) and `Rejected` (Discord refused this message: give up on the run).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.digest.layout import Part
from bot.digest.limiter import DISCORD_GLOBAL, SlidingWindow
from bot.digest.subscriptions import Subscription, parse_webhook_url
from bot.render.embed import to_embed
from bot.render.send import NO_MENTIONS

if TYPE_CHECKING:
    from discord.ext import commands

log = logging.getLogger(__name__)
# How far back a part posted just before a crash is looked for in the channel.
_HISTORY_SLACK = dt.timedelta(seconds=30)


class SendError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Broken(SendError):
    """The subscription cannot work until someone fixes the channel, a permission or the webhook."""


class Transient(SendError):
    """Worth another try later."""


class Rejected(SendError):
    """Discord refused the message itself; trying again would get the same answer."""


class Unsure(SendError):
    """Whether a part reached the channel cannot be told: sending it again might post it twice."""


def classify(exc: BaseException, *, webhook: bool) -> SendError:
    if isinstance(exc, discord.NotFound):
        if exc.code == 10003:
            return Broken("the channel was deleted")
        if exc.code == 10015 or webhook:
            return Broken("the webhook was deleted")
        return Broken(f"Discord cannot find the channel ({exc.code})")
    if isinstance(exc, discord.Forbidden):
        if exc.code == 50001:
            return Broken("I cannot see the channel (View Channel is missing)")
        return Broken("I may not post there (Send Messages or Embed Links is missing)")
    if isinstance(exc, discord.DiscordServerError):
        return Transient(f"Discord had a server error ({exc.status})")
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429:
            return Transient("rate limited by Discord")
        if exc.status == 401 and webhook:
            return Broken("the webhook's token is no longer valid")
        return Rejected(f"Discord refused the message ({exc.status}, code {exc.code}): {exc.text[:200]}")
    if isinstance(exc, aiohttp.ClientError | OSError | TimeoutError | discord.ConnectionClosed):
        return Transient(f"the connection to Discord failed ({type(exc).__name__})")
    raise exc


def allowed_mentions(sub: Subscription) -> discord.AllowedMentions:
    """The only mention a post may make: the role its subscription pings (update posts may
    name one), never anyone or anything a source's text names."""
    role_id = getattr(sub, "ping_role_id", None)
    if not role_id:
        return NO_MENTIONS
    return discord.AllowedMentions(everyone=False, users=False, replied_user=False, roles=[discord.Object(role_id)])


def _snowflake_after(instant: dt.datetime) -> int:
    return discord.utils.time_snowflake(instant, high=False)


class DiscordSender:
    """Sends through `bot`, paced by one limiter for every digest."""

    def __init__(self, bot: commands.Bot, limiter: SlidingWindow | None = None) -> None:
        self.bot = bot
        self.limiter = limiter or SlidingWindow(*DISCORD_GLOBAL)

    def _check_permissions(self, sub: Subscription, part: Part) -> None:
        """Refuse early what Discord would refuse, when the channel is in the bot's cache."""
        channel = self.bot.get_channel(sub.channel_id)
        if sub.webhook_url or not isinstance(channel, discord.abc.GuildChannel):
            return
        perms = channel.permissions_for(channel.guild.me)
        if not perms.view_channel:
            raise Broken("I cannot see the channel (View Channel is missing)")
        if not perms.send_messages:
            raise Broken("I may not post there (Send Messages is missing)")
        if part.cards and not perms.embed_links:
            raise Broken("I may not post embeds there (Embed Links is missing)")

    async def send(self, sub: Subscription, part: Part, *, nonce: str) -> int:
        """Post one part; returns its message id. The nonce makes Discord answer a repeat of
        the same request with the first message instead of posting again."""
        self._check_permissions(sub, part)
        embeds = [to_embed(card) for card in part.cards]
        await self.limiter.acquire()
        try:
            if sub.webhook_url:
                webhook_id, token = parse_webhook_url(sub.webhook_url, discord.http.Route.BASE)
                hook = discord.Webhook.partial(webhook_id, token, client=self.bot)
                message = await hook.send(content=part.content or discord.utils.MISSING, embeds=embeds,
                                          wait=True, allowed_mentions=allowed_mentions(sub))
            else:
                channel = self.bot.get_partial_messageable(sub.channel_id, guild_id=sub.guild_id)
                message = await channel.send(content=part.content, embeds=embeds, nonce=nonce,
                                             allowed_mentions=allowed_mentions(sub))
        except (discord.DiscordException, aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise classify(exc, webhook=bool(sub.webhook_url)) from exc
        return message.id

    async def find(self, sub: Subscription, part: Part, *, since: dt.datetime) -> int | None:
        """The id of `part` if it is already in the channel (posted just before a crash), None
        when it is not; `Unsure` when the channel cannot be read."""
        cached = self.bot.get_channel(sub.channel_id)
        if isinstance(cached, discord.abc.GuildChannel) and not cached.permissions_for(cached.guild.me).read_message_history:
            # Without it Discord answers with no messages at all, not an error: "not there" would be a guess.
            raise Unsure("I may not read the channel's history (Read Message History is missing)")
        channel = self.bot.get_partial_messageable(sub.channel_id, guild_id=sub.guild_id)
        me = self.bot.user.id if self.bot.user else None
        after = discord.Object(_snowflake_after(since - _HISTORY_SLACK))
        await self.limiter.acquire()
        try:
            async for message in channel.history(limit=100, after=after):
                author = message.webhook_id if sub.webhook_url else message.author.id
                if sub.webhook_url and not message.webhook_id:
                    continue
                if not sub.webhook_url and author != me:
                    continue
                if _marker(message) == part.marker:
                    return message.id
        except (discord.DiscordException, aiohttp.ClientError, OSError, TimeoutError) as exc:
            # A webhook sends no nonce, and a bot's nonce is forgotten after a few minutes:
            # without the channel's history nothing tells a posted part from a lost one.
            log.warning("could not read #%s to check for a part posted before a restart: %s", sub.channel_id, exc)
            reason = getattr(exc, "text", "") or type(exc).__name__
            raise Unsure(f"I could not read the channel's history to check ({reason[:100]})") from exc
        return None

    async def notify(self, channel_id: int, text: str) -> bool:
        """A plain notice for the admins; False when it could not be posted."""
        await self.limiter.acquire()
        try:
            await self.bot.get_partial_messageable(channel_id).send(text, allowed_mentions=NO_MENTIONS)
        except (discord.DiscordException, aiohttp.ClientError, OSError, TimeoutError) as exc:
            log.warning("could not tell the admins in #%s: %s", channel_id, exc)
            return False
        return True


def _marker(message: discord.Message) -> str:
    if message.embeds:
        return message.embeds[-1].footer.text or ""
    return message.content or ""

