"""Each story command end to end: a member runs it on the loopback Discord and reads the answer."""

from __future__ import annotations

import re

import discord


def unix_day(stamp: str) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(int(stamp), dt.UTC).date().isoformat()


async def test_status_shows_the_coming_talks_with_a_discord_timestamp(story_bot, discord_driver):
    reply = await discord_driver.invoke("/status")
    assert not reply.ephemeral
    text = reply.text
    assert "Where things stand" in text
    assert "Coming up" in text
    stamps = re.findall(r"<t:(\d+):D>", text)
    assert "2025-05-15" in {unix_day(s) for s in stamps}
    assert "Istanbul" in text
    assert "2 sources" in text
    # When the bot last loaded its sources, as a relative Discord timestamp (the test clock's time).
    assert "Updated <t:1747126800:R> from 2 sources." in text


async def test_quotes_by_speaker_newest_first_with_sources(story_bot, discord_driver):
    reply = await discord_driver.invoke("/quotes", speaker="donald-trump")
    text = reply.text
    assert "Quotes by Donald Trump (U.S. President)" in text
    assert "“Ukraine should agree to this, IMMEDIATELY”" in text
    assert "reported by 2 sources" in text
    # The partial quote is shown inside the sentence that carried it.
    assert "— in: Trump advised Zelenskyy to agree to talks" in text
    assert text.index("IMMEDIATELY” — in:") < text.index("“Ukraine should agree")


async def test_quotes_speaker_autocomplete_offers_names_and_aliases(story_bot, discord_driver):
    choices = await discord_driver.autocomplete("/quotes", focused="speaker", value="zel")
    assert choices, "no suggestions for 'zel'"
    assert choices[0]["value"] == "volodymyr-zelensky"
    assert choices[0]["name"].startswith("Volodymyr Zelensky")
    typed_alias = await discord_driver.autocomplete("/quotes", focused="speaker", value="Macr")
    assert [c["value"] for c in typed_alias] == ["emmanuel-macron"]


async def test_quotes_for_an_unknown_speaker_says_so_privately(story_bot, discord_driver):
    reply = await discord_driver.invoke("/quotes", speaker="Nobody Atall")
    assert reply.ephemeral
    assert reply.text == "No one called “Nobody Atall” is quoted in the sources. Pick a name from the suggestions."


async def test_quotes_containing_words(story_bot, discord_driver):
    reply = await discord_driver.invoke("/quotes", contains="ceasefire")
    assert "A ceasefire is needed now, so that talks can begin" in reply.text
    assert "Ukraine should agree" not in reply.text


async def test_quotes_from_one_source_picked_from_suggestions(story_bot, discord_driver):
    choices = await discord_driver.autocomplete("/quotes", focused="source", value="face-to-face")
    assert [c["value"] for c in choices] == ["000_353006ad1c53f48c"]
    reply = await discord_driver.invoke("/quotes", source=choices[0]["value"])
    text = reply.text
    assert "There is no point in prolonging the killings" in text  # only in the first article
    assert "A ceasefire is needed now" not in text  # only in the second
    missing = await discord_driver.invoke("/quotes", source="no-such-article")
    assert missing.text == "There is no source “no-such-article”. /sources lists them."


async def test_timeline_lists_dated_events_with_status(story_bot, discord_driver):
    reply = await discord_driver.invoke("/timeline", since="2025-05-12")
    text = reply.text
    assert "planned" in text and "occurred" in text
    days = [unix_day(s) for s in re.findall(r"<t:(\d+):D>", text)]
    assert days == sorted(days)
    assert days[0] >= "2025-05-12"


async def test_timeline_of_one_actor_up_to_a_day(story_bot, discord_driver):
    reply = await discord_driver.invoke("/timeline", actor="vladimir-putin", until="2025-05-14")
    text = reply.text
    assert "Timeline · Vladimir Putin (Russian President) · … to 2025-05-14" in text
    days = [unix_day(s) for s in re.findall(r"<t:(\d+):D>", text)]
    assert days and max(days) <= "2025-05-14"
    assert "Istanbul this Thursday" not in text  # the 15 May talks are after the bound


async def test_who_unknown_and_suggestions(story_bot, discord_driver):
    reply = await discord_driver.invoke("/who", name="Nobody Atall")
    assert reply.ephemeral
    assert reply.text == "No one called “Nobody Atall” appears in the sources."
    choices = await discord_driver.autocomplete("/who", focused="name", value="pu")
    assert choices[0] == {"name": "Vladimir Putin", "value": "vladimir-putin"}


async def test_timeline_bad_date_is_explained(story_bot, discord_driver):
    reply = await discord_driver.invoke("/timeline", since="next week")
    assert reply.ephemeral
    assert reply.text == "“next week” is not a date. Use YYYY-MM-DD (or YYYY-MM for a month)."


async def test_who_gives_role_aliases_and_quotes(story_bot, discord_driver):
    reply = await discord_driver.invoke("/who", name="emmanuel-macron")
    text = reply.text
    assert "Emmanuel Macron" in text
    assert "French President" in text
    assert "There can be no negotiations while weapons are speaking." in text


async def test_sources_lists_each_article_with_counts(story_bot, discord_driver):
    reply = await discord_driver.invoke("/sources")
    text = reply.text
    assert "Zelensky Ready To Accept Face-To-Face Talks With Putin After Trump Pressure" in text
    assert re.search(r"\d+ quotes, \d+ events", text)


async def test_ask_answers_with_citations(story_bot, discord_driver):
    reply = await discord_driver.invoke("/ask", question="Where will the talks take place?")
    assert reply.deferred
    answer, *cited = reply.embeds[0]["description"], *(f["value"] for f in reply.embeds[0]["fields"])
    assert answer == "Istanbul"
    assert any("would host the talks in Istanbul" in c for c in cited)
    # each citation is the sentence itself, not wrapped in quotation marks of the bot's own
    assert any(c.startswith("Turkish President Erdogan, who has positioned himself") for c in cited)
    assert not any(c.startswith("“") for c in cited)


async def test_ask_without_an_answer_says_the_sources_do_not_say(story_bot, discord_driver):
    reply = await discord_driver.invoke("/ask", question="What is the price of wheat in Chicago?")
    assert "The sources do not say." in reply.text
    assert "Nothing in the 2 loaded sources answers this." in reply.text


async def test_help_lists_every_command(story_bot, discord_driver):
    reply = await discord_driver.invoke("/help")
    assert reply.ephemeral
    for name in ("/status", "/quotes", "/timeline", "/who", "/sources", "/ask"):
        assert name in reply.text


async def test_members_messages_do_not_reach_the_bot(story_bot, discord_server, discord_driver):
    # The bot asks the gateway for guild events only, and keeps no cache of messages.
    assert [s.intents for s in discord_server.gateway.sessions.values()] == [discord.Intents(guilds=True).value]
    discord_driver.post_message("general", "@everyone a long message " * 50)
    reply = await discord_driver.invoke("/help")
    assert "/status" in reply.text
    assert list(story_bot.client.cached_messages) == []
