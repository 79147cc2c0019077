"""/digest commands as members use them, against the real bot and the loopback Discord."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import time_machine

from tests.digest.bot_harness import add_seed, digest_bot
from tests.digest.conftest import SEED_A, SEED_B
from tests.loopback_discord.server import LoopbackDiscord

KYIV_0859 = dt.datetime(2025, 5, 14, 5, 59, 58, tzinfo=dt.UTC)  # 08:59:58 in Kyiv


async def test_subscribe_then_the_digest_arrives_at_its_time_once(discord_server: LoopbackDiscord, tmp_path: Path,
                                                                    database_url: str):
    add_seed(tmp_path, SEED_A)
    with time_machine.travel(KYIV_0859 - dt.timedelta(minutes=5), tick=True) as traveller:
        async with digest_bot(discord_server, tmp_path, database_url) as bot:
            reply = await bot.driver.invoke("/digest subscribe", member=bot.driver.admin, channel="general",
                                            time="09:00", timezone="Europe/Kyiv")
            assert reply.ephemeral
            assert reply.content.startswith("Subscribed <#%s>: daily at 09:00 Europe/Kyiv" % bot.channel_id("general"))
            add_seed(tmp_path, SEED_B)
            await bot.runtime.briefings.reload(write=False)
            traveller.move_to(KYIV_0859)
            bot.service.scheduler.wakeup()
            (message,) = await bot.wait_for_digests("general")
            assert "Daily digest · Wed 14 May 2025" in message.text
            assert "There can be no negotiations while weapons are" in message.text
            (row,) = await bot.rows("general")
            assert (row.state, row.local_date, row.message_ids) == ("sent", dt.date(2025, 5, 14), (int(message.id),))
