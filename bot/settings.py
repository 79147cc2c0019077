"""Typed settings, one model per section, read from a TOML file with environment overrides.

Loaded by `load_settings()` when the bot starts, never at import time. Environment variables
override the file: `BOT_<SECTION>__<KEY>` (e.g. `BOT_DIGEST__DEFAULT_TIMEZONE`), plus the
usual shortcuts `DISCORD_TOKEN` and `DATABASE_URL`.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable
from datetime import time
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from bot.feeds.settings import FeedReaderSettings, FeedSettings
from bot.section import Section
from bot.updates.settings import UpdateSettings

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


class DiscordSettings(Section):
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


class AdminSettings(Section):
    role_ids: list[int] = Field(default_factory=list)
    user_ids: list[int] = Field(default_factory=list)
    # Servers whose members with Manage Server are the bot's operators (sources and reloads).
    operator_guild_ids: list[int] = Field(default_factory=list)


class PathSettings(Section):
    seeds: Path = Path("seeds")
    summaries: Path = Path("summaries")
    removed: Path = Path("data/removed-sources")
    data: Path = Path("data")


class DatabaseSettings(Section):
    # Not in repr: a PostgreSQL URL can carry a password.
    url: str = Field(default="sqlite+aiosqlite:///data/bot.db", repr=False)

    @field_validator("url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path.db or postgresql+asyncpg://user@host/db")
        return value


class SubscriptionSettings(Section):
    channel_id: int
    time: str = "09:00"
    timezone: str | None = None
    quiet_day: Literal["skip", "note"] | None = None

    _time = field_validator("time")(lambda cls, v: (parse_hhmm(v), v)[1])
    _tz = field_validator("timezone")(lambda cls, v: v if v is None else check_timezone(v))


class DigestSettings(Section):
    default_timezone: str = "UTC"
    default_time: str = "09:00"
    grace_hours: float = Field(default=6.0, ge=0, le=24)
    quiet_day: Literal["skip", "note"] = "note"
    upcoming_days: int = Field(default=7, ge=1, le=60)
    subscriptions: list[SubscriptionSettings] = Field(default_factory=list)

    _tz = field_validator("default_timezone")(lambda cls, v: check_timezone(v))
    _time = field_validator("default_time")(lambda cls, v: (parse_hhmm(v), v)[1])


class SourceSettings(Section):
    fetch_timeout: float = Field(default=15.0, gt=0, le=120)
    max_bytes: int = Field(default=5_000_000, gt=0)
    allow_private_addresses: bool = False
    watch: bool = False


class LogSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["text", "json"] = "text"


class HealthSettings(Section):
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
    feeds: list[FeedSettings] = Field(default_factory=list)
    feed_reader: FeedReaderSettings = Field(default_factory=FeedReaderSettings)
    updates: UpdateSettings = Field(default_factory=UpdateSettings)

    @model_validator(mode="before")
    @classmethod
    def _under_data(cls, data: Any) -> Any:
        """The bot's own state defaults to files under [paths] data."""
        if not isinstance(data, dict):
            return data
        paths = data.get("paths")
        if paths is not None and not isinstance(paths, dict):
            return data
        root = (paths or {}).get("data", "data")
        if not isinstance(root, str | os.PathLike):
            return data  # the field's own check names the problem
        root = Path(root)
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


_ENV_PREFIX = "BOT_"
_SHORTCUTS = {"DISCORD_TOKEN": ("discord", "token"), "DATABASE_URL": ("database", "url")}
Key = tuple[str, str]


def _section_model(section: str) -> type[BaseModel] | None:
    """The model of a `[section]`; None for a name that is no section (or a list of tables, `[[feeds]]`)."""
    field = Settings.model_fields.get(section)
    annotation = field.annotation if field is not None else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _takes_json(section: str, key: str) -> tuple[str, str] | None:
    """What a variable for this setting must hold as JSON ("list") and an example of it, or
    None for plain text."""
    annotation = _section_model(section).model_fields[key].annotation  # type: ignore[union-attr]
    if get_origin(annotation) is not list:
        return None
    if get_args(annotation) == (int,):
        return "list", "[123456789012345678, 234567890123456789]"
    return "list", '[{"channel_id": 123456789012345678, "time": "08:00"}]'


