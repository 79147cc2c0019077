"""Settings of the update posts: `[updates]`."""

from __future__ import annotations

from pydantic import Field, field_validator

from bot.section import Section


class UpdateSettings(Section):
    """`[updates]`: defaults for `/updates subscribe`, and who counts as a main actor."""

    default_timezone: str = "UTC"
    max_per_hour: int = Field(default=6, ge=1, le=60)
    # A planned event is the same one in a later article when its people and kind of meeting
    # are the same and its date is at most this many days away.
    same_event_days: int = Field(default=21, ge=1, le=90)
    # A quote is news for updates when its speaker's name has one of these words (case does
    # not matter); the rest of the quotes are in the daily digest.
    main_actors: list[str] = Field(default_factory=lambda: [
        "Zelensky", "Zelenskyy", "Putin", "Trump", "Erdogan", "Lavrov", "Rubio", "Witkoff", "Umerov", "Medinsky",
        "Yermak", "Sybiha", "Peskov", "Ushakov", "Fidan", "Macron", "Starmer", "Merz", "Vance", "Kellogg",
    ])

    @field_validator("default_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        # bot.settings holds this section: its check is imported when used.
        from bot.settings import check_timezone

        return check_timezone(value)
