"""Settings from every source (file, environment, `.env`, `BOT_CONFIG`, options): each problem is
one line `source: key: problem` naming the file or the variable, the bot stops with exit 2 and no
traceback, and relative paths are taken from the config file's folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def problems(*args, **kwargs) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        load_settings(*args, **kwargs)
    return caught.value.lines


def test_a_value_of_the_wrong_type_names_the_file_and_key(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[paths]\ndata = 5\n")
    assert problems(config, environ={}) == [f"{config}: paths.data: should be a path written as text (got int)"]


def test_a_bad_variable_is_blamed_on_the_variable_not_the_file(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[digest]\ndefault_time = "08:00"\n')
    assert problems(config, environ={"BOT_DISCORD__DEV_GUILD_IDS": "abc"}) == [
        "BOT_DISCORD__DEV_GUILD_IDS: discord.dev_guild_ids: 'abc' is not a JSON list "
        "(write e.g. [123456789012345678, 234567890123456789])"]
    assert problems(config, environ={"BOT_DISCORD__DEV_GUILD_IDS": '["x"]'}) == [
        "BOT_DISCORD__DEV_GUILD_IDS: discord.dev_guild_ids[0]: input should be a valid integer, "
        "unable to parse string as an integer"]
    assert problems(config, environ={"BOT_DIGEST__SUBSCRIPTIONS": "general"}) == [
        "BOT_DIGEST__SUBSCRIPTIONS: digest.subscriptions: 'general' is not a JSON list "
        """(write e.g. [{"channel_id": 123456789012345678, "time": "08:00"}])"""]
    assert problems(config, environ={"BOT_DIGEST__DEFAULT_TIMEZONE": "Mars/Olympus"}) == [
        "BOT_DIGEST__DEFAULT_TIMEZONE: digest.default_timezone: unknown timezone 'Mars/Olympus' "
        "(use an IANA name such as Europe/Kyiv)"]


@pytest.mark.parametrize("name", ["BOT_DIGEST__DEFAULT_TIMEZON", "BOT_DIGSET__DEFAULT_TIME", "BOT_TOKEN"])
def test_an_unknown_bot_variable_is_refused_like_an_unknown_key(tmp_path, name):
    (tmp_path / "config.toml").write_text("")
    (line,) = problems(tmp_path / "config.toml", environ={name: "x"})
    assert line.startswith(f"{name}: unknown setting (variables are BOT_<SECTION>__<KEY>")


def test_bot_config_naming_a_folder_or_nothing(tmp_path):
    assert problems(environ={"BOT_CONFIG": str(tmp_path)}) == [
        f"BOT_CONFIG: {tmp_path}: is a folder, not a settings file"]
    assert problems(environ={"BOT_CONFIG": str(tmp_path / "nope.toml")}) == [
        f"BOT_CONFIG: {tmp_path / 'nope.toml'}: no such file"]
    assert problems(tmp_path, environ={}) == [f"{tmp_path}: is a folder, not a settings file"]


def test_every_problem_is_listed_at_once(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[paths]\ndata = 5\n[digest]\ndefault_time = "9am"\n')
    lines = problems(config, environ={"BOT_LOG__LEVEL": "LOUD", "BOT_NOPE__X": "1"})
    assert lines[0].startswith("BOT_NOPE__X: unknown setting")
    assert f"{config}: paths.data: should be a path written as text (got int)" in lines
    assert f"{config}: digest.default_time: '9am' is not a time of day as HH:MM (24-hour clock)" in lines
    assert any(line.startswith("BOT_LOG__LEVEL: log.level: input should be") for line in lines)
    assert len(lines) == 4


def test_relative_paths_are_taken_from_the_config_files_folder(tmp_path, monkeypatch):
    folder = tmp_path / "deploy"
    folder.mkdir()
    (folder / "config.toml").write_text('[paths]\nseeds = "articles"\ndata = "state"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    settings = load_settings(folder / "config.toml", environ={})
    assert settings.paths.seeds == folder / "articles"
    assert settings.paths.summaries == folder / "summaries"  # a default, also beside the file
    assert settings.paths.removed == folder / "state" / "removed-sources"
    assert settings.discord.sync_state_file == folder / "state" / "command-sync.json"
    assert settings.database.url == f"sqlite+aiosqlite:///{folder / 'state' / 'bot.db'}"
    # A variable or an option is typed in the current directory, so it is taken from there.
    settings = load_settings(folder / "config.toml", environ={"BOT_PATHS__DATA": "run"}, paths={"seeds": "mine"})
    assert settings.paths.data == elsewhere / "run"
    assert settings.database.url == f"sqlite+aiosqlite:///{elsewhere / 'run' / 'bot.db'}"
    assert settings.paths.seeds == elsewhere / "mine"


def test_a_missing_seeds_folder_names_where_the_setting_came_from(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[paths]\nseeds = "articles"\n')
    hint = "(the articles the bot serves; set [paths] seeds, BOT_PATHS__SEEDS or --seeds)"
    assert problems(config, environ={}, require_seeds=True) == [
        f"{config}: paths.seeds: {tmp_path / 'articles'}: no such folder {hint}"]
    assert problems(config, environ={"BOT_PATHS__SEEDS": str(config)}, require_seeds=True) == [
        f"BOT_PATHS__SEEDS: paths.seeds: {config}: is not a folder {hint}"]
    (tmp_path / "articles").mkdir()
    assert load_settings(config, environ={}, require_seeds=True).paths.seeds == tmp_path / "articles"


def test_dot_env_is_read_and_the_environment_wins(tmp_path):
    (tmp_path / "config.toml").write_text("")
    env_file = tmp_path / ".env"
    env_file.write_text('# local settings\nDISCORD_TOKEN="from.dotenv"\n'
                        "export BOT_DIGEST__DEFAULT_TIMEZONE=Europe/Kyiv\nBOT_DIGEST__DEFAULT_TIME=07:00\n")
    settings = load_settings(tmp_path / "config.toml", environ={"BOT_DIGEST__DEFAULT_TIME": "08:30"},
                             env_file=env_file)
    assert settings.discord.token.get_secret_value() == "from.dotenv"
    assert settings.digest.default_timezone == "Europe/Kyiv"
    assert settings.digest.default_time == "08:30"
    env_file.write_text("DISCORD_TOKEN=x\nBOT_DISCORD__DEV_GUILD_IDS=abc\n")
    assert problems(tmp_path / "config.toml", environ={}, env_file=env_file) == [
        f"{env_file}:2: BOT_DISCORD__DEV_GUILD_IDS: discord.dev_guild_ids: 'abc' is not a JSON list "
        "(write e.g. [123456789012345678, 234567890123456789])"]


# -- as a person starting the bot sees it ------------------------------------------------------

def start(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.upper().startswith("BOT_") and k != "DISCORD_TOKEN"}
    environ |= {"PYTHONPATH": str(ROOT)} | env
    return subprocess.run([sys.executable, "-m", "bot", "console", *args, "--once", "/status"],
                          capture_output=True, text=True, cwd=cwd, env=environ, timeout=120)


@pytest.mark.parametrize(("config", "env", "expected"), [
    ("[paths]\ndata = 5\n", {}, "{config}: paths.data: should be a path written as text (got int)"),
    ("", {"BOT_DISCORD__DEV_GUILD_IDS": "abc"}, "BOT_DISCORD__DEV_GUILD_IDS: discord.dev_guild_ids: 'abc' is not a JSON list"),
    ("", {"BOT_DIGEST__TIMEZONE": "UTC"}, "BOT_DIGEST__TIMEZONE: unknown setting"),
    ("", {"BOT_CONFIG": "{tmp}"}, "BOT_CONFIG: {tmp}: is a folder, not a settings file"),
    ("", {"BOT_CONFIG": "{tmp}/missing.toml"}, "BOT_CONFIG: {tmp}/missing.toml: no such file"),
    ('[paths]\nseeds = "nowhere"\n', {}, "{config}: paths.seeds: {tmp}/nowhere: no such folder"),
])
def test_the_bot_stops_with_source_key_problem_and_exit_2(tmp_path, config, env, expected):
    (tmp_path / "config.toml").write_text(config)
    fill = {"tmp": str(tmp_path), "config": str(tmp_path / "config.toml")}
    env = {"BOT_CONFIG": str(tmp_path / "config.toml")} | {k: v.format(**fill) for k, v in env.items()}
    proc = start(cwd=tmp_path, env=env)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == "The settings cannot be used:"
    assert proc.stderr.splitlines()[1].startswith("  " + expected.format(**fill))
    assert proc.stdout == ""


def test_started_from_elsewhere_the_bot_serves_the_seeds_beside_its_config(tmp_path):
    import shutil

    deploy = tmp_path / "deploy"
    shutil.copytree(ROOT / "seeds", deploy / "seeds")
    shutil.copytree(ROOT / "summaries", deploy / "summaries")
    (deploy / "config.toml").write_text("")
    proc = start("--config", str(deploy / "config.toml"), cwd=tmp_path, env={})
    assert proc.returncode == 0, proc.stderr
    assert "2 sources" in " ".join(proc.stdout.split())


# -- whatever is written, a line per problem and never a traceback --------------------------------

_KEYS = [(section, key) for section, field in Settings.model_fields.items() if section != "feeds"  # [[feeds]]: a list
         for key in field.annotation.model_fields] + [("digest", "nope")]
_SCALARS = st.one_of(st.integers(-(2**70), 2**70), st.booleans(), st.text(max_size=30),
                     st.floats(allow_nan=False, allow_infinity=False))
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file_values=st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=4),
       env_values=st.dictionaries(st.sampled_from(_KEYS), st.text(max_size=30).filter(lambda v: "\x00" not in v),
                                  max_size=3))
def test_any_values_from_the_file_or_the_environment_give_lines_not_tracebacks(tmp_path, file_values, env_values):
    sections: dict[str, list[str]] = {}
    for (section, key), value in file_values.items():
        sections.setdefault(section, []).append(f"{key} = {json.dumps(value)}")  # JSON scalars and lists are TOML
    config = tmp_path / "config.toml"
    config.write_text("".join(f"[{s}]\n" + "\n".join(lines) + "\n" for s, lines in sections.items()))
    environ = {f"BOT_{s}__{k}".upper(): v for (s, k), v in env_values.items()}
    try:
        load_settings(config, environ=environ)
    except SettingsError as exc:
        assert exc.lines
        for line in exc.lines:
            assert line.startswith((f"{config}: ", "BOT_")), line
            assert "Traceback" not in line
