from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.briefing import build
from bot.engine.models import Briefing, SourceSummary
from bot.engine.sources import read_source
from bot.engine.summarize import summarize

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLES = Path(__file__).parent / "articles"
SEED_A = "000_353006ad1c53f48c"
SEED_B = "002_8e5d6f9d2557a0da"


@pytest.fixture(scope="session")
def seed_briefing() -> Briefing:
    result = build(SEEDS)
    assert not result.problems, result.problems
    return result.briefing


def article(name: str) -> SourceSummary:
    return summarize(read_source(ARTICLES / name))
