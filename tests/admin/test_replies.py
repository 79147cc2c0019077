"""Large diffs still fit one Discord embed, with every kind of change named and the rest counted."""

from __future__ import annotations

import re
from pathlib import Path

from bot.admin.actions import ActionResult
from bot.admin.diff import diff_briefings
from bot.admin.replies import Replies
from bot.engine.briefing import build
from bot.engine.models import Briefing
from bot.engine.problems import Problem
from bot.render.embed import to_embed
from bot.render.format import DISCORD

ARTICLES = Path(__file__).resolve().parents[1] / "engine" / "articles"


def test_a_reload_that_adds_many_sources_fits_in_one_embed(tmp_path):
    new = build(ARTICLES).briefing
    removed_all = diff_briefings(new, Briefing())
    added_all = diff_briefings(Briefing(), new)
    diff = type(added_all)(
        sources_added=added_all.sources_added, quotes_added=added_all.quotes_added,
        events_added=added_all.events_added, sources_removed=removed_all.sources_removed,
        quotes_removed=removed_all.quotes_removed, events_removed=removed_all.events_removed,
        sources_changed=added_all.sources_added,
    )
    warnings = tuple(Problem(str(tmp_path / "seeds" / f"w{n}.md"), n, "no front matter", False) for n in range(40))
    result = ActionResult(ok=True, briefing=new, diff=diff, problems=warnings)
    reply = Replies(DISCORD, tmp_path / "seeds", tmp_path / "summaries", tmp_path / "removed").reloaded(result)
    embed = to_embed(reply.cards[0])
    names = [re.sub(r" \(\d+\)$", "", f.name) for f in embed.fields]
    assert names == ["Sources added", "Sources changed", "Sources removed", "Quotes added", "Quotes removed",
                     "Events added", "Events removed", "Warnings"]
    assert len(embed) <= 6000
    quotes = next(f for f in embed.fields if f.name.startswith("Quotes added"))
    shown = quotes.value.count("\n• ") + 1
    assert quotes.name == f"Quotes added ({len(new.quotes)})"
    assert quotes.value.endswith(f"… and {len(new.quotes) - shown} more")
    warned = next(f for f in embed.fields if f.name.startswith("Warnings"))
    assert warned.value.startswith("• `seeds/w0.md:0: no front matter`")
