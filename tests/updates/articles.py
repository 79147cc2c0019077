"""Short articles written for the update tests: a planned meeting, the same meeting moved,
restated, held, called off, and a second round."""

from __future__ import annotations

from pathlib import Path

from bot.engine.briefing import build
from bot.story import Story


def article(title: str, published: str, *paragraphs: str, url: str = "https://news.example/a") -> str:
    return (f"---\ntitle: {title}\nsource: Harbour Ledger\nurl: {url}\npublished: {published}\n---\n"
            + "\n".join(paragraphs) + "\n")


PLANNED = article(
    "Zelensky and Putin to meet in Istanbul on Thursday", "2025-05-12",
    "Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin will meet for peace talks in "
    "Istanbul on Thursday 15 May, Turkish officials said on Monday.",
    "\"We are ready to talk,\" Zelensky said.", url="https://news.example/istanbul-thursday")
MOVED = article(
    "Istanbul talks between Zelensky and Putin pushed back a day", "2025-05-13",
    "The peace talks between Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin in "
    "Istanbul will now take place on Friday 16 May, a day later than planned, Turkish officials said on Tuesday.",
    url="https://news.example/istanbul-friday")
MOVED_AGAIN = article(
    "Istanbul talks pushed back again", "2025-05-14",
    "The peace talks between Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin in "
    "Istanbul will now take place on Saturday 17 May, Turkish officials said on Wednesday.",
    url="https://news.example/istanbul-saturday")
RESTATED = article(
    "Istanbul is ready for Thursday's talks", "2025-05-13",
    "Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin are due to hold peace talks "
    "in Istanbul on Thursday 15 May, Turkish officials confirmed on Tuesday.",
    url="https://news.example/istanbul-ready")
MOVED_PLACE = article(
    "Zelensky and Putin talks move to Ankara", "2025-05-13",
    "The peace talks between Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin "
    "will take place in Ankara on Thursday, Turkish officials said on Tuesday.",
    url="https://news.example/ankara-thursday")
SECOND_ROUND = article(
    "A second round of talks is planned", "2025-05-13",
    "Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin will hold a second round of "
    "peace talks in Istanbul on 26 May, Turkish officials said on Tuesday.",
    "\"We will be there with a serious team,\" Zelensky said.",
    url="https://news.example/second-round")
HELD = article(
    "Zelensky and Putin hold talks in Istanbul", "2025-05-15",
    "Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin held peace talks in Istanbul "
    "on Thursday 15 May, Turkish officials said.",
    url="https://news.example/istanbul-held")
CALLED_OFF = article(
    "Istanbul talks called off", "2025-05-14",
    "The peace talks between Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin in "
    "Istanbul were called off on Wednesday 14 May, Turkish officials said.",
    url="https://news.example/istanbul-off")
LAVROV = article(
    "Lavrov says Russia will send a delegation", "2025-05-13",
    "Russian Foreign Minister Sergei Lavrov said on Tuesday: \"Russia will send a delegation to Istanbul.\"",
    "A spokesman for the port authority said: \"The ferries run as usual.\"",
    url="https://news.example/lavrov")


def write(folder: Path, name: str, text: str) -> None:
    (folder / "seeds").mkdir(parents=True, exist_ok=True)
    (folder / "summaries").mkdir(parents=True, exist_ok=True)
    (folder / "seeds" / f"{name}.md").write_text(text, encoding="utf-8")


def story(folder: Path, **articles: str) -> Story:
    """The story of exactly these articles (name → text), read by the engine."""
    seeds = folder / "seeds"
    if seeds.exists():
        for old in seeds.glob("*.md"):
            old.unlink()
    for name, text in articles.items():
        write(folder, name, text)
    return Story(build(seeds, folder / "summaries", write=False).briefing)
