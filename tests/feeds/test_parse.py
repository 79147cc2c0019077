"""Feed bytes from anywhere: a feed or a FeedFormatError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.feeds.parse import MAX_ITEMS, FeedFormatError, ParsedFeed, parse_feed

TAGS = st.sampled_from(["<rss version='2.0'>", "<channel>", "<item>", "</item>", "<title>", "</title>", "<link>",
                        "</link>", "<guid>", "</guid>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>",
                        "</entry>", "<![CDATA[", "]]>", "&amp;", "&bogus;", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
                        "https://news.example/a", "Talks in Istanbul", "\x00", "\ufeff"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), st.lists(TAGS, max_size=60).map(lambda parts: "".join(parts).encode())))
def test_any_bytes_give_a_feed_or_a_reason(body: bytes):
    try:
        parsed = parse_feed(body, "https://news.example/rss")
    except FeedFormatError as exc:
        assert str(exc).startswith("not an RSS or Atom feed (")
        return
    assert isinstance(parsed, ParsedFeed)
    assert all(item.url.startswith(("http://", "https://")) for item in parsed.items)


def test_a_feed_keeps_its_newest_items_only_and_each_id_once():
    items = "".join(f"<item><title>t{i % 300}</title><link>https://news.example/{i % 300}</link>"
                    f"<guid>g{i % 300}</guid></item>" for i in range(600))
    parsed = parse_feed(f"<rss version='2.0'><channel>{items}</channel></rss>".encode(), "https://news.example/rss")
    assert len(parsed.items) == MAX_ITEMS
    assert len({i.guid for i in parsed.items}) == MAX_ITEMS


def test_relative_links_resolve_against_the_feed_and_ids_stay_as_written():
    body = (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>42</id><title>Talks</title>"
            b"<link href='/world/talks'/></entry></feed>")
    (item,) = parse_feed(body, "https://news.example/feeds/world.xml").items
    assert (item.guid, item.url) == ("42", "https://news.example/world/talks")
