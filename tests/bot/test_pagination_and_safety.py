"""Long answers page with buttons; article text can never ping; failures get a short private message."""

from __future__ import annotations

import json
import logging

from bot.engine.models import Briefing, Provenance, Quote, Source
from bot.story import Story

SPEAKER = "Anna Example"


def article(n_quotes: int, extra: str = "") -> str:
    head = "---\ntitle: Many statements\noutlet: Test Wire\npublished: 2025-06-02\n---\n"
    lines = []
    lines.append(f"Foreign Minister {SPEAKER} spoke to reporters in Geneva on Monday.")
    words = ("grain corridor prisoners exchange borders energy ports sanctions monitors elections "
             "reactors bridges railways refugees amnesty guarantees airspace tariffs shipping mines").split()
    for i in range(n_quotes):
        # Distinct wording each time, so no two statements look like one quote reported twice.
        topic = " and ".join(words[(i * 7 + k) % len(words)] for k in range(3))
        lines.append(f"“Statement {i + 1}: on {topic} our answer is final,” {SPEAKER.split()[-1]} said.")
    lines.append(extra)
    return head + "\n\n".join(lines) + "\n"


async def test_many_quotes_page_with_buttons_only_the_asker_can_turn(start_story_bot, discord_driver, tmp_path):
    (tmp_path / "seeds" / "many.md").write_text(article(18), encoding="utf-8")
    async with start_story_bot():
        reply = await discord_driver.invoke("/quotes", speaker="Anna Example")
        first = reply.embeds[0]
        assert first["footer"]["text"].startswith("18 quotes, newest first · Page 1/")
        labels = [c.get("label") for row in reply.components for c in row["components"]]
        assert labels == ["◀ Previous", "Next ▶"]
        turned = await discord_driver.click(reply, label="Next ▶", member=discord_driver.member)
        second = turned.message.embeds[0]
        assert "· Page 2/" in second["footer"]["text"]
        assert second["description"] != first["description"]
        other = await discord_driver.click(reply, label="Next ▶", member=discord_driver.admin)
        assert other.ephemeral
        assert "These buttons belong to the member who asked." in other.text


async def test_article_text_cannot_ping_anyone(start_story_bot, discord_driver, discord_server, tmp_path):
    text = article(1, extra=f"“Tell @everyone and <@123456789012345678> to stand down,” {SPEAKER.split()[-1]} said.")
    (tmp_path / "seeds" / "pings.md").write_text(text, encoding="utf-8")
    async with start_story_bot():
        reply = await discord_driver.invoke("/quotes", contains="stand down")
        assert "stand down" in reply.text
        assert "@everyone" not in reply.text.replace("@\u200beveryone", "")
        callbacks = discord_server.requests_to("POST", "/callback")
        body = callbacks[-1].body
        payload = json.loads(body["payload_json"]) if isinstance(body, dict) and "payload_json" in body else body
        assert payload["data"]["allowed_mentions"] == {"parse": []}


async def test_an_unexpected_failure_gives_an_error_id_and_is_logged(story_bot, discord_driver, caplog, monkeypatch):
    import bot.answers.status as status

    def broken(ctx):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(status, "answer", broken)
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        reply = await discord_driver.invoke("/status")
    assert reply.ephemeral
    assert reply.text.startswith("Something went wrong on my side (error id `")
    error_id = reply.text.split("`")[1]
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and "disk on fire" in str(logged[0].exc_info[1])
    story_bot.clear_errors()


async def test_impossible_dates_are_explained(story_bot, discord_driver):
    reply = await discord_driver.invoke("/timeline", since="2025-13-40")
    assert reply.text == "“2025-13-40” is not a date. Use YYYY-MM-DD (or YYYY-MM for a month)."


async def test_markdown_and_mentions_typed_into_a_question_stay_inert(story_bot, discord_driver):
    reply = await discord_driver.invoke("/ask", question="**Who** pays @everyone?")
    title = reply.embeds[0]["title"]
    assert title == "\\*\\*Who\\*\\* pays @\u200beveryone?"


def test_story_lookups_find_ids_names_aliases_and_unique_parts():
    src = Source(id="s", title="t", content_hash="0")
    prov = (Provenance(source="s", start=0, end=1, sentence="x"),)
    from bot.engine.models import Actor

    briefing = Briefing(
        sources=(src,),
        actors=(Actor(id="anna-example", name="Anna Example", aliases=("Example",), role="Foreign Minister"),
                Actor(id="anna-other", name="Anna Other")),
        quotes=(Quote(id="q", speaker="anna-example", text="x", sources=("s",), provenance=prov),),
    )
    story = Story(briefing)
    assert story.find_actor("anna-example").name == "Anna Example"
    assert story.find_actor("EXAMPLE").id == "anna-example"
    assert story.find_actor("Anna") is None  # two people: not a unique match
    assert story.find_actor("Oth").id == "anna-other"
    assert story.actor_choices("an")[0] == ("Anna Example", "anna-example")  # quoted people first
