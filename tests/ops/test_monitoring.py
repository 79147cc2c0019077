"""/healthz, /metrics and /about while the bot runs on the loopback Discord."""

from __future__ import annotations

import asyncio
import json
import re

from prometheus_client.parser import text_string_to_metric_families

from bot import __version__
from bot.digest import subscriptions


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text exposition, by name and labels (parsed, so the format is checked)."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_healthz_reports_every_check_while_the_bot_runs(start_ops_bot):
    async with start_ops_bot() as bot:
        status, content_type, body = await bot.get("/healthz")
    assert status == 200
    assert content_type.startswith("application/json")
    report = json.loads(body)
    assert report["ok"] is True
    assert report["checks"] == {
        "gateway": {"ok": True, "detail": "connected, 1 server(s)"},
        "story": {"ok": True, "detail": "2 source(s)"},
        "database": {"ok": True, "detail": "sqlite"},
        "scheduler": {"ok": True, "detail": "0 job(s) scheduled"},
    }


async def test_healthz_is_503_while_the_gateway_is_down(start_ops_bot, discord_server):
    async with start_ops_bot() as bot:
        with discord_server.faults.gateway_down():
            await discord_server.faults.drop_gateway()
            for _ in range(200):
                status, _, body = await bot.get("/healthz")
                if status == 503:
                    break
                await asyncio.sleep(0.02)
        assert status == 503
        report = json.loads(body)
        assert report["ok"] is False
        assert report["checks"]["gateway"] == {"ok": False, "detail": "not connected to Discord"}
        assert report["checks"]["story"]["ok"] and report["checks"]["database"]["ok"]
        for _ in range(300):  # back once the gateway is
            if (await bot.get("/healthz"))[0] == 200:
                break
            await asyncio.sleep(0.02)
        assert (await bot.get("/healthz"))[0] == 200


async def test_metrics_count_commands_reloads_digests_and_the_story(start_ops_bot, discord_driver):
    async with start_ops_bot() as bot:
        status, content_type, body = await bot.get("/metrics")
        assert status == 200
        assert content_type.startswith("text/plain; version=0.0.4")
        before = samples(body)
        assert value(before, "bot_story_items", kind="sources") == 2
        quotes = len(bot.runtime.briefings.current.quotes)
        assert quotes > 0 and value(before, "bot_story_items", kind="quotes") == quotes
        assert value(before, "bot_reloads_total", outcome="ok") == 1  # the first load
        assert value(before, "bot_commands_total", command="status", outcome="ok") == 0

        await discord_driver.invoke("/status")
        await discord_driver.invoke("/status")
        await discord_driver.invoke("/reload", member=discord_driver.admin)
        discord_driver.allow_command("reload")
        await discord_driver.invoke("/reload", member=discord_driver.member)  # refused by the bot
        await discord_driver.invoke("/digest subscribe", member=discord_driver.admin, channel="general")
        await discord_driver.invoke("/digest now", member=discord_driver.admin, channel="general")
        after = samples((await bot.get("/metrics"))[2])
        _, open_type, open_body = await bot.get("/metrics", Accept="application/openmetrics-text; version=1.0.0")
    assert open_type.startswith("application/openmetrics-text")
    assert open_body.endswith("# EOF\n")
    assert value(after, "bot_commands_total", command="status", outcome="ok") == 2
    assert value(after, "bot_command_seconds_count", command="status") == 2
    assert 0 < value(after, "bot_command_seconds_sum", command="status") < 5
    assert value(after, "bot_commands_total", command="reload", outcome="ok") == 1
    assert value(after, "bot_commands_total", command="reload", outcome="refused") == 1
    assert value(after, "bot_commands_total", command="digest subscribe", outcome="ok") == 1
    assert value(after, "bot_reloads_total", outcome="ok") == 2
    assert value(after, "bot_reloads_total", outcome="refused") == 0
    assert value(after, "bot_digests_total", outcome="sent") == 1
    assert value(after, "bot_digests_total", outcome="failed") == 0
    assert value(after, "bot_story_loaded_timestamp_seconds") > 1_600_000_000


async def test_an_unexpected_error_is_counted(start_ops_bot, discord_driver, monkeypatch):
    import bot.answers.status as status

    def broken(ctx):
        raise RuntimeError("disk on fire")

    async with start_ops_bot() as bot:
        monkeypatch.setattr(status, "answer", broken)
        await discord_driver.invoke("/status")
        bot.running.clear_errors()
        found = samples((await bot.get("/metrics"))[2])
    assert value(found, "bot_commands_total", command="status", outcome="error") == 1


async def test_about_tells_admins_version_uptime_story_digests_and_failures(start_ops_bot, discord_driver,
                                                                           discord_server, monkeypatch):
    import bot.answers.status as status

    async with start_ops_bot() as bot:
        first = await discord_driver.invoke("/about", member=discord_driver.admin)
        await discord_driver.invoke("/digest subscribe", member=discord_driver.admin, channel="general",
                                    time="07:30")
        await discord_driver.invoke("/digest subscribe", member=discord_driver.admin, channel="announcements")
        announcements = await subscriptions.get(bot.runtime.db, channel_id=int(discord_server.channel("announcements").id))
        await subscriptions.mark_failing(bot.runtime.db, announcements.id, "the bot may not post there (403)",
                                         bot.runtime.clock())
        monkeypatch.setattr(status, "answer", lambda ctx: 1 / 0)
        failed = await discord_driver.invoke("/status")
        bot.running.clear_errors()
        second = await discord_driver.invoke("/about", member=discord_driver.admin)
    briefing = bot.runtime.briefings.current
    assert first.ephemeral
    lines = first.text.splitlines()
    assert lines[0] == f"**Diplomacy briefing bot {__version__}**, up 0 min"
    assert re.fullmatch(rf"Story: 2 sources, {len(briefing.quotes)} quotes, {len(briefing.events)} events, "
                        r"loaded <t:\d+:R>; newest source published \d\d [A-Z][a-z]{2} 2025", lines[1])
    assert lines[2] == "Next digests: none in this server (/digest subscribe starts one)"
    assert lines[3] == "Last failures: none since the start"
    error_id = failed.text.split("`")[1]
    general = discord_server.channel("general").id
    lines = second.text.splitlines()
    assert re.fullmatch(rf"Next digests: <#{general}> <t:\d+:f>", lines[2])
    assert lines[3] == f"Stopped digest: <#{announcements.channel_id}>: the bot may not post there (403)"
    assert lines[4] == "Last failures (newest first; details in the log):"
    assert re.fullmatch(rf"- <t:\d+:f> `bot.errors`: command failed \[error id {error_id}\]", lines[5])



async def test_about_shows_the_bots_failures_to_operators_only(start_ops_bot, discord_driver, discord_server,
                                                              monkeypatch):
    import bot.answers.status as status

    elsewhere, channels = discord_server.add_guild("Elsewhere")
    their_admin = discord_server.add_member("their-admin", permissions=["manage_guild"], guild=elsewhere)
    async with start_ops_bot() as bot:
        monkeypatch.setattr(status, "answer", lambda ctx: 1 / 0)
        await discord_driver.invoke("/status")
        bot.running.clear_errors()
        theirs = await discord_driver.invoke("/about", member=their_admin, channel=channels["general"])
        ours = await discord_driver.invoke("/about", member=discord_driver.admin)
    assert theirs.text.splitlines()[-1] == "Last failures: shown to the bot's operators only (they can concern any server)"
    assert "command failed [error id" not in theirs.text
    assert "command failed [error id" in ours.text
