"""Citations as numbers: a line says [1], one list per answer (or page) says which source is 1.

An answer that cites the same article five times names it once, with its link, instead of
repeating its title after every line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from bot.render.card import FIELD_VALUE_MAX, PAGE_CHARS, PAGE_ITEMS, Card, Field, clip

if TYPE_CHECKING:
    from bot.answers.common import Context

TITLE_MAX = 70  # a reference is one line on a phone
MARKS = 3  # numbers shown after a line; "and 2 more" for the rest
HEADING = "Sources"


class Refs:
    """The sources one answer cites, numbered in the order they are first cited."""

    def __init__(self, ctx: Context, numbers: dict[str, int] | None = None) -> None:
        self.ctx = ctx
        self.numbers: dict[str, int] = dict(numbers or {})

    def copy(self) -> Refs:
        return Refs(self.ctx, self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)

    def number(self, source_id: str) -> int:
        return self.numbers.setdefault(source_id, len(self.numbers) + 1)

    def mark(self, source_ids: Sequence[str], limit: int = MARKS) -> str:
        """"[1, 2]", "[1, 2, 3] and 4 more", or "" when nothing is cited."""
        if not source_ids:
            return ""
        shown = ", ".join(map(str, sorted(self.number(s) for s in source_ids[:limit])))
        more = len(source_ids) - limit
        return f"[{shown}]" + (f" and {more} more" if more > 0 else "")

    def reported(self, source_ids: Sequence[str]) -> str:
        """A quote's or event's sources: "[1]", or "reported by 3 sources [1, 2, 3]"."""
        if len(source_ids) > 1:
            return f"reported by {len(source_ids)} sources {self.mark(source_ids)}"
        return self.mark(source_ids)

    def lines(self) -> list[str]:
        """One line per source: number, linked title (clipped with "…"), outlet, date."""
        fmt, story = self.ctx.fmt, self.ctx.story
        out = []
        for sid, n in self.numbers.items():
            source = story.source(sid)
            if source is None:
                out.append(f"{fmt.bold(f'[{n}]')} {fmt.text(sid)}")
                continue
            title = fmt.link(clip(source.title or source.id, TITLE_MAX), source.url)
            about = [fmt.text(clip(source.outlet, 40)) if source.outlet else "outlet not named",
                     fmt.date(source.published) if source.published else "date not given"]
            out.append(f"{fmt.bold(f'[{n}]')} {title} · {' · '.join(about)}")
        return out

    def fields(self) -> tuple[Field, ...]:
        """The list as embed fields (a field holds 1,024 characters; a long list continues)."""
        chunks: list[list[str]] = []
        size = FIELD_VALUE_MAX
        for line in self.lines():
            line = clip(line, FIELD_VALUE_MAX)
            if size + len(line) + 1 > FIELD_VALUE_MAX:
                chunks.append([])
                size = 0
            chunks[-1].append(line)
            size += len(line) + 1
        return tuple(Field(HEADING if i == 0 else f"{HEADING} (continued)", "\n".join(c))
                     for i, c in enumerate(chunks))

    def size(self) -> int:
        return sum(len(f.name) + len(f.value) for f in self.fields())


def cited_pages(ctx: Context, title: str, items: Iterable[Callable[[Refs], str]], *, footer: str | None = None,
                kind: str = "status", url: str | None = None, page_chars: int = PAGE_CHARS,
                page_items: int = PAGE_ITEMS) -> tuple[Card, ...]:
    """Like `paginate`, with each page's own numbered list of the sources its items cite.

    An item is written by a function of the page's Refs, so its numbers match the list below
    it; an item that does not fit (its text plus the sources it adds) starts the next page.
    """
    pages: list[tuple[list[str], Refs]] = [([], Refs(ctx))]
    for write in items:
        body, refs = pages[-1]
        trial = refs.copy()
        item = clip(write(trial), page_chars // 2)
        used = sum(len(x) + 2 for x in body)
        if body and (used + len(item) + trial.size() > page_chars or len(body) >= page_items):
            trial = Refs(ctx)
            item = clip(write(trial), page_chars // 2)
            pages.append(([], trial))
        pages[-1][0].append(item)
        pages[-1] = (pages[-1][0], trial)
    cards = []
    for i, (body, refs) in enumerate(pages, 1):
        page_note = f"Page {i}/{len(pages)}" if len(pages) > 1 else None
        foot = " · ".join(x for x in (footer, page_note) if x) or None
        cards.append(Card(title=title, description="\n\n".join(body), fields=refs.fields(), footer=foot,
                          kind=kind, url=url))
    return tuple(cards)
