"""A minimal discord.py bot for exercising the loopback Discord: nothing in it knows about
tests; it is pointed at the server by configuration alone (see ``running_bot``)."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

SPEAKERS = [
    "Trump", "Putin", "Zelensky", "Xi", "Macron", "Scholz", "Sunak", "Starmer", "Modi", "Lula",
    "Erdogan", "Netanyahu", "Abbas", "Guterres", "Stoltenberg", "Rutte", "Blinken", "Lavrov",
    "Kuleba", "Sybiha", "Wang", "Meloni", "Sanchez", "Tusk", "Orban", "Fico", "Kishida",
    "Ishiba", "Albanese", "Trudeau",
]


class VoteView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Yes", style=discord.ButtonStyle.success, custom_id="vote:yes")
    async def yes(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"{interaction.user.name} voted yes", view=None)

    @discord.ui.button(label="No", style=discord.ButtonStyle.danger, custom_id="vote:no")
    async def no(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message("Noted: no", ephemeral=True)


class TopicSelect(discord.ui.View):
    @discord.ui.select(
        custom_id="topic",
        placeholder="Pick topics",
        max_values=2,
        options=[discord.SelectOption(label=t, value=t.lower()) for t in ("Ceasefire", "Sanctions", "Trade")],
    )
    async def topic(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_message(f"Following: {', '.join(select.values)}", ephemeral=True)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    opinion = discord.ui.TextInput(label="Your opinion", custom_id="opinion", max_length=200)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Thanks: {self.opinion.value}", ephemeral=True)


class MinimalBot(commands.Bot):
    def __init__(self, *, guild_ready_timeout: float = 0.02, slow_delay: float = 0.2, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            guild_ready_timeout=guild_ready_timeout,
            help_command=None,
            **options,
        )
        self.slow_delay = slow_delay
        self.late_delay = 0.5
        self.late_errors: list[discord.HTTPException] = []
        self.send_errors: list[discord.HTTPException] = []
        self.ready_count = 0
        self.resumed_count = 0
        _add_commands(self)

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_ready(self) -> None:
        self.ready_count += 1

    async def on_resumed(self) -> None:
        self.resumed_count += 1


def _add_commands(bot: MinimalBot) -> None:
    tree = bot.tree

    @tree.command(description="Check that the bot answers")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong")

    @tree.command(description="Answer after thinking for a while")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(bot.slow_delay)
        await interaction.edit_original_response(content="done, slowly")

    @tree.command(description="Defer, then answer with follow-ups")
    async def report(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.followup.send("part one", ephemeral=True)
        await interaction.followup.send(embed=discord.Embed(title="Part two", description="details"))

    @tree.command(description="Vote with buttons")
    async def vote(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Do you agree?", view=VoteView())

    @tree.command(description="Choose topics from a menu")
    async def topics(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Which topics?", view=TopicSelect())

    @tree.command(description="Send feedback through a form")
    async def feedback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(FeedbackModal())

    @tree.command(description="Quote a speaker")
    @app_commands.describe(speaker="Who said it")
    async def quotes(interaction: discord.Interaction, speaker: str) -> None:
        embed = discord.Embed(title=f"Quotes by {speaker}", description="No quotes yet.")
        embed.set_footer(text="loopback")
        await interaction.response.send_message(embed=embed)

    @quotes.autocomplete("speaker")
    async def speaker_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        found = [s for s in SPEAKERS if s.lower().startswith(current.lower())]
        return [app_commands.Choice(name=s, value=s) for s in found[:25]]

    @tree.command(description="Post a message in a channel")
    @app_commands.describe(text="What to post", where="Where to post it")
    async def announce(
        interaction: discord.Interaction, text: str, where: discord.TextChannel | None = None
    ) -> None:
        channel = where or interaction.channel
        await interaction.response.defer(ephemeral=True)
        try:
            await channel.send(text)  # type: ignore[union-attr]
        except discord.HTTPException as exc:
            bot.send_errors.append(exc)
            await interaction.followup.send(f"Could not post: {exc.text}", ephemeral=True)
            return
        await interaction.followup.send("Posted.", ephemeral=True)

    @tree.command(description="Answer too late")
    async def late(interaction: discord.Interaction) -> None:
        await asyncio.sleep(bot.late_delay)
        try:
            await interaction.response.send_message("finally")
        except discord.HTTPException as exc:
            bot.late_errors.append(exc)

    @tree.command(description="Answer twice")
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("once")
        try:
            await interaction.followup.send("followed up")
            # A second callback is not allowed: discord.py refuses before sending, so send it raw.
            await interaction._state.http.request(
                discord.http.Route(
                    "POST", "/interactions/{interaction_id}/{interaction_token}/callback",
                    interaction_id=interaction.id, interaction_token=interaction.token,
                ),
                json={"type": 4, "data": {"content": "twice"}},
            )
        except discord.HTTPException as exc:
            bot.late_errors.append(exc)

    @tree.command(description="Send an over-long message")
    async def toolong(interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message("x" * 2001)
        except discord.HTTPException as exc:
            bot.send_errors.append(exc)

    digest = app_commands.Group(name="digest", description="Daily digest")

    @digest.command(name="subscribe", description="Subscribe to the digest")
    @app_commands.describe(hour="Hour of the day (UTC)")
    async def subscribe(interaction: discord.Interaction, hour: app_commands.Range[int, 0, 23] = 8) -> None:
        await interaction.response.send_message(f"Subscribed at {hour:02d}:00", ephemeral=True)

    @digest.command(name="unsubscribe", description="Stop the digest")
    async def unsubscribe(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Unsubscribed", ephemeral=True)

    tree.add_command(digest)

    @tree.command(description="Change settings")
    @app_commands.default_permissions(manage_guild=True)
    async def settings(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Settings changed", ephemeral=True)


def make_bot(**kwargs: object) -> MinimalBot:
    return MinimalBot(**kwargs)  # type: ignore[arg-type]
