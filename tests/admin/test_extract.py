"""A fetched page becomes a seed file the engine reads back with the page's title, outlet, address and date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot.admin.errors import ExtractError
from bot.admin.extract import MIN_ARTICLE_CHARS, extract_article, seed_text, source_id
from bot.admin.fetch import Page
from bot.engine.sources import parse_source

PAGES = Path(__file__).parent / "pages"
URL = "https://alpine-courier.example/world/geneva-round"
TALKS = [
    "Negotiators met again in Geneva, and the talks lasted late into the evening without a result.",
    "Officials in Moscow said on Monday that no date had been set for a new round of talks.",
    "Diplomats in Kyiv said the delegation would return home once the exchange lists were signed.",
]
UKRAINIAN = [
    "Зеленський заявив, що переговори у Стамбулі продовжаться наступного тижня, повідомили дипломати.",
    "Делегації обмінялися списками полонених, але дату наступної зустрічі ще не погоджено.",
    "Міністр закордонних справ Туреччини сказав, що Анкара готова знову прийняти обидві сторони.",
]


def page(html: str | bytes, *, url: str = URL, charset: str | None = "utf-8") -> Page:
    return Page(url=url, body=html.encode() if isinstance(html, str) else html, charset=charset)


def article_html(title: str, paragraphs: list[str], head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title>{head}</head><body><nav>Home · World · Subscribe</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>© Cookie settings</footer></body></html>")


def read_back(text: str):
    return parse_source(text.encode(), "x", "x.md")


def test_the_article_page_gives_front_matter_and_only_the_article_text():
    html = (PAGES / "talks_geneva.html").read_text()
    text = seed_text(extract_article(page(html)))
    raw = read_back(text)
    assert (raw.title, raw.outlet, raw.url, raw.published) == (
        "Negotiators agree on prisoner exchange after Geneva round", "Alpine Courier", URL, dt.date(2025, 6, 3))
    assert raw.text.startswith("Ukrainian and Russian delegations agreed on Tuesday")
    assert "Umerov told reporters outside the Palais des Nations." in raw.text
    for noise in ("Subscribe", "Advertisement", "Cookie settings", "Markets close higher"):
        assert noise not in text


def test_titles_with_colons_and_quotes_survive_the_front_matter():
    title = 'Kremlin: "no date yet" for talks — #Istanbul: round 2'
    paragraphs = TALKS
    raw = read_back(seed_text(extract_article(page(article_html(title, paragraphs)))))
    assert raw.title == title


def test_a_page_without_a_date_gets_no_published_line():
    paragraphs = TALKS
    text = seed_text(extract_article(page(article_html("Talks resume", paragraphs))))
    assert "published:" not in text
    assert read_back(text).published is None


def test_the_outlet_falls_back_to_the_host_name():
    paragraphs = TALKS
    raw = read_back(seed_text(extract_article(page(article_html("Talks resume", paragraphs),
                                                      url="https://www.kyiv-daily.example/a/1"))))
    assert raw.outlet == "kyiv-daily.example"


def test_the_charset_the_server_names_is_used():
    paragraphs = UKRAINIAN
    html = article_html("Переговори у Стамбулі", paragraphs)
    raw = read_back(seed_text(extract_article(page(html.encode("windows-1251"), charset="windows-1251"))))
    assert raw.title == "Переговори у Стамбулі"
    assert "Зеленський заявив" in raw.text


def test_a_page_without_an_article_is_refused():
    html = "<html><head><title>Index</title></head><body><nav><a href='/a'>World</a></nav><p>Sign in</p></body></html>"
    with pytest.raises(ExtractError) as err:
        extract_article(page(html))
    assert err.value.message.startswith("No article text found on that page (")
    assert f"at least {MIN_ARTICLE_CHARS} are needed" in err.value.message


def test_the_id_is_readable_safe_and_the_same_for_the_same_address():
    html = (PAGES / "talks_geneva.html").read_text()
    first = source_id(extract_article(page(html)))
    again = source_id(extract_article(page(html)))
    other = source_id(extract_article(page(html, url=URL + "?page=2")))
    assert first == again != other
    assert re.fullmatch(r"negotiators-agree-on-prisoner-exchange-after-gen-[0-9a-f]{8}", first)


def test_a_title_without_latin_letters_still_gives_a_usable_id():
    paragraphs = UKRAINIAN
    sid = source_id(extract_article(page(article_html("Переговори", paragraphs))))
    assert re.fullmatch(r"source-[0-9a-f]{8}", sid)
