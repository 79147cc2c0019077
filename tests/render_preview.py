"""What members see, as pictures: the story commands and a digest on the bundled seeds.

Runs the real bot against the loopback Discord, keeps the JSON each reply carried, draws it as
a small HTML mock-up of Discord's embeds and (when Chromium is installed) shoots it to PNG:

    python -m tests.render_preview [--out DIR] [--no-shots]

It also prints the characters of /status and of a digest (content + every embed's texts), the
figure to compare when the layout changes. A tool for people, not part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.loopback_discord.reply import embed_text

COMMANDS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("status", "/status", {}),
    ("quotes", "/quotes", {}),
    ("timeline", "/timeline", {}),
    ("who", "/who", {"name": "vladimir-putin"}),
    ("sources", "/sources", {}),
    ("ask", "/ask", {"question": "Where will the talks take place?"}),
    ("ask-unanswered", "/ask", {"question": "What is the price of wheat in Chicago?"}),
    ("digest", "/digest preview", {}),
)
NOW = dt.datetime(2025, 5, 13, 9, 0, tzinfo=dt.UTC)


def chars(messages: list[dict[str, Any]]) -> int:
    """What a member reads: every page's embed texts (titles, descriptions, fields, footers) and
    the first message's content (later pages are the same message, turned)."""
    content = len(messages[0].get("content") or "") if messages else 0
    return content + sum(len(t) for m in messages for e in m.get("embeds") or [] for t in embed_text(e))


async def collect(work: Path) -> dict[str, list[dict[str, Any]]]:
    """Each command's reply messages (raw JSON, as the loopback Discord stored them)."""
    from bot.client import StoryBot
    from bot.db import Database
    from bot.runtime import Runtime
    from tests.bot_fixtures import Clock, copy_seeds, make_settings
    from tests.loopback_discord.client import running_bot
    from tests.loopback_discord.server import LoopbackDiscord

    copy_seeds(work)
    server = LoopbackDiscord()
    await server.start()
    out: dict[str, list[dict[str, Any]]] = {}
    try:
        settings = make_settings(server, work)
        runtime = Runtime.from_settings(settings, clock=Clock(NOW))
        await runtime.briefings.reload(keep_going=True, write=False)
        async with Database.open(settings.database.url) as db:
            runtime.db = db
            bot = StoryBot(runtime)
            async with running_bot(bot, server):
                await server.driver.wait_for_commands()
                for name, command, options in COMMANDS:
                    reply = await server.driver.invoke(command, options=options, timeout=30)
                    out[name] = [copy.deepcopy(m) for m in reply.messages]
                    # Later pages of a paginated answer: turn them as a member would.
                    while reply.messages and _can_turn(reply.messages[0]):
                        await server.driver.click(reply.messages[0], label="Next ▶", timeout=30)
                        out[name].append(copy.deepcopy(reply.messages[0]))
                    for i, raw in enumerate(reply.messages):
                        for att in raw.get("attachments") or []:
                            att["_bytes"] = len(server.store.files.get(att["id"], b""))
                            (work / f"{name}-{i}-{att['filename']}").write_bytes(server.store.files.get(att["id"], b""))
    finally:
        await server.stop()
    return out


def _can_turn(raw: dict[str, Any]) -> bool:
    return any(c.get("label") == "Next ▶" and not c.get("disabled")
               for row in raw.get("components") or [] for c in row.get("components") or [])


# -- Discord's look, roughly --------------------------------------------------------------
CSS = """
body { background:#313338; color:#dbdee1; font:15px/1.375 "gg sans","Noto Sans","DejaVu Sans",sans-serif;
       margin:0; padding:16px; width:760px; }
.msg { display:flex; gap:14px; margin-bottom:18px; }
.avatar { width:40px; height:40px; border-radius:50%; background:#5865f2; flex:none; }
.name { color:#f2f3f5; font-weight:600; } .tag { background:#5865f2; color:#fff; font-size:10px; border-radius:3px;
       padding:0 4px; margin-left:4px; } .eph { color:#949ba4; font-size:12px; margin-top:4px; }
.embed { background:#2b2d31; border-left:4px solid #1e1f22; border-radius:4px; padding:8px 16px 16px 12px;
         margin-top:6px; max-width:516px; display:grid; }
.e-title { color:#f2f3f5; font-weight:600; margin-top:8px; } .e-title a { color:#00a8fc; }
.e-desc, .f-value { font-size:14px; white-space:pre-wrap; margin-top:8px; }
.fields { display:grid; grid-template-columns:repeat(3,1fr); gap:8px; margin-top:8px; }
.field { grid-column:1/4; } .field.inline { grid-column:auto; }
.f-name { font-size:14px; font-weight:600; color:#f2f3f5; }
.f-value { margin-top:2px; }
.footer { font-size:12px; color:#b5bac1; margin-top:8px; }
a { color:#00a8fc; text-decoration:none; } code { background:#1e1f22; padding:0 3px; border-radius:3px; font-size:85%; }
.stamp { background:#404249; border-radius:3px; padding:0 2px; }
blockquote { border-left:4px solid #4e5058; margin:0; padding-left:10px; }
img.att { max-width:516px; border-radius:4px; margin-top:6px; display:block; }
.buttons button { background:#4e5058; color:#fff; border:0; border-radius:3px; padding:2px 16px; margin:8px 8px 0 0; }
h3 { color:#949ba4; font-size:12px; text-transform:uppercase; margin:24px 0 6px; }
"""


