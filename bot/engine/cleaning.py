"""Cleaning: find the article's structure (headings, bullets, paragraphs) and mask scraping noise.

Noise is blanked out with spaces rather than cut, so every character offset still points into
the original text and each extracted item can cite its exact span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "bullet", "paragraph"]

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "— Name (@handle) April 27, 2025": the signature under an embedded social post.
_SIGNATURE = re.compile(
    rf"^\s*(?:[—–]|-{{1,2}}|&mdash;)\s*[^\n]{{0,80}}?\(@\w{{1,30}}\)\s*(?:(?:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})?\s*$"
)
_SHORT_LINK = re.compile(
    r"(?:https?://)?(?:t\.co|pic\.twitter\.com|bit\.ly|buff\.ly|ow\.ly|dlvr\.it)/\S*", re.I
)
_URL = re.compile(r"https?://\S+")
# A live blog's entry stamp, often glued to the text before it: "…with neitherpublished at 00:27
# British Summer Time 16 August".
_STAMP = re.compile(
    rf"(?:published|updated|posted)(?:\s+at)?:?\s*\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?"
    rf"(?:\s+(?:[A-Z][a-z]+|[A-Z]{{2,4}})){{0,3}}(?:\s+\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?)?",
    re.I,
)
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\n]*)\)")
_BOILERPLATE = re.compile(
    r"^\s*(?:advertisement|advert|sponsored( content)?|read more\b.*|related:.*|(?:also|must) read:.*"
    r"|(?:see|read) also:.*|more on this( story)?:.*|\w+(?:'s|’s)? coverage:.*|(?:hide|show|toggle|change|cover) caption"
    r"|recommended( stories)?:?.*|sign up\b.*|subscribe\b.*|share this( article| story)?.*"
    r"|follow us\b.*|click here\b.*|copyright\b.*|©.*|all rights reserved\.?"
    r"|\(?(?:photo|image|video)( by|:| credit).*|getty images.*|watch:.*|listen:.*"
    r"|this article (?:was|is) (?:originally )?published.*|story continues below.*"
    r"|support\b.{0,60}\b(?:on patreon|donat\w*|subscri\w*)\b.*|donate\b.*)\s*$",
    re.I,
)
# A photo caption: a line that ends in its credit ("… (Photo: AFP/Genya Savilov)",
# "… - Ramil Sitdikov/AFP/Getty Images", "Rustem Umerov (Illustrative photo: NAME / EPA)").
_AGENCIES = (
    r"getty images|afp|reuters|epa(?:-efe)?|ap photo|ap|associated press|tass|ria novosti|sputnik|anadolu"
    r"|shutterstock|pool|xinhua|ukrinform|efe|dpa|imago|alamy|handout|press service|presidential office"
)
_CAPTION = re.compile(
    rf"(?:\((?:[^()\n]{{0,40}}(?:photo|image|picture|credit)[^()\n]{{0,10}}:\s*)?[^()\n]{{0,60}}\b(?:{_AGENCIES})\b[^()\n]{{0,40}}\)"
    rf"|\s[-–—|]\s*[^\n]{{0,60}}\b(?:{_AGENCIES})\b[^\n]{{0,30}}|\bphoto:\s*[^\n]{{0,60}})\s*$",
    re.I,
)
_BULLET = re.compile(r"^(\s*)(?:[-*•▪◦–→►●·]|\d{1,2}[.)])\s+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_BLOCKQUOTE = re.compile(r"^\s*>\s?")
_TERMINAL = tuple(".!?:;\"”’)…")
_EMOJI_START = re.compile(r"^\s*[\U0001F000-\U0001FAFF\u2600-\u27BF]")
# A line that only credits a photo ("Tomas Reyes/AP/Keystone", "Reuters"): the caption is the line
# right above it.
_CREDIT_LINE = re.compile(
    rf"^\s*(?:(?:[A-Z][\w.'’-]*\s?){{1,4}}/\s*)*(?:[A-Z][\w.'’-]*\s?){{0,3}}\b(?:{_AGENCIES})\b(?:\s*/\s*[\w. ]{{1,30}})*\s*$",
    re.I,
)
# A caption whose credit follows its last sentence without a dash: "… 2025. Piotr Zielny/Pool via
# REUTERS", "… Credit: Ines Moro / EPA via AMNA".
_SLASH_CREDIT = re.compile(
    rf"(?:[.!?]\s+(?:[A-Z][\w.'’-]*\s?){{1,4}}(?:/\s*[\w.'’ -]{{1,40}})*/\s*(?:pool via\s+)?(?:{_AGENCIES})"
    rf"|\bcredit:\s*[^\n]{{0,60}}\b(?:{_AGENCIES}|via)\b[^\n]{{0,30}})\s*$",
    re.I,
)
# A "related stories" block: everything after its marker line is other stories' teasers.
_RELATED = re.compile(
    r"^\s*(?:related(?: stories| articles| news| posts| content| coverage| reading)?|more stories|more news|read next"
    r"|recommended(?: for you)?|you (?:may|might) also like|most read|trending(?: now)?|top stories|latest news)\s*:?\s*$",
    re.I,
)
POST_TEXT_LIMIT = 300
WRAP_MIN = 50  # a hard-wrapped line is long; a heading or a label above a paragraph is not  # an embedded post is short; an article paragraph before it is not


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    start: int  # offset in the body
    end: int


@dataclass(frozen=True)
class Cleaned:
    masked: str  # same length as the body; noise replaced by spaces
    blocks: tuple[Block, ...]
    removed: tuple[tuple[int, int, str], ...]  # (start, end, why) spans dropped as noise


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _visible(line: str) -> str:
    return _URL.sub("", _SHORT_LINK.sub("", line)).strip()


def _embedded_posts(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line indexes of each embedded social post, found from its signature line."""
    posts = []
    for i, line in enumerate(lines):
        if not _SIGNATURE.match(line):
            continue
        first, used = i, 0
        j = i - 1
        # The post ends where the article shows itself: a blank line, boilerplate, a heading, the lede.
        while j > 0 and lines[j].strip() and not _BOILERPLATE.match(lines[j]) and not _MD_HEADING.match(lines[j]):
            visible = _visible(lines[j])
            has_link = bool(_SHORT_LINK.search(lines[j]))
            if not has_link and used + len(visible) > POST_TEXT_LIMIT:
                break
            used += len(visible)
            first = j
            j -= 1
        posts.append((first, i))
    return posts


