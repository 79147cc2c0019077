"""The harness's own tests also hold the loopback server's answers to Discord's spec."""

import pytest


@pytest.fixture(autouse=True)
def _server_answers_are_checked(request):
    if "discord_server" in request.fixturenames:
        request.getfixturevalue("discord_server").config.check_responses = True
