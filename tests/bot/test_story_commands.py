"""Each story command end to end: a member runs it on the loopback Discord and reads the answer."""

from __future__ import annotations

import datetime as dt
import re

import discord


async def test_status_cites_each_source_once_in_a_numbered_list(story_bot, discord_driver):
    reply = await discord_driver.invoke("/status")
    assert not reply.ephemeral
    (embed,) = reply.embeds
    assert embed["title"] == "Where things stand"
    assert embed["description"] == "From 2 sources, newest article Mon 12 May 2025."
    # When the bot loaded its sources is an instant: the embed's timestamp (the test clock's time),
    # which Discord shows in each reader's own time.
    assert (embed["footer"]["text"], embed["timestamp"]) == ("Sources loaded", "2025-05-13T09:00:00+00:00")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert list(fields) == ["Coming up", "Latest developments", "Positions", "Sources"]
    # A calendar day reads as words, the same day for every reader (no <t:…> at noon UTC).
    assert fields["Coming up"].startswith("**Thu 15 May 2025** · planned · Istanbul\nUkrainian President Zelenskyy")
    assert fields["Coming up"].endswith("demand a ceasefire first. [1, 2]")
    assert "<t:" not in "".join(fields.values())
    title_a = "Zelensky Ready To Accept Face-To-Face Talks With Putin After Trump Pressure"
    assert fields["Sources"] == ("**[1]** Zelensky Ready To Accept Face-To-Face Talks With Putin After Trump… "
                                 "· outlet not named · Mon 12 May 2025\n"
                                 "**[2]** Ukrainian President Zelenskyy agrees to meet with Russian President… "
                                 "· outlet not named · Mon 12 May 2025")
    # Each source's title once in the whole answer, in the list; the lines carry numbers.
    assert reply.text.count("Zelensky Ready To Accept") == 1 and title_a not in reply.text
    assert "Putin in Turkey. [1]" in fields["Latest developments"]
    assert embed["color"] == 0x2B6CB0


async def test_quotes_by_speaker_newest_first_with_sources(story_bot, discord_driver):
    reply = await discord_driver.invoke("/quotes", speaker="donald-trump")
    text = reply.text
    assert "Quotes by Donald Trump (U.S. President)" in text
    assert "“Ukraine should agree to this, IMMEDIATELY” reported by 2 sources [1, 2]" in text
    assert reply.embeds[0]["fields"][-1]["name"] == "Sources"
    assert reply.embeds[0]["color"] == 0x805AD5
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
    days = [dt.datetime.strptime(d, "%a %d %b %Y").date() for d in re.findall(r"\*\*(\w{3} \d+ \w{3} \d{4})\*\*", text)]
    assert days == sorted(days)
    assert days[0] == dt.date(2025, 5, 12) and days[-1] == dt.date(2025, 5, 15)
    assert reply.embeds[0]["color"] == 0xDD6B20


async def test_timeline_of_one_actor_up_to_a_day(story_bot, discord_driver):
    reply = await discord_driver.invoke("/timeline", actor="vladimir-putin", until="2025-05-14")
    text = reply.text
    assert "Timeline · Vladimir Putin (Russian President) · … to 2025-05-14" in text
    days = [dt.datetime.strptime(d, "%a %d %b %Y").date() for d in re.findall(r"\*\*(\w{3} \d+ \w{3} \d{4})\*\*", text)]
    assert days and max(days) <= dt.date(2025, 5, 14)
    assert "Istanbul this Thursday" not in text  # the 15 May talks are after the bound


async def test_who_unknown_and_suggestions(story_bot, discord_driver):
    reply = await discord_driver.invoke("/who", name="Nobody Atall")
    assert reply.ephemeral
    assert reply.text == "No one called “Nobody Atall” appears in the sources."
    choices = await discord_driver.autocomplete("/who", focused="name", value="pu")
    assert choices[0] == {"name": "Vladimir Putin", "value": "vladimir-putin"}


async def test_timeline_bad_date_is_explained(story_bot, discord_driver):
    reply = await discord_driver.invoke("/timeline", since="next week")
    assert reply.deferred  # /timeline thinks in public first (its picture takes a moment)…
    assert reply.ephemeral
    assert reply.text == "“next week” is not a date. Use YYYY-MM-DD (or YYYY-MM for a month)."
    # …and a mistake is told to the asker only: the public "thinking…" message is gone.
    channel = reply.messages[0]["channel_id"]
    assert [m for m in discord_driver.messages(channel) if not m.ephemeral] == []


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


async def test_ask_answers_first_then_its_sentences_as_plain_citations(story_bot, discord_driver):
    reply = await discord_driver.invoke("/ask", question="Where will the talks take place?")
    assert reply.deferred and not reply.ephemeral
    (embed,) = reply.embeds
    answer, evidence = embed["description"].split("\n\n")
    assert answer == "**Istanbul**"
    lines = evidence.split("\n")
    assert "> Turkish President Erdogan, who has positioned himself as a mediator in the conflict, " \
           "would host the talks in Istanbul. [1]" in lines
    # one sentence per source, each with its source's number
    assert all(line.startswith("> ") for line in lines)
    assert [line.rsplit(" ", 1)[1] for line in lines] == ["[1]", "[2]"]
    assert "“" not in evidence  # the sentences are cited as they are, not wrapped in quotation marks
    assert [f["name"] for f in embed["fields"]] == ["Sources"]  # no field per sentence repeating a cut-off title
    assert embed["fields"][0]["value"].startswith("**[1]** Ukrainian President Zelenskyy agrees")
    assert embed["color"] == 0x2C7A7B


async def test_ask_private_is_seen_by_the_asker_only(story_bot, discord_driver):
    reply = await discord_driver.invoke("/ask", question="Where will the talks take place?", private=True)
    assert reply.ephemeral
    assert reply.embeds[0]["description"].startswith("**Istanbul**")


async def test_ask_without_an_answer_tells_only_the_asker(story_bot, discord_driver):
    reply = await discord_driver.invoke("/ask", question="What is the price of wheat in Chicago?")
    assert reply.ephemeral
    assert "The sources do not say." in reply.text
    assert "Nothing in the 2 loaded sources answers this." in reply.text
    # The public "thinking…" message is gone: nothing of the failed question stays in the channel.
    channel = reply.messages[0]["channel_id"]
    assert [m for m in discord_driver.messages(channel) if not m.ephemeral] == []


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
