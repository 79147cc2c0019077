"""Optional extras: a PostgreSQL URL without asyncpg installed says what to install."""

from __future__ import annotations

import pytest

from bot.db import Database, DatabaseUnavailable


async def test_a_postgresql_url_without_asyncpg_says_which_extra(without):
    without("asyncpg")
    with pytest.raises(DatabaseUnavailable) as caught:
        async with Database.open("postgresql+asyncpg://bot:s3cret@127.0.0.1:9/bot"):
            pass
    message = str(caught.value)
    assert message.startswith("postgresql+asyncpg://bot:***@127.0.0.1:9/bot: PostgreSQL needs asyncpg, "
                              "which is not installed: pip install 'diplomacy-briefing-bot[postgres]'")
    assert "s3cret" not in message
