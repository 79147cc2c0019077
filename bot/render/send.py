"""Sending a Reply to an interaction: the first page, with buttons when there are more."""

from __future__ import annotations

import contextlib
import io

import discord

from bot.render.card import Attachment, Reply
from bot.render.embed import to_embed

NO_MENTIONS = discord.AllowedMentions.none()


class Pager(discord.ui.View):
    """◀ / ▶ through the pages of one answer; only the member who asked can turn them."""

    def __init__(self, reply: Reply, owner_id: int, *, timeout: float = 600) -> None:
        super().__init__(timeout=timeout)
        self.reply = reply
        self.owner_id = owner_id
        self.page = 0
        self.message: discord.InteractionMessage | None = None
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= len(self.reply.cards) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                "These buttons belong to the member who asked. Run the command yourself to browse.",
                ephemeral=True,
            )
            return False
        return True

    async def _show(self, interaction: discord.Interaction) -> None:
        self._sync()
        await interaction.response.edit_message(embed=to_embed(self.reply.cards[self.page]), view=self)

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.page = max(0, self.page - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.page = min(len(self.reply.cards) - 1, self.page + 1)
        await self._show(interaction)

    async def on_timeout(self) -> None:
        if self.message is None:
            return
        for item in self.children:
            item.disabled = True
        # The message may be gone; then the buttons simply stop working.
        with contextlib.suppress(discord.HTTPException):
            await self.message.edit(view=self)


def to_file(attachment: Attachment) -> discord.File:
    return discord.File(io.BytesIO(attachment.data), filename=attachment.filename,
                        description=attachment.description or None)


async def defer(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """Acknowledge now ("thinking…") and answer within 15 minutes."""
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    interaction.extras["public_defer"] = not ephemeral


async def drop_public_thinking(interaction: discord.Interaction) -> None:
    """Before a private answer to a public deferral: delete the public "thinking…" message, or
    the first follow-up would replace it and show everyone what only the asker should read."""
    if interaction.extras.pop("public_defer", False) and not interaction.extras.get("answered"):
        # Already gone (deleted by a moderator): the follow-up is a new message anyway.
        with contextlib.suppress(discord.NotFound):
            await interaction.delete_original_response()


async def reply_to(interaction: discord.Interaction, reply: Reply) -> None:
    """Answer (or follow up a deferred answer) with the reply's first page and a pager."""
    kwargs: dict = {"allowed_mentions": NO_MENTIONS}
    if reply.content:
        kwargs["content"] = reply.content
    if reply.files:
        kwargs["files"] = [to_file(a) for a in reply.files]
    pager = None
    if reply.cards:
        kwargs["embed"] = to_embed(reply.cards[0])
        if len(reply.cards) > 1:
            pager = Pager(reply, interaction.user.id)
            kwargs["view"] = pager
    message: discord.InteractionMessage | discord.WebhookMessage | None = None
    if reply.ephemeral:
        await drop_public_thinking(interaction)
    interaction.extras["answered"] = True
    if interaction.response.is_done():
        message = await interaction.followup.send(ephemeral=reply.ephemeral, wait=True, **kwargs)
    else:
        callback = await interaction.response.send_message(ephemeral=reply.ephemeral, **kwargs)
        # The callback's answer carries the message: no second request to fetch it.
        if isinstance(callback.resource, discord.InteractionMessage):
            message = callback.resource
    if pager is not None:
        pager.message = message or await interaction.original_response()
