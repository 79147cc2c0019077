"""The offline console: the same commands and answers as on Discord, in a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def bot(*args: str, tmp_path: Path, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BOT_") and k != "DISCORD_TOKEN"}
    environ |= {"BOT_PATHS__SEEDS": str(ROOT / "seeds"), "BOT_PATHS__SUMMARIES": str(tmp_path / "summaries"),
                "BOT_PATHS__DATA": str(tmp_path / "data"), "BOT_CONFIG": str(tmp_path / "config.toml")} | (env or {})
    if not (tmp_path / "config.toml").exists():
        (tmp_path / "config.toml").write_text("")
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=environ, timeout=120)


def squash(text: str) -> str:
    """Panel borders and line wrapping removed: the words as a reader sees them."""
    return " ".join(w for w in text.replace("│", " ").split() if set(w) - set("╭╮╰╯─"))


def test_once_runs_one_command_and_exits(tmp_path):
    proc = bot("console", "--once", "/quotes speaker:Trump", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = squash(proc.stdout)
    assert "Quotes by Donald Trump (U.S. President)" in text
    assert "“Ukraine should agree to this, IMMEDIATELY”" in text
    assert "“Ukraine should agree to this, IMMEDIATELY” reported by 2 sources [1, 2]" in text
    assert "[2] Zelensky Ready To Accept Face-To-Face Talks With Putin After Trump… · outlet not named" in text
    assert "<t:" not in text  # plain dates in a terminal
    assert "Sun 11 May 2025" in text


def test_once_accepts_several_commands_and_quoted_values(tmp_path):
    proc = bot("console", "--once", '/quotes contains:"ceasefire is needed"', "--once", "/who name:Macron",
               tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = squash(proc.stdout)
    assert "A ceasefire is needed now, so that talks can begin" in text
    assert "Role French President" in text


def test_once_with_a_wrong_option_explains_and_fails(tmp_path):
    proc = bot("console", "--once", "/quotes who:Trump", tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "Write options as name:value; /quotes has speaker, contains, source." in proc.stdout
    proc = bot("console", "--once", "/teleport", tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "/teleport is not a command. Try: /status, " in proc.stdout


def test_run_without_token_starts_the_console_with_the_status(tmp_path):
    proc = bot("run", tmp_path=tmp_path, stdin="/ask Where will the talks take place?\n/quit\n")
    assert proc.returncode == 0, proc.stderr
    first_line = proc.stdout.splitlines()[0]
    assert "No Discord token set" in first_line and "DISCORD_TOKEN" in first_line
    text = squash(proc.stdout)
    assert "Where things stand" in text and "2 sources" in text
    assert "Where will the talks take place? Istanbul" in text


def test_bad_settings_end_with_file_key_problem_and_no_traceback(tmp_path):
    (tmp_path / "config.toml").write_text('[digest]\ndefault_timezone = "Mars/Olympus"\n')
    proc = bot("run", tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{tmp_path / 'config.toml'}: digest.default_timezone: unknown timezone 'Mars/Olympus'" in proc.stderr


async def test_a_refused_token_ends_with_a_clear_message(tmp_path, discord_server):
    import asyncio

    (tmp_path / "config.toml").write_text("")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BOT_") and k != "DISCORD_TOKEN"}
    environ |= {"BOT_CONFIG": str(tmp_path / "config.toml"), "BOT_PATHS__DATA": str(tmp_path / "data"),
                "BOT_PATHS__SEEDS": str(ROOT / "seeds"),
                "BOT_PATHS__SUMMARIES": str(tmp_path / "summaries"), "DISCORD_TOKEN": "not-a-token",
                "BOT_DISCORD__API_BASE": discord_server.api_base, "BOT_DISCORD__GATEWAY_URL": discord_server.gateway_url}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=ROOT, env=environ,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 1
    assert "Discord refused the token: check DISCORD_TOKEN (or [discord] token)." in err.decode()
    assert "Traceback" not in err.decode()
    assert "not-a-token" not in err.decode() + out.decode()


def test_typed_text_is_never_read_as_terminal_markup(tmp_path):
    proc = bot("console", "--once", "/who name:[/b]", "--once", '/quotes contains:"unbalanced', tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "No one called “[/b]” appears in the sources." in proc.stdout


def test_help_lists_what_the_console_offers_and_discord_only_commands_say_so(tmp_path):
    proc = bot("console", "--once", "/help", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = squash(proc.stdout)
    for usage in ("/status", "/ask question [private]", "/digest preview", "/reload", "/source add, remove, restore",
                  "/source history", "/feed add, remove, list, log"):
        assert f"{usage} —" in text
    assert "/digest subscribe" not in text  # a channel's digest needs Discord
    proc = bot("console", "--once", "/digest subscribe time:08:00", tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "/digest subscribe works on Discord only. Try: /status" in proc.stdout


def test_digest_preview_reload_and_history_work_offline(tmp_path):
    proc = bot("console", "--once", "/digest preview", "--once", "/reload", "--once", "/source history",
               tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = squash(proc.stdout)
    # A fresh database has seen everything just now: all of it is new in the last 24 hours.
    assert "A digest covering the last 24 hours (UTC) would say:" in text
    assert "8 new events, 8 new quotes, 2 new sources." in text
    assert "New quotes Volodymyr Zelensky (Ukrainian President) · Mon 12 May 2025" in text
    assert "· outlet not named · Mon 12 May 2025 · new" in text
    assert "Reloaded Serving 2 sources, 8 quotes, 8 events. Nothing changed in the briefing." in text
    # The reload is on record as the console's, in the same database the bot uses.
    assert "UTC · console · reload ✅ Nothing changed in the briefing." in text
    assert (tmp_path / "data" / "bot.db").exists()


def test_timeline_writes_its_picture_and_prints_the_path(tmp_path):
    proc = bot("console", "--once", "/timeline", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "data" / "console" / "timeline.png"
    assert f"Picture: {path}" in proc.stdout
    from PIL import Image

    with Image.open(path) as image:
        assert (image.format, image.size) == ("PNG", (1000, 400))


def test_ask_private_is_accepted_and_a_channel_option_is_explained(tmp_path):
    proc = bot("console", "--once", "/ask question:Where will the talks take place? private:true", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "› Turkish President Erdogan, who has positioned himself as a mediator" in squash(proc.stdout)
    proc = bot("console", "--once", "/digest preview channel:general", tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "channel:… needs a Discord server; the console has none." in proc.stdout


def test_feeds_are_managed_offline_and_recorded(tmp_path):
    proc = bot("console", "--once", "/feed add url:https://example.org/feed.xml name:Example interval_minutes:60",
               "--once", "/feed list", "--once", "/feed remove id:1", "--once", "/source history", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = squash(proc.stdout)
    assert "Following feed `1`: https://example.org/feed.xml, polled every 60 minutes." in text
    assert "`1` Example · https://example.org/feed.xml" in text
    assert "No longer following feed `1` (Example). The sources it brought stay." in text
    assert "· console · feed add https://example.org/feed.xml ✅ added as feed 1" in text
    proc = bot("console", "--once", "/feed remove id:x", "--once", "/feed add url:https://example.org/x interval_minutes:2",
               tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "id is a whole number, not “x”." in proc.stdout
    assert "interval_minutes is from 5 to 1440." in proc.stdout
