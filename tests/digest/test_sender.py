"""How Discord's answers are sorted: stop the subscription, retry later, or give up on the run."""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp
import discord
import pytest

from bot.digest.sender import Broken, Rejected, Transient, classify


def answer(kind: type[discord.HTTPException], status: int, code: int, message: str) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason=message)
    return kind(response, {"code": code, "message": message})


@pytest.mark.parametrize(("error", "webhook", "sorted_as", "reason"), [
    (answer(discord.NotFound, 404, 10003, "Unknown Channel"), False, Broken, "the channel was deleted"),
    (answer(discord.NotFound, 404, 10015, "Unknown Webhook"), True, Broken, "the webhook was deleted"),
    (answer(discord.Forbidden, 403, 50013, "Missing Permissions"), False, Broken,
     "I may not post there (Send Messages or Embed Links is missing)"),
    (answer(discord.Forbidden, 403, 50001, "Missing Access"), False, Broken,
     "I cannot see the channel (View Channel is missing)"),
    (answer(discord.HTTPException, 401, 50027, "Invalid Webhook Token"), True, Broken,
     "the webhook's token is no longer valid"),
    (answer(discord.DiscordServerError, 503, 0, "Service Unavailable"), False, Transient,
     "Discord had a server error (503)"),
    (answer(discord.HTTPException, 429, 0, "You are being rate limited."), False, Transient, "rate limited by Discord"),
    (aiohttp.ServerDisconnectedError(), False, Transient, "the connection to Discord failed (ServerDisconnectedError)"),
    (ConnectionResetError(), False, Transient, "the connection to Discord failed (ConnectionResetError)"),
    (TimeoutError(), False, Transient, "the connection to Discord failed (TimeoutError)"),
    (answer(discord.HTTPException, 400, 50035, "Invalid Form Body"), False, Rejected,
     "Discord refused the message (400, code 50035): Invalid Form Body"),
])
def test_errors_are_sorted_by_what_to_do_about_them(error, webhook, sorted_as, reason):
    got = classify(error, webhook=webhook)
    assert (type(got), got.reason) == (sorted_as, reason)


def test_a_bug_of_ours_is_not_mistaken_for_a_discord_problem():
    with pytest.raises(KeyError):
        classify(KeyError("oops"), webhook=False)
