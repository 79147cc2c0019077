"""/timeline's picture: attached to the answer, shown in its embed, a PNG of the expected size."""

from __future__ import annotations

import io

from PIL import Image

from bot.render import chart
from tests.loopback_discord.limits import ATTACHMENT_MAX_BYTES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def picture(discord_server, message: dict) -> Image.Image:
    (attachment,) = message["attachments"]
    assert attachment["filename"] == "timeline.png"
    assert attachment["content_type"] == "image/png"
    data = discord_server.store.files[attachment["id"]]
    assert data.startswith(PNG_SIGNATURE)
    assert attachment["size"] == len(data) < ATTACHMENT_MAX_BYTES
    image = Image.open(io.BytesIO(data))
    image.verify()  # a whole, valid PNG
    return Image.open(io.BytesIO(data))


async def test_timeline_attaches_a_picture_of_its_events(story_bot, discord_server, discord_driver):
    reply = await discord_driver.invoke("/timeline")
    assert reply.deferred and not reply.ephemeral
    (message,) = reply.messages
    (embed,) = message["embeds"]
    assert embed["image"]["url"] == "attachment://timeline.png"
    image = picture(discord_server, message)
    # One row for each main actor of the bundled seeds: Putin, Zelensky, Trump, Erdoğan.
    assert image.format == "PNG"
    assert image.size == chart.size(4) == (1000, 400)
    # Today (the test clock's 13 May 2025) is marked with a red dashed line somewhere on the date axis.
    rgb = image.convert("RGB")
    reds = {x for x in range(image.width) for y in range(60, 300, 7) if rgb.getpixel((x, y)) == (0xC5, 0x30, 0x30)}
    assert reds, "no line marks today"


async def test_a_narrower_timeline_draws_only_its_actors(story_bot, discord_server, discord_driver):
    reply = await discord_driver.invoke("/timeline", actor="donald-trump", until="2025-05-11")
    (message,) = reply.messages
    image = picture(discord_server, message)
    assert image.size == chart.size(1)  # his two events up to 11 May (5 and 11 May) are his alone: one row
    # A timeline without events has no picture.
    empty = await discord_driver.invoke("/timeline", until="2020-01")
    assert empty.ephemeral and empty.messages[0]["attachments"] == []


def test_what_happened_is_filled_and_what_is_planned_is_hollow():
    import datetime as dt

    day = dt.date(2025, 5, 15)

    def marker_centre(mark: chart.Mark, colour) -> tuple[int, int, int]:
        image = Image.open(io.BytesIO(chart.draw("t", ["a"], [mark], today=day + dt.timedelta(days=10)))).convert("RGB")
        points = [(x, y) for x in range(image.width) for y in range(40, image.height - 90)
                  if colour(image.getpixel((x, y)))]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return image.getpixel(((min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2))

    def blue(rgb):
        return rgb[2] > 140 and rgb[0] < 110

    def orange(rgb):
        return rgb[0] > 200 and 80 < rgb[1] < 160 and rgb[2] < 100

    assert blue(marker_centre(chart.Mark(day, 0, done=True), blue))
    assert marker_centre(chart.Mark(day, 0, done=False), orange) == (255, 255, 255)


def test_the_plotting_library_is_loaded_only_to_draw():
    import subprocess
    import sys

    # Every module the bot and the console import at start: none of them may carry matplotlib.
    code = ("import importlib, sys; from bot.exts import EXTENSIONS; import bot.client, bot.console, bot.app\n"
            "[importlib.import_module(e) for e in EXTENSIONS]\n"
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"