def _stamp(match: re.Match[str]) -> str:
    when = dt.datetime.fromtimestamp(int(match[1]), dt.UTC)
    style = match[2] or "f"
    text = {"D": f"{when:%d %B %Y}", "d": f"{when:%d/%m/%Y}", "t": f"{when:%H:%M}", "T": f"{when:%H:%M:%S}",
            "F": f"{when:%A, %d %B %Y %H:%M}", "R": _relative(when)}.get(style, f"{when:%d %B %Y %H:%M}")
    return f'<span class="stamp">{text}</span>'


def _relative(when: dt.datetime) -> str:
    minutes = int((NOW - when).total_seconds() // 60)
    if abs(minutes) < 60:
        return f"{abs(minutes)} minutes ago" if minutes >= 0 else f"in {-minutes} minutes"
    hours = minutes // 60
    return f"{hours} hours ago" if hours >= 0 else f"in {-hours} hours"


def markdown(text: str) -> str:
    """The few Discord markdown forms the bot writes: bold, links, code, quotes, timestamps, escapes."""
    out = html.escape(text, quote=False)
    out = re.sub(r"&lt;t:(-?\d+)(?::([tTdDfFR]))?&gt;", _stamp, out)
    out = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r'<a href="\2">\1</a>', out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out, flags=re.S)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"^&gt; (.*)$", r"<blockquote>\1</blockquote>", out, flags=re.M)
    return re.sub(r"\\([_*~|`>#\[\]\-\\])", r"\1", out)


def embed_html(embed: dict[str, Any]) -> str:
    colour = f"#{embed['color']:06x}" if embed.get("color") is not None else "#1e1f22"
    parts = []
    title = markdown(embed.get("title") or "")
    if title:
        if embed.get("url"):
            title = f'<a href="{html.escape(embed["url"])}">{title}</a>'
        parts.append(f'<div class="e-title">{title}</div>')
    if embed.get("description"):
        parts.append(f'<div class="e-desc">{markdown(embed["description"])}</div>')
    fields = "".join(
        f'<div class="field{" inline" if f.get("inline") else ""}"><div class="f-name">{markdown(f["name"])}</div>'
        f'<div class="f-value">{markdown(f["value"])}</div></div>' for f in embed.get("fields") or [])
    if fields:
        parts.append(f'<div class="fields">{fields}</div>')
    if (embed.get("image") or {}).get("url"):
        parts.append(f'<img class="att" src="{html.escape(embed["image"]["url"])}">')
    foot = [markdown((embed.get("footer") or {}).get("text") or "")]
    if embed.get("timestamp"):
        foot.append(f"{dt.datetime.fromisoformat(embed['timestamp']):%d/%m/%Y %H:%M}")
    if any(foot):
        parts.append(f'<div class="footer">{" • ".join(x for x in foot if x)}</div>')
    return f'<div class="embed" style="border-left-color:{colour}">{"".join(parts)}</div>'


def message_html(raw: dict[str, Any], files: dict[str, str]) -> str:
    body = ['<div><span class="name">Diplomacy briefing</span><span class="tag">APP</span></div>']
    if raw.get("content"):
        body.append(f'<div class="e-desc">{markdown(raw["content"])}</div>')
    body += [embed_html(e) for e in raw.get("embeds") or []]
    for att in raw.get("attachments") or []:
        if att["filename"] in files and not any((e.get("image") or {}).get("url") == f"attachment://{att['filename']}"
                                                for e in raw.get("embeds") or []):
            body.append(f'<img class="att" src="{files[att["filename"]]}">')
    labels = [c.get("label") for row in raw.get("components") or [] for c in row.get("components") or []]
    if labels:
        body.append('<div class="buttons">' + "".join(f"<button>{html.escape(x)}</button>" for x in labels) + "</div>")
    if int(raw.get("flags") or 0) & 64:
        body.append('<div class="eph">Only you can see this</div>')
    return f'<div class="msg"><div class="avatar"></div><div>{"".join(body)}</div></div>'


def page(name: str, messages: list[dict[str, Any]], work: Path) -> str:
    files = {}
    for i, raw in enumerate(messages):
        for att in raw.get("attachments") or []:
            path = work / f"{name}-{i}-{att['filename']}"
            if path.exists():
                files[att["filename"]] = path.as_uri()
    inner = "".join(message_html(m, files) for m in messages)
    inner = inner.replace('src="attachment://', 'data-attachment="')  # embeds' images: the uploaded file
    for filename, uri in files.items():
        inner = inner.replace(f'data-attachment="{filename}"', f'src="{uri}"')
    return f"<!doctype html><meta charset=utf-8><style>{CSS}</style><h3>{html.escape(name)}</h3>{inner}"


def shoot(html_file: Path, png: Path, height: int) -> bool:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return False
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png}", f"--window-size=800,{height}", html_file.as_uri()],
                   check=True, capture_output=True, timeout=120)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("preview"), help="folder for the JSON, HTML and PNG files")
    parser.add_argument("--no-shots", action="store_true", help="write the HTML only")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        replies = asyncio.run(collect(work))
        for name, messages in replies.items():
            (args.out / f"{name}.json").write_text(json.dumps(messages, indent=1, ensure_ascii=False))
            html_file = args.out / f"{name}.html"
            for f in work.glob(f"{name}-*"):
                shutil.copy(f, args.out / f.name)
            html_file.write_text(page(name, messages, args.out))
            size = chars(messages)
            height = 400 + size // 2 + 500 * sum(len(m.get("attachments") or []) for m in messages)
            shot = "" if args.no_shots else (
                f" → {args.out / (name + '.png')}" if shoot(html_file, args.out / f"{name}.png", min(height, 4000))
                else " (no chromium: HTML only)")
            print(f"{name:15} {size:6} characters{shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
