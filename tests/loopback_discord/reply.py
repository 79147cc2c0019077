"""What the bot said, as tests read it: messages and interaction replies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .state import EPHEMERAL, LOADING, InteractionRecord

if TYPE_CHECKING:
    from .driver import Driver


class NoReply(AssertionError):
    """The bot did not answer (in time)."""


def embed_text(embed: dict[str, Any]) -> list[str]:
    parts: list[str] = []
    if (embed.get("author") or {}).get("name"):
        parts.append(embed["author"]["name"])
    for key in ("title", "description"):
        if embed.get(key):
            parts.append(embed[key])
    for field_ in embed.get("fields") or []:
        parts.extend(p for p in (field_.get("name"), field_.get("value")) if p)
    if (embed.get("footer") or {}).get("text"):
        parts.append(embed["footer"]["text"])
    return parts


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for comp in components:
        yield comp
        yield from walk_components(comp.get("components") or [])
        if isinstance(comp.get("accessory"), dict):
            yield comp["accessory"]


class MessageView:
    """A message as Discord stores it (``raw``), with easy accessors."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def __repr__(self) -> str:
        return f"<Message id={self.id} content={self.content!r} embeds={len(self.embeds)}>"

    id = property(lambda self: self.raw["id"])
    channel_id = property(lambda self: self.raw["channel_id"])
    content = property(lambda self: self.raw.get("content") or "")
    embeds = property(lambda self: list(self.raw.get("embeds") or []))
    components = property(lambda self: list(self.raw.get("components") or []))
    attachments = property(lambda self: list(self.raw.get("attachments") or []))
    flags = property(lambda self: int(self.raw.get("flags") or 0))
    author_id = property(lambda self: self.raw["author"]["id"])

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def text(self) -> str:
        """Content and every embed's author, title, description, fields and footer."""
        parts = [self.content] if self.content else []
        for embed in self.embeds:
            parts.extend(embed_text(embed))
        for comp in walk_components(self.components):
            if comp.get("type") == 10 and comp.get("content"):  # components v2 text display
                parts.append(comp["content"])
        return "\n".join(parts)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for c in walk_components(self.components) if c.get("type") == 2]


class Reply:
    """A live view of the bot's answer to one interaction: the original response (after
    any deferral was resolved) and its follow-ups."""

    def __init__(self, driver: Driver, record: InteractionRecord) -> None:
        self._driver = driver
        self.record = record

    def __repr__(self) -> str:
        return f"<Reply callback={self.callback_type} messages={len(self.messages)} text={self.text!r}>"

    @property
    def _store(self):
        return self._driver.server.store

    @property
    def callback_type(self) -> int | None:
        return self.record.callback_type

    @property
    def deferred(self) -> bool:
        return self.record.callback_type in (5, 6)

    @property
    def message(self) -> MessageView | None:
        raw = self._store.messages.get(self.record.original_id or "")
        return MessageView(raw) if raw else None

    @property
    def followups(self) -> list[MessageView]:
        msgs = (self._store.messages.get(i) for i in self.record.followup_ids)
        return [MessageView(m) for m in msgs if m]

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Raw messages: the original response first, then follow-ups."""
        views = ([self.message] if self.message else []) + self.followups
        return [v.raw for v in views]

    def _first(self) -> MessageView | None:
        return self.message or next(iter(self.followups), None)

    @property
    def content(self) -> str:
        first = self._first()
        return first.content if first else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        first = self._first()
        return first.embeds if first else []

    @property
    def components(self) -> list[dict[str, Any]]:
        first = self._first()
        return first.components if first else []

    @property
    def ephemeral(self) -> bool:
        first = self._first()
        if first is not None:
            return first.ephemeral
        return bool((self.record.callback_data or {}).get("flags", 0) & EPHEMERAL)

    @property
    def text(self) -> str:
        """Every message of the reply: content and embed texts, joined by newlines."""
        return "\n".join(t for t in (MessageView(m).text for m in self.messages) if t)

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (callback type 8)."""
        return list(self.record.autocomplete_choices or [])

    @property
    def modal(self) -> dict[str, Any] | None:
        return self.record.modal

    async def wait_for_followups(self, count: int = 1, timeout: float = 2.0) -> list[MessageView]:  # noqa: ASYNC109
        try:
            await self._store.wait_until(lambda: len(self.record.followup_ids) >= count, timeout)
        except TimeoutError:
            raise NoReply(
                f"expected {count} follow-up(s) within {timeout} s, got {len(self.record.followup_ids)}"
            ) from None
        return self.followups
