"""Settings: the documented example is valid, the environment overrides the file, bad values are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_file_is_valid_and_equals_the_defaults(tmp_path):
    (tmp_path / "config.toml").write_text((ROOT / "config.example.toml").read_text())
    (tmp_path / "empty.toml").write_text("")
    example = load_settings(tmp_path / "config.toml", environ={})
    assert example == load_settings(tmp_path / "empty.toml", environ={})
    assert example.paths.seeds == tmp_path / "seeds"
    assert example.database.url == f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}"


def test_environment_overrides_the_file_and_shortcuts_work(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[digest]\ndefault_timezone = "Europe/Kyiv"\ndefault_time = "07:30"\n')
    settings = load_settings(config, environ={"BOT_DIGEST__DEFAULT_TIME": "08:15", "DISCORD_TOKEN": "abc.def",
                                              "BOT_DISCORD__DEV_GUILD_IDS": "[1, 2]"})
    assert settings.digest.default_timezone == "Europe/Kyiv"
    assert settings.digest.default_time == "08:15"
    assert settings.discord.token.get_secret_value() == "abc.def"
    assert settings.discord.dev_guild_ids == [1, 2]
    assert "abc.def" not in repr(settings)


def test_state_lives_under_the_data_folder_unless_set(tmp_path):
    (tmp_path / "empty.toml").write_text("")
    settings = load_settings(tmp_path / "empty.toml", environ={"BOT_PATHS__DATA": str(tmp_path / "state")})
    assert settings.database.url == f"sqlite+aiosqlite:///{tmp_path / 'state' / 'bot.db'}"
    assert settings.discord.sync_state_file == tmp_path / "state" / "command-sync.json"
    assert settings.paths.removed == tmp_path / "state" / "removed-sources"
    secret = Settings(database={"url": "postgresql+asyncpg://bot:hunter2@db.example/bot"})
    assert "hunter2" not in repr(secret)


@pytest.mark.parametrize(("toml", "expected"), [
    ('[digest]\ndefault_timezone = "Europe"\n', "digest.default_timezone: unknown timezone 'Europe'"),
    ('[digest]\ndefault_time = "9am"\n', "digest.default_time: '9am' is not a time of day as HH:MM"),
    ('[digest]\n[[digest.subscriptions]]\nchannel_id = "general"\n', "digest.subscriptions[0].channel_id: input should be a valid integer"),
    ('[discord]\ntoken_file = "x"\n', "discord.token_file: unknown setting"),
    ('[database]\nurl = "mysql://x"\n', "database.url: use sqlite+aiosqlite:///path.db or postgresql+asyncpg://"),
    ("[digest\n", "Expected ']'"),
])
def test_bad_values_are_reported_as_file_key_problem(tmp_path, toml, expected):
    config = tmp_path / "config.toml"
    config.write_text(toml)
    with pytest.raises(SettingsError) as caught:
        load_settings(config, environ={})
    assert caught.value.lines[0].startswith(f"{config}: ")
    assert expected in caught.value.lines[0]


def test_a_named_config_file_that_is_missing_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="no such file"):
        load_settings(tmp_path / "nope.toml", environ={})