def clean(body: str) -> Cleaned:
    chars = list(body)
    removed: list[tuple[int, int, str]] = []
    spans = _line_spans(body)
    lines = body.split("\n")

    def drop(start: int, end: int, why: str) -> None:
        if end > start:
            _blank(chars, start, end)
            removed.append((start, end, why))

    dropped_lines: set[int] = set()
    related = next((n for n, line in enumerate(lines) if len(line) < 40 and _RELATED.match(line)), None)
    # A marker in the second half opens the page's footer of other stories; higher up it labels
    # a teaser or two (headline-like lines), and the article goes on after them.
    if related is not None:
        last = len(lines) - 1
        if spans[related][0] < len(body) / 2:
            last = related
            while last + 1 < len(lines) and (
                not lines[last + 1].strip() or _is_heading(lines[last + 1], lines[last + 1].strip())
            ):
                last += 1
        drop(spans[related][0], spans[last][1], "related stories")
        dropped_lines.update(range(related, last + 1))
    for first, last in _embedded_posts(lines):
        drop(spans[first][0], spans[last][1], "embedded social post")
        dropped_lines.update(range(first, last + 1))
    for n, line in enumerate(lines):
        if n in dropped_lines:
            continue
        start = spans[n][0]
        if _BOILERPLATE.match(line) or _SIGNATURE.match(line):
            drop(start, spans[n][1], "boilerplate line")
            dropped_lines.add(n)
            continue
        if len(line) < 80 and _CREDIT_LINE.match(line):
            drop(start, spans[n][1], "photo credit")
            dropped_lines.add(n)
            if n > 0 and n - 1 not in dropped_lines and lines[n - 1].strip():
                drop(spans[n - 1][0], spans[n - 1][1], "photo caption")
                dropped_lines.add(n - 1)
            continue
        if ("/" in line or "redit:" in line) and _SLASH_CREDIT.search(line):
            drop(start, spans[n][1], "photo caption")
            dropped_lines.add(n)
            continue
        low = line.lower()
        tail = line.rstrip()[-110:]
        credit_like = tail.endswith(")") or " - " in tail or "—" in tail or "–" in tail or "|" in tail or "photo:" in low
        if credit_like and ("/" in line or "(" in line or "photo" in low) and _CAPTION.search(line):
            drop(start, spans[n][1], "photo caption")
            dropped_lines.add(n)
            continue
        stamped = "published" in low or "updated" in low or "posted" in low
        for pattern, why in ((_MD_IMAGE, "image"), (_SHORT_LINK, "link"), (_URL, "link"), *([(_STAMP, "timestamp")] if stamped else [])):
            for m in pattern.finditer(line):
                drop(start + m.start(), start + m.end(), why)
        for m in _MD_LINK.finditer(line):
            drop(start + m.start(), start + m.start() + 1, "link markup")
            drop(start + m.end(1), start + m.end(), "link")
        for m in (_MD_HEADING.match(line), _BLOCKQUOTE.match(line)):
            if m:
                drop(start + m.start(), start + m.end(), "markup")
        masked_line = "".join(chars[spans[n][0] : spans[n][1]])
        if not masked_line.strip() or not re.search(r"\w", masked_line):
            dropped_lines.add(n)

    # A page often prints a caption twice, once without its credit: that copy is the caption too.
    captions = [body[a:b].strip() for a, b, why in removed if why == "photo caption"]
    if captions:
        for n, line in enumerate(lines):
            text = line.strip()
            if n not in dropped_lines and len(text) >= 30 and any(c != text and c.startswith(text) for c in captions):
                drop(spans[n][0], spans[n][1], "photo caption")
                dropped_lines.add(n)
    masked = "".join(chars)
    blocks = _blocks(body, masked, spans, dropped_lines)
    return Cleaned(masked=masked, blocks=tuple(blocks), removed=tuple(removed))


