"""Typed settings, one model per section, read from a TOML file with environment overrides.

Loaded by `load_settings()` when the bot starts, never at import time. Environment variables
override the file: `BOT_<SECTION>__<KEY>` (e.g. `BOT_DIGEST__DEFAULT_TIMEZONE`), plus the
usual shortcuts `DISCORD_TOKEN` and `DATABASE_URL`.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from pydantic_settings.sources.utils import parse_env_vars

DEFAULT_CONFIG = Path("config.toml")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class SettingsError(Exception):
    """Settings that cannot be used; each line reads `file: key: problem`."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def check_timezone(name: str) -> str:
    try:
        if len(name) > 64:
            raise ValueError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as "Europe"
        shown = name if len(name) <= 64 else name[:63] + "…"
        raise ValueError(f"unknown timezone {shown!r} (use an IANA name such as Europe/Kyiv)") from None
    return name


def parse_hhmm(value: str) -> time:
    match = _TIME.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a time of day as HH:MM (24-hour clock)")
    return time(int(match.group(1)), int(match.group(2)))


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DiscordSettings(_Section):
    token: SecretStr | None = None
    api_base: str = "https://discord.com/api/v10"
    gateway_url: str | None = None
    dev_guild_ids: list[int] = Field(default_factory=list)
    guild_ready_timeout: float = Field(default=2.0, ge=0)
    sync_state_file: Path = Path("data/command-sync.json")

    @field_validator("token")
    @classmethod
    def _blank_is_none(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            return None
        return value


class AdminSettings(_Section):
    role_ids: list[int] = Field(default_factory=list)
    user_ids: list[int] = Field(default_factory=list)


class PathSettings(_Section):
    seeds: Path = Path("seeds")
    summaries: Path = Path("summaries")
    removed: Path = Path("data/removed-sources")
    data: Path = Path("data")


class DatabaseSettings(_Section):
    # Not in repr: a PostgreSQL URL can carry a password.
    url: str = Field(default="sqlite+aiosqlite:///data/bot.db", repr=False)

    @field_validator("url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path.db or postgresql+asyncpg://user@host/db")
        return value


class SubscriptionSettings(_Section):
    channel_id: int
    time: str = "09:00"
    timezone: str | None = None
    quiet_day: Literal["skip", "note"] | None = None

    _time = field_validator("time")(lambda cls, v: (parse_hhmm(v), v)[1])
    _tz = field_validator("timezone")(lambda cls, v: v if v is None else check_timezone(v))


class DigestSettings(_Section):
    default_timezone: str = "UTC"
    default_time: str = "09:00"
    grace_hours: float = Field(default=6.0, ge=0, le=24)
    quiet_day: Literal["skip", "note"] = "note"
    upcoming_days: int = Field(default=7, ge=1, le=60)
    subscriptions: list[SubscriptionSettings] = Field(default_factory=list)

    _tz = field_validator("default_timezone")(lambda cls, v: check_timezone(v))
    _time = field_validator("default_time")(lambda cls, v: (parse_hhmm(v), v)[1])


class SourceSettings(_Section):
    fetch_timeout: float = Field(default=15.0, gt=0, le=120)
    max_bytes: int = Field(default=5_000_000, gt=0)
    allow_private_addresses: bool = False
    watch: bool = False


class LogSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["text", "json"] = "text"


class HealthSettings(_Section):
    port: int | None = Field(default=None, ge=1, le=65535)
    host: str = "127.0.0.1"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="BOT_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    admin: AdminSettings = Field(default_factory=AdminSettings)
    paths: PathSettings = Field(default_factory=PathSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    sources: SourceSettings = Field(default_factory=SourceSettings)
    log: LogSettings = Field(default_factory=LogSettings)
    health: HealthSettings = Field(default_factory=HealthSettings)

    @model_validator(mode="before")
    @classmethod
    def _under_data(cls, data: Any) -> Any:
        """The bot's own state defaults to files under [paths] data."""
        if not isinstance(data, dict):
            return data
        paths = data.get("paths")
        if paths is not None and not isinstance(paths, dict):
            return data
        root = Path((paths or {}).get("data", "data"))
        defaults = {
            "paths": {"removed": str(root / "removed-sources")},
            "database": {"url": f"sqlite+aiosqlite:///{root / 'bot.db'}"},
            "discord": {"sync_state_file": str(root / "command-sync.json")},
        }
        data = dict(data)
        for section, values in defaults.items():
            current = data.get(section, {})
            if isinstance(current, dict):
                data[section] = {**values, **current}
        return data

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings merges file, environment and overrides itself and passes them in.
        return (init_settings,)


class _Environment(EnvSettingsSource):
    """`BOT_SECTION__KEY` variables from a given mapping rather than the process's."""

    def __init__(self, environ: dict[str, str]) -> None:
        self._environ = environ
        super().__init__(Settings)

    def _load_env_vars(self) -> dict[str, str | None]:
        return parse_env_vars(self._environ, False, False, None)


def _shortcuts(environ: dict[str, str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    if environ.get("DISCORD_TOKEN") and not environ.get("BOT_DISCORD__TOKEN"):
        out["discord"] = {"token": environ["DISCORD_TOKEN"]}
    if environ.get("DATABASE_URL") and not environ.get("BOT_DATABASE__URL"):
        out["database"] = {"url": environ["DATABASE_URL"]}
    return out


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Read `path` (default `config.toml` when it exists), then the environment, then `overrides`."""
    env = dict(os.environ if environ is None else environ)
    explicit = path is not None or "BOT_CONFIG" in env
    path = Path(path or env.get("BOT_CONFIG") or DEFAULT_CONFIG)
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError([f"{path}: {exc}"]) from None
    elif explicit:
        raise SettingsError([f"{path}: no such file"])
    data = _merge(data, _shortcuts(env))
    data = _merge(data, _Environment(env)())
    data = _merge(data, overrides)
    try:
        return Settings(**data)
    except ValidationError as exc:
        raise SettingsError([f"{path}: {_key(e['loc'])}: {_problem(e)}" for e in exc.errors()]) from None


def _key(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts) or "(top level)"


def _problem(error: dict[str, Any]) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown setting"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]
