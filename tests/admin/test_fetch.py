"""Fetching pages for `/source add`: what an admin is told when a page cannot or may not be fetched."""

from __future__ import annotations

import ipaddress

import pytest

from bot.admin import addresses
from bot.admin.errors import FetchError
from bot.admin.fetch import MAX_REDIRECTS, fetch_page
from tests.admin.conftest import TableResolver
from tests.admin.web import ArticleSite

ARTICLE = "<html><head><title>T</title></head><body><article><p>Text.</p></article></body></html>"


async def fetch(url: str, **kw):
    kw.setdefault("timeout", 5.0)
    kw.setdefault("max_bytes", 100_000)
    kw.setdefault("allow_private", True)
    return await fetch_page(url, **kw)


async def refusal_of(url: str, **kw) -> str:
    with pytest.raises(FetchError) as err:
        await fetch(url, **kw)
    return err.value.message


@pytest.fixture
def loopback_is_public(monkeypatch):
    """Count 127.0.0.1 as a public server, so redirects from it onward can be tested locally."""
    real = addresses.refusal
    monkeypatch.setattr(addresses, "refusal",
                        lambda ip: None if ip == ipaddress.ip_address("127.0.0.1") else real(ip))


async def test_a_page_is_fetched_after_redirects_on_the_same_site(site: ArticleSite):
    site.html("/article", ARTICLE)
    site.redirect("/short", "/article", status=301)
    page = await fetch(site.url("/short"))
    assert page.url == site.url("/article")
    assert page.body == ARTICLE.encode()


async def test_loopback_address_is_refused_without_asking_it(site: ArticleSite):
    site.html("/article", ARTICLE)
    message = await refusal_of(site.url("/article"), allow_private=False)
    assert message == "Refused: 127.0.0.1 is a loopback address. Only public web pages can be added."
    assert site.requests == []


@pytest.mark.parametrize(("url", "said"), [
    ("http://10.1.2.3/news", "10.1.2.3 is a private address"),
    ("http://192.168.0.10/news", "192.168.0.10 is a private address"),
    ("http://169.254.169.254/latest/meta-data", "169.254.169.254 is a cloud metadata address"),
    ("http://[::1]/", "::1 is a loopback address"),
    ("http://[fe80::1]/", "fe80::1 is a link-local address"),
    ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1 is an IPv6 form of 10.0.0.1, a private address"),
])
async def test_private_and_link_local_literals_are_refused(url: str, said: str):
    assert said in await refusal_of(url, allow_private=False)


async def test_a_name_is_checked_by_what_it_resolves_to():
    resolver = TableResolver({"intranet.example": ["10.20.30.40"]})
    message = await refusal_of("https://intranet.example/page", allow_private=False, resolver=resolver)
    assert message == ("Refused: intranet.example resolves to 10.20.30.40, a private address. "
                       "Only public web pages can be added.")


async def test_a_name_with_one_private_address_among_public_ones_is_refused():
    resolver = TableResolver({"mixed.example": ["93.184.216.34", "127.0.0.1"]})
    message = await refusal_of("http://mixed.example/", allow_private=False, resolver=resolver)
    assert "resolves to 127.0.0.1, a loopback address" in message


async def test_a_redirect_to_another_loopback_server_is_refused(site: ArticleSite, loopback_is_public):
    inner = ArticleSite(host="127.0.0.2")
    await inner.start()
    try:
        inner.html("/admin", ARTICLE)
        site.redirect("/story", inner.url("/admin"))
        message = await refusal_of(site.url("/story"), allow_private=False)
    finally:
        await inner.stop()
    assert message == "Refused: 127.0.0.2 is a loopback address. Only public web pages can be added."
    assert site.requests == ["/story"]
    assert inner.requests == []


async def test_a_redirect_to_a_name_resolving_to_link_local_is_refused(site: ArticleSite, loopback_is_public):
    site.redirect("/story", "http://metadata.example/latest")
    resolver = TableResolver({"metadata.example": ["169.254.169.254"]})
    message = await refusal_of(site.url("/story"), allow_private=False, resolver=resolver)
    assert "metadata.example resolves to 169.254.169.254, a cloud metadata address" in message


async def test_a_redirect_loop_stops(site: ArticleSite):
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    message = await refusal_of(site.url("/a"))
    assert message == f"The page redirected more than {MAX_REDIRECTS} times; giving up."
    assert len(site.requests) == MAX_REDIRECTS + 1


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://example.com/file", "Only http:// and https:// addresses can be added."),
    ("file:///etc/passwd", "Only http:// and https:// addresses can be added."),
    ("not a url", "Only http:// and https:// addresses can be added."),
    ("http://user:secret@example.com/", "Addresses with a user name or password are not fetched."),
    ("http://example.com:99999/", "That is not a valid web address."),
    ("http://" + "a" * 3000 + ".com/", "That address is 3,012 characters long; the limit is 2,048."),
])
async def test_addresses_that_are_not_web_pages(url: str, message: str):
    assert await refusal_of(url) == message


async def test_only_html_is_accepted(site: ArticleSite):
    site.html("/report.pdf", b"%PDF-1.7", content_type="application/pdf", charset=None)
    message = await refusal_of(site.url("/report.pdf"))
    assert message == "That is not a web page: the site sent application/pdf, not HTML."


async def test_a_declared_size_over_the_cap_is_refused_before_reading(site: ArticleSite):
    site.html("/big", "<p>" + "x" * 5000 + "</p>")
    assert await refusal_of(site.url("/big"), max_bytes=1000) == "The page is larger than the 1,000-byte limit."


async def test_a_stream_without_length_is_cut_at_the_cap(site: ArticleSite):
    site.stream("/endless", b"<p>" + b"y" * 1021, times=50)
    assert await refusal_of(site.url("/endless"), max_bytes=10_000) == "The page is larger than the 10,000-byte limit."


async def test_a_slow_site_times_out(site: ArticleSite):
    site.slow("/slow", 5)
    assert await refusal_of(site.url("/slow"), timeout=0.2) == "The site did not answer within 0.2 s."


@pytest.mark.parametrize(("status", "headers", "message"), [
    (404, {}, "The site answered 404 Not Found."),
    (429, {"Retry-After": "30"}, "The site answered 429 Too Many Requests; try again in 30 s."),
    (503, {}, "The site answered 503 Service Unavailable; try again later."),
])
async def test_error_statuses_are_reported(site: ArticleSite, status, headers, message):
    site.html("/p", "<p>no</p>", status=status, headers=headers)
    assert await refusal_of(site.url("/p")) == message


async def test_a_site_that_does_not_exist():
    resolver = TableResolver({})
    assert await refusal_of("http://gone.example/", resolver=resolver) == (
        "Could not find the site gone.example (DNS lookup failed)."
    )


@pytest.mark.parametrize("host", ["１２７.０.０.２", "127.0.0.2.", "0x7f.0.0.2", "[::ffff:127.0.0.2]"])
async def test_a_redirect_to_another_spelling_of_loopback_is_refused(site: ArticleSite, loopback_is_public, host):
    inner = ArticleSite(host="127.0.0.2")
    await inner.start()
    try:
        inner.html("/admin", ARTICLE)
        site.redirect("/story", f"http://{host}:{inner.port}/admin")
        message = await refusal_of(site.url("/story"), allow_private=False)
    finally:
        await inner.stop()
    assert message.startswith("Refused: ") and "127.0.0.2" in message and "a loopback address" in message
    assert site.requests == ["/story"]
    assert inner.requests == []
