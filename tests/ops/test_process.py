"""`python -m bot run` as operators start it: JSON logs, the READY line, the health endpoint, SIGTERM."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import socket
import sys
from types import SimpleNamespace

import aiohttp
import pytest

from bot.ops.health import HealthPortUnavailable, serving
from bot.ops.logs import JsonFormatter
from bot.settings import Settings
from tests.bot_fixtures import ROOT, copy_seeds
from tests.ops.conftest import free_port


async def healthz_once_ok(url: str) -> dict:
    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            async with http.get(url) as response:
                report = await response.json()
                assert response.status == (200 if report["ok"] else 503)
                if report["ok"]:
                    return report
            await asyncio.sleep(0.05)
    return report


def toml_config(server, tmp_path, port: int) -> str:
    return f"""
[discord]
token = "{server.token}"
api_base = "{server.api_base}"
gateway_url = "{server.gateway_url}"
guild_ready_timeout = 0.05

[paths]
seeds = "{tmp_path / 'seeds'}"
summaries = "{tmp_path / 'summaries'}"
data = "{tmp_path / 'data'}"

[health]
port = {port}
"""


async def test_run_logs_json_lines_and_serves_health(discord_server, tmp_path):
    copy_seeds(tmp_path)
    port = free_port()
    config = tmp_path / "config.toml"
    config.write_text(toml_config(discord_server, tmp_path, port))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config), "--log-format", "json",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    lines: list[str] = []
    try:
        async with asyncio.timeout(30):
            while not any('"ready as ' in line for line in lines):
                line = (await proc.stderr.readline()).decode()
                assert line, "the bot stopped before READY:\n" + "".join(lines)
                lines.append(line)
            # The digest scheduler starts just after READY: healthy within moments.
            report = await healthz_once_ok(f"http://127.0.0.1:{port}/healthz")
            assert report["ok"] is True, report
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert out == b"", "logs go to stderr; stdout stays empty"
    lines += err.decode().splitlines(keepends=True)
    assert proc.returncode == 0, "".join(lines)
    records = [json.loads(line) for line in lines if line.strip()]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    (ready,) = [r for r in records if r["message"].startswith("ready as ")]
    assert ready["logger"] == "bot.client" and ready["level"] == "INFO"
    assert "invite: https://discord.com/oauth2/authorize?client_id=" in ready["message"]
    assert any(r["message"] == f"health and metrics on http://127.0.0.1:{port}/healthz and "
               f"http://127.0.0.1:{port}/metrics" for r in records)


def test_json_lines_carry_the_error_id_and_the_traceback():
    try:
        raise RuntimeError("disk on fire")
    except RuntimeError:
        record = logging.getLogger("bot.errors").makeRecord(
            "bot.errors", logging.ERROR, __file__, 1, "command failed [error id %s]", ("0badc0de",),
            sys.exc_info(), extra={"error_id": "0badc0de"})
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "command failed [error id 0badc0de]"
    assert data["error_id"] == "0badc0de"
    assert data["level"] == "ERROR" and data["logger"] == "bot.errors"
    assert data["traceback"].endswith("RuntimeError: disk on fire")


async def test_a_health_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bot = SimpleNamespace(runtime=SimpleNamespace(settings=Settings(health={"port": port})))
        with pytest.raises(HealthPortUnavailable, match=rf"^\[health\] port {port} on 127.0.0.1: "):
            async with serving(bot):
                pass