def _is_heading(raw: str, text: str) -> bool:
    if _MD_HEADING.match(raw):
        return True
    words = text.split()
    if not words or text.endswith(_TERMINAL):
        return False
    if len(words) > 12:
        # A long headline or teaser still shows itself by its capitals: "Trump and Zelenskyy Meet at
        # White House: Tomahawk Missiles on the Table Amid Peace Talks".
        long_words = [w for w in words if len(w.strip("\"“”'‘’(),:-")) >= 4]
        capped = sum(w.lstrip("\"“'‘(")[:1].isupper() for w in long_words)
        return len(words) <= 30 and len(long_words) >= 4 and capped >= 0.8 * len(long_words)
    first = text.lstrip("\"“'‘(")
    return bool(first) and (first[0].isupper() or first[0].isdigit() or bool(_EMOJI_START.match(first)))


def _blocks(
    body: str, masked: str, spans: list[tuple[int, int]], dropped: set[int]
) -> list[Block]:
    blocks: list[Block] = []
    for n, (start, end) in enumerate(spans):
        if n in dropped:
            continue
        text = masked[start:end].strip()
        if not text:
            continue
        raw = body[start:end]
        lead = len(masked[start:end]) - len(masked[start:end].lstrip())
        prev = blocks[-1] if blocks else None
        prev_line = masked[spans[n - 1][0] : spans[n - 1][1]].rstrip() if n else ""
        if (
            prev is not None
            and prev.kind == "paragraph"
            and n - 1 not in dropped
            and spans[n - 1][1] == prev.end
            and len(prev_line) >= WRAP_MIN
            and not prev_line.endswith(_TERMINAL)
            and not _BULLET.match(masked[start:end])
            and (len(text) >= WRAP_MIN or text.endswith(_TERMINAL))  # not a byline under a headline
        ):
            # A hard-wrapped page breaks its sentences anywhere: "… Ukrainian President\nVolodymyr
            # Zelenskyy has said …". A long line that stops mid-sentence goes on in the next.
            blocks[-1] = Block("paragraph", prev.start, end)
            continue
        bullet = _BULLET.match(masked[start:end])
        if bullet:
            blocks.append(Block("bullet", start + bullet.end(), end))
            continue
        nxt = masked[spans[n + 1][0] : spans[n + 1][1]].strip() if n + 1 < len(spans) and n + 1 not in dropped else ""
        if _is_heading(raw, text) and not (nxt[:1].islower() and len(raw) >= WRAP_MIN):
            # (a long line the next one continues in lower case is a wrapped sentence, not a heading)
            blocks.append(Block("heading", start + lead, end))
            continue
        # A wrapped paragraph continues on the next line in lower case.
        if (
            prev is not None
            and prev.kind == "paragraph"
            and text[0].islower()
            and n - 1 not in dropped
            and spans[n - 1][1] == prev.end
        ):
            blocks[-1] = Block("paragraph", prev.start, end)
            continue
        blocks.append(Block("paragraph", start + lead, end))
    return [b for b in blocks if masked[b.start : b.end].strip()]
