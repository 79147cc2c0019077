"""The committed reduced copy of Discord's OpenAPI document is what the script makes from the
full document, so a fresh clone validates requests exactly as a checkout beside it does."""

from __future__ import annotations

import json

import pytest

from tests.loopback_discord import make_spec_subset
from tests.loopback_discord.spec import SUBSET_PATH, DiscordSpec, full_spec_path


def _full_document():
    path = full_spec_path()
    if path is None or not path.is_file():
        pytest.skip("Discord's full OpenAPI document is not here (no DISCORD_API_SPEC, nothing in ../shared/): "
                    "only the committed reduced copy can be used")
    return json.loads(path.read_text(encoding="utf-8"))


def test_reduced_copy_matches_the_full_document():
    expected = make_spec_subset.dumps(make_spec_subset.build(_full_document()))
    assert SUBSET_PATH.read_text(encoding="utf-8") == expected, (
        "tests/loopback_discord/openapi-subset.json is stale: run python -m tests.loopback_discord.make_spec_subset"
    )


def test_reduced_copy_keeps_limits_and_drops_prose():
    reduced = json.loads(SUBSET_PATH.read_text(encoding="utf-8"))
    embed = reduced["components"]["schemas"]["RichEmbed"]
    assert embed["properties"]["title"]["maxLength"] == 256
    assert "description" in embed["properties"]  # a field named description stays
    assert "description" not in embed["properties"]["title"]  # the prose about it does not
    spec = DiscordSpec(reduced)
    callback = "/interactions/{interaction_id}/{interaction_token}/callback"
    assert spec.validate(callback, "POST", {"type": 4, "data": {"content": "ok"}}) == []
    (problem,) = spec.validate("/channels/{channel_id}/messages", "POST", {"embeds": [{"title": "t" * 257}]})
    assert problem == (("embeds", 0, "title"), "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length.")
    assert spec.match("/guilds/1/bans/2") is not None  # a route the loopback lacks is still Discord's
