"""Settings of the feed reader: `[[feeds]]` and `[feed_reader]` (with `[feed_reader.relevance]`)."""

from __future__ import annotations

from pydantic import Field, field_validator

from bot.section import Section


class FeedSettings(Section):
    """One `[[feeds]]` entry: a feed the bot follows from its first start."""

    url: str = Field(min_length=8, max_length=2000)
    name: str | None = Field(default=None, max_length=200)
    interval_minutes: int = Field(default=30, ge=5, le=1440)

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("a feed address starts with http:// or https://")
        return value


class RelevanceRules(Section):
    """`[feeds.relevance]`; a term ending in `*` matches any ending ("negotiat*")."""

    story: list[str] = Field(default_factory=lambda: [
        "Ukraine", "Ukrainian*", "Kyiv", "Kiev", "Russia", "Russian*", "Kremlin", "Moscow",
        "Zelensk*", "Putin", "Donbas*", "Crimea*",
    ])
    talks: list[str] = Field(default_factory=lambda: [
        "peace*", "talks", "meet*", "negotiat*", "ceasefire*", "cease-fire*", "truce", "prisoner*", "swap*",
        "summit*", "envoy*", "memorandum", "delegation*", "mediat*", "diplomac*", "diplomat*",
        "Istanbul", "peace plan", "security guarantees", "Coalition of the Willing",
    ])
    exclude: list[str] = Field(default_factory=list)


class FeedReaderSettings(Section):
    """`[feed_reader]`: how feeds are polled and which of their items are taken."""

    timeout: float = Field(default=20.0, gt=0, le=120)
    max_feed_bytes: int = Field(default=5_000_000, gt=0)
    host_interval_seconds: float = Field(default=2.0, ge=0, le=600)
    max_items_per_cycle: int = Field(default=40, ge=1, le=1000)
    relevance: RelevanceRules = Field(default_factory=RelevanceRules)
