"""What admins read after an action: the diff of the briefing, or the problems that stopped it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from bot.admin.actions import ActionResult
from bot.admin.diff import BriefingDiff
from bot.engine.models import Event, Quote, Source
from bot.engine.problems import Problem
from bot.engine.text import plural
from bot.render.card import Card, Field, Reply, clip, paginate
from bot.render.format import PlainFormat

T = TypeVar("T")
PROBLEM_PAGE_CHARS = 2400
# Eight kinds of change fit in one embed (6,000 characters) only if each keeps to a share of it;
# the rest of a list is summed up as "… and N more".
FIELD_BUDGET = 620
LINK_MAX = 300  # a longer address would crowd the other lines out of the field
KEPT_PREVIOUS = "Nothing was changed: the previous briefing is still being served."


class Replies:
    """Writes with `fmt` (Discord markdown or plain text); shows paths relative to the folders."""

    def __init__(self, fmt: PlainFormat, seeds: Path, summaries: Path, removed: Path) -> None:
        self.fmt = fmt
        self.folders = (seeds, summaries, removed)

    # -- the actions -----------------------------------------------------------------------
    def reloaded(self, result: ActionResult) -> Reply:
        briefing = result.briefing
        if not result.ok:
            return self.refused("Reload refused", result)
        counts = f"Serving {plural(len(briefing.sources), 'source')}, {plural(len(briefing.quotes), 'quote')}, " \
                 f"{plural(len(briefing.events), 'event')}."
        summary = changes_line(result.diff)
        if result.summarized:
            summary += f" Summarized anew: {len(result.summarized)}."
        return self._card("Reloaded", f"{counts}\n{summary}", result)

    def added(self, result: ActionResult) -> Reply:
        briefing = result.briefing
        if not result.ok:
            return self.refused("Source not added", result)
        fmt, article = self.fmt, result.article
        source = next((s for s in briefing.sources if s.id == result.target), None)
        title = article.title if article else result.target
        meta = [f"id `{result.target}`"]
        if source is not None:
            meta += [fmt.text(source.outlet or "outlet not named"),
                     fmt.date(source.published) if source.published else "date not given"]
        d = result.diff
        mine = (sum(1 for q in d.quotes_added if result.target in q.sources),
                sum(1 for e in d.events_added if result.target in e.sources))
        text = (f"{' · '.join(meta)}\nSaved as `{self._show(self.folders[0] / (result.target + '.md'))}`. "
                f"It brought {plural(mine[0], 'new quote')} and {plural(mine[1], 'new event')}.")
        return self._card(f"Source added: {clip(title, 200)}", text, result,
                          url=article.url if article else None)

    def removed(self, result: ActionResult) -> Reply:
        if not result.ok:
            return self.refused("Source not removed", result)
        where = self._show(self.folders[2])
        text = (f"`{result.target}` was moved to `{where}/`; bring it back with "
                f"`/source restore id:{result.target}`.\n{changes_line(result.diff)}")
        return self._card(f"Source removed: {result.target}", text, result)

    def restored(self, result: ActionResult) -> Reply:
        if not result.ok:
            return self.refused("Source not restored", result)
        return self._card(f"Source restored: {result.target}", changes_line(result.diff), result)

    def refused(self, title: str, result: ActionResult) -> Reply:
        fatal = [p for p in result.problems if p.fatal]
        intro = (f"{KEPT_PREVIOUS}\nFix {'this problem' if len(fatal) == 1 else f'these {len(fatal)} problems'} "
                 "(`python -m bot check` lists the same):")
        # One problem per line (paginate would put blank lines between items): pack lines into pages.
        pages: list[list[str]] = [[]]
        for line in (clip(self.problem(p), 500) for p in fatal):
            if pages[-1] and sum(len(x) + 1 for x in pages[-1]) + len(line) > PROBLEM_PAGE_CHARS:
                pages.append([])
            pages[-1].append(line)
        cards = paginate(title, ["\n".join(page) for page in pages], intro=intro, page_items=1, kind="error")
        return Reply(cards=cards, ephemeral=True)

    # -- pieces ----------------------------------------------------------------------------
    def problem(self, problem: Problem) -> str:
        where = self._show(Path(problem.file))
        text = f"{where}:{problem.line}: {problem.reason}".replace("`", "'")
        return f"`{text}`"

    def _show(self, path: Path) -> str:
        for folder in self.folders:
            try:
                return str(Path(folder.name) / path.relative_to(folder))
            except ValueError:
                continue
        return str(path)

    def _card(self, title: str, description: str, result: ActionResult, *, url: str | None = None) -> Reply:
        d = result.diff
        fields = [
            _field("Sources added", d.sources_added, self._source),
            _field("Sources changed", d.sources_changed, self._source),
            _field("Sources removed", d.sources_removed, self._source),
            _field("Quotes added", d.quotes_added, self._quote),
            _field("Quotes removed", d.quotes_removed, self._quote),
            _field("Events added", d.events_added, self._event),
            _field("Events removed", d.events_removed, self._event),
            _field("Warnings", [p for p in result.problems if not p.fatal], self.problem),
        ]
        card = Card(title=title, description=description, fields=tuple(f for f in fields if f), url=url, kind="admin")
        return Reply(cards=(card,), ephemeral=True)

    def _source(self, source: Source) -> str:
        fmt = self.fmt
        url = source.url if source.url and len(source.url) <= LINK_MAX else None
        return f"`{source.id}` — {fmt.link(clip(source.title, 120), url)}"

    def _quote(self, quote: Quote) -> str:
        fmt = self.fmt
        who = fmt.bold(fmt.text(quote.speaker_name or "unattributed"))
        return f"{who}: {fmt.quote(clip(quote.text, 160))}"

    def _event(self, event: Event) -> str:
        fmt = self.fmt
        return f"{fmt.date(event.date, event.date_precision)} · {fmt.text(clip(event.summary, 160))}"


def changes_line(diff: BriefingDiff) -> str:
    if diff.empty:
        return "Nothing changed in the briefing."
    parts = []
    for label, added, removed, changed in (
        ("source", diff.sources_added, diff.sources_removed, diff.sources_changed),
        ("quote", diff.quotes_added, diff.quotes_removed, ()),
        ("event", diff.events_added, diff.events_removed, ()),
    ):
        bits = [f"{len(xs)} {word}" for xs, word in ((added, "added"), (changed, "changed"), (removed, "removed")) if xs]
        if bits:
            total = len(added) + len(changed) + len(removed)
            parts.append(f"{label}s: {', '.join(bits)}" if total != 1 else f"{label}: {bits[0]}")
    return "Changes — " + "; ".join(parts) + "."


def _field(name: str, items: Sequence[T], line: Callable[[T], str]) -> Field | None:
    if not items:
        return None
    return Field(f"{name} ({len(items)})", _lines((line(x) for x in items), len(items)))


def _lines(lines: Iterable[str], total: int) -> str:
    """As many whole lines as fit in a field, then how many were left out."""
    out: list[str] = []
    size = 0
    for shown, line in enumerate(lines):
        line = f"• {line}"
        if size + len(line) + 1 > FIELD_BUDGET:
            return "\n".join(out) + f"\n… and {total - shown} more"
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)