def read_env_file(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Variables from a `.env` file, and for each where it is written (`.env:3: NAME`)."""
    from dotenv import dotenv_values

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        values = {k: v for k, v in dotenv_values(path, interpolate=False).items() if v is not None}
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError([f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"]) from None
    where: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        match = re.match(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=", line)
        if match and match.group(1) in values:
            where[match.group(1)] = f"{path}:{number}: {match.group(1)}"
    return values, where


def _environment(env: dict[str, str], label: dict[str, str]) -> tuple[dict[str, Any], dict[Key, str], list[str]]:
    """`BOT_<SECTION>__<KEY>` variables (and the two shortcuts) as settings, where each came
    from, and one problem line per variable that names no setting or is not readable."""
    data: dict[str, Any] = {}
    origin: dict[Key, str] = {}
    problems: list[str] = []
    sections = ", ".join(name for name in Settings.model_fields if _section_model(name) is not None)
    for name, (section, key) in _SHORTCUTS.items():
        long_name = f"{_ENV_PREFIX}{section}__{key}".upper()
        if env.get(name) and not env.get(long_name):
            data.setdefault(section, {})[key] = env[name]
            origin[(section, key)] = label[name]
    for name, value in sorted(env.items()):
        if not name.upper().startswith(_ENV_PREFIX) or name.upper() == "BOT_CONFIG":
            continue
        section, _, key = name[len(_ENV_PREFIX):].lower().partition("__")
        model = _section_model(section)
        if model is None or key not in model.model_fields:
            problems.append(f"{label[name]}: unknown setting (variables are BOT_<SECTION>__<KEY> "
                            f"for a key of config.example.toml; sections: {sections})")
            continue
        takes = _takes_json(section, key)
        parsed: Any = value
        if takes is not None:
            kind, example = takes
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                shown = value if len(value) <= 40 else value[:39] + "…"
                problems.append(f"{label[name]}: {section}.{key}: {shown!r} is not a JSON {kind} (write e.g. {example})")
                continue
        data.setdefault(section, {})[key] = parsed
        origin[(section, key)] = label[name]
    return data, origin, problems


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _path_keys() -> list[Key]:
    return [(section, key) for section in Settings.model_fields if (model := _section_model(section)) is not None
            for key, field in model.model_fields.items() if field.annotation is Path]


def _sqlite_against(url: str, base: Path) -> str:
    """A relative SQLite file in a database URL, made absolute against `base`."""
    prefix = "sqlite+aiosqlite:///"
    if not url.startswith(prefix):
        return url
    file, sep, query = url[len(prefix):].partition("?")
    if not file or file.startswith(("/", "file:")) or file == ":memory:":
        return url
    return f"{prefix}{base / file}{sep}{query}"


def _absolute(data: dict[str, Any], keys: Iterable[Key], base: Path) -> None:
    """Relative paths among `keys` of the raw settings made absolute against `base` (in place)."""
    paths = set(_path_keys())
    for section, key in keys:
        value = data.get(section, {}).get(key)
        if (section, key) in paths and isinstance(value, str) and value and not Path(value).is_absolute():
            data[section][key] = str(base / value)
        elif (section, key) == ("database", "url") and isinstance(value, str):
            data[section][key] = _sqlite_against(value, base)


def _resolved(settings: Settings, base: Path) -> Settings:
    """Every relative path left (from the file or a default) made absolute against `base`."""
    update: dict[str, dict[str, Any]] = {}
    for section, key in _path_keys():
        value = getattr(getattr(settings, section), key)
        if not value.is_absolute():
            update.setdefault(section, {})[key] = base / value
    url = _sqlite_against(settings.database.url, base)
    if url != settings.database.url:
        update.setdefault("database", {})["url"] = url
    if not update:
        return settings
    return settings.model_copy(update={
        section: getattr(settings, section).model_copy(update=values) for section, values in update.items()
    })


def _read_config(path: Path, where: str, explicit: bool) -> dict[str, Any]:
    if path.is_dir():
        raise SettingsError([f"{where}: is a folder, not a settings file"])
    if not path.exists():
        if explicit:
            raise SettingsError([f"{where}: no such file"])
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError([f"{path}: {exc}"]) from None
    except OSError as exc:
        raise SettingsError([f"{where}: cannot be read ({exc.strerror or exc})"]) from None


def load_settings(
    path: Path | None = None,
    environ: dict[str, str] | None = None,
    *,
    env_file: Path | None = None,
    require_seeds: bool = False,
    **overrides: Any,
) -> Settings:
    """Read `path` (default `config.toml` when it exists), then the environment, then `overrides`
    (command-line options). Variables in `env_file` (default `.env` in the current directory when
    the process environment is used) count as environment variables the environment does not set.

    Relative paths from the file, and the defaults, are taken from the config file's folder;
    those from variables and options from the current directory. Every problem is one line
    `source: key: problem`, where the source is the file or the variable the value came from.
    """
    env = dict(os.environ if environ is None else environ)
    label = {name: name for name in env}
    if env_file is None and environ is None:
        env_file = Path(".env")
    if env_file is not None and env_file.is_file():
        values, where = read_env_file(env_file)
        for name, value in values.items():
            if name not in env:
                env[name] = value
                label[name] = where.get(name, f"{env_file}: {name}")
    given = path is not None
    from_env = not given and bool(env.get("BOT_CONFIG"))
    path = Path(path or env.get("BOT_CONFIG") or DEFAULT_CONFIG)
    where = f"{label['BOT_CONFIG']}: {path}" if from_env else str(path)
    data = _read_config(path, where, explicit=given or from_env)
    env_data, origin, problems = _environment(env, label)
    for section, values in overrides.items():
        for key in values if isinstance(values, dict) else ():
            origin[(section, key)] = f"--{key}"
    cwd = Path.cwd()
    _absolute(env_data, origin, cwd)
    over = {s: dict(v) if isinstance(v, dict) else v for s, v in overrides.items()}
    _absolute(over, origin, cwd)
    data = _merge(_merge(data, env_data), over)
    try:
        settings = Settings(**data)
    except ValidationError as exc:
        for e in exc.errors():
            source = origin.get(tuple(str(x) for x in e["loc"][:2]), str(path))  # type: ignore[arg-type]
            problems.append(f"{source}: {_key(e['loc'])}: {_problem(e)}")
    if problems:
        raise SettingsError(problems)
    settings = _resolved(settings, path.resolve().parent)
    if require_seeds and not settings.paths.seeds.is_dir():
        source = origin.get(("paths", "seeds"), str(path))
        what = "is not a folder" if settings.paths.seeds.exists() else "no such folder"
        raise SettingsError([f"{source}: paths.seeds: {settings.paths.seeds}: {what} "
                             "(the articles the bot serves; set [paths] seeds, BOT_PATHS__SEEDS or --seeds)"])
    return settings


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
    if error["type"] == "path_type":
        return f"should be a path written as text (got {type(error['input']).__name__})"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]
