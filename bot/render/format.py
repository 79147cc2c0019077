"""How dates, links and article text are written: Discord markdown or plain terminal text."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from discord.utils import escape_markdown

_MENTION = re.compile(r"@(everyone|here)|<(@[!&]?|#)(\d+)>")
# Text with none of these characters comes out of escape_markdown and quiet_mentions unchanged.
_NEEDS_ESCAPING = re.compile(r"[_\\~|*`>#\[\-@<]")


def quiet_mentions(text: str) -> str:
    """Break mention syntax so text copied from an article can never read as a ping."""
    return _MENTION.sub(lambda m: m.group(0).replace("@", "@\u200b").replace("<#", "<#\u200b"), text)


def plain_date(date: dt.date | None, precision: str | None = "day") -> str:
    if date is None:
        return "date unknown"
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{date:%B %Y}"
    if precision == "week":
        return f"week of {date.day} {date:%B %Y}"
    return f"{date:%a} {date.day} {date:%b %Y}"


class PlainFormat:
    """The terminal: no markdown, dates in words."""

    name = "plain"

    def date(self, date: dt.date | None, precision: str | None = "day") -> str:
        return plain_date(date, precision)

    def text(self, text: str) -> str:
        return text

    def moment(self, when: dt.datetime, style: str = "R") -> str:
        """An instant: "13 May 2025 09:00 UTC" (on Discord, `style` is how the client shows it)."""
        return f"{when.astimezone(dt.UTC):%d %b %Y %H:%M} UTC"

    def link(self, label: str, url: str | None) -> str:
        return f"{label} ({url})" if url else label

    def bold(self, text: str) -> str:
        return text

    def quote(self, words: str) -> str:
        return f"“{words}”"

    def cited(self, text: str) -> str:
        """A sentence given as evidence, as it was written (no quotation marks: it is not speech)."""
        return f"› {text}"


class DiscordFormat(PlainFormat):
    """Discord markdown. Dates stay words ("Thu 15 May 2025"): a calendar day is the same day for
    every reader, whereas `<t:…>` is an instant and would show the next day east of UTC+12.
    Instants (when sources were loaded, a digest's window) are `<t:…>` in each reader's time."""

    name = "discord"

    def text(self, text: str) -> str:
        if not _NEEDS_ESCAPING.search(text):
            return text
        return quiet_mentions(escape_markdown(text))

    def moment(self, when: dt.datetime, style: str = "R") -> str:
        return f"<t:{calendar.timegm(when.utctimetuple())}:{style}>"

    def link(self, label: str, url: str | None) -> str:
        if not url or not url.startswith(("https://", "http://")):
            return self.text(label)
        return f"[{self.text(label).replace(']', '')}]({url.replace(')', '%29')})"

    def bold(self, text: str) -> str:
        return f"**{text}**"

    def quote(self, words: str) -> str:
        return f"“{self.text(words)}”"

    def cited(self, text: str) -> str:
        return f"> {self.text(text)}"


PLAIN = PlainFormat()
DISCORD = DiscordFormat()
