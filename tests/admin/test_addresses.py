"""Addresses `/source add` must never connect to, however they are written.

The fetcher is given each address with its real resolver; a server on 127.0.0.1 counts the
connections it gets and every `socket.connect` of the process is recorded, so a spelling the
checks miss shows up as a connection, not as a message that merely looks right.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.admin.addresses import check_url
from bot.admin.errors import FetchError
from bot.admin.fetch import fetch_page
from tests.admin.conftest import TableResolver
from tests.admin.connections import CountingServer, connect_attempts

LOOPBACK = "a loopback address"
TAIL = "Only public web pages can be added."


@pytest_asyncio.fixture
async def server() -> AsyncIterator[CountingServer]:
    counting = CountingServer()
    await counting.start()
    try:
        yield counting
    finally:
        await counting.stop()


async def refused(host: str, server: CountingServer, **kw) -> str:
    """The fetcher's message for `http://host:port/`, and proof it connected nowhere."""
    with connect_attempts() as attempts, pytest.raises(FetchError) as err:
        await fetch_page(f"http://{host}:{server.port}/", timeout=5.0, max_bytes=10_000,
                         allow_private=kw.pop("allow_private", False), **kw)
    assert attempts == []
    assert server.connections == 0
    return err.value.message


async def test_the_counting_server_sees_a_fetch_it_is_allowed(server: CountingServer):
    with connect_attempts() as attempts:
        page = await fetch_page(f"http://127.0.0.1:{server.port}/", timeout=5.0, max_bytes=10_000,
                                allow_private=True)
    assert b"secret" in page.body
    assert server.connections == 1
    assert ("127.0.0.1", server.port) in attempts


@pytest.mark.parametrize("host", [
    "１２７.０.０.１",  # full-width digits
    "127。0。0。1",  # ideographic full stops
    "①②⑦.0.0.1",  # circled digits
    "𝟏𝟐𝟕.𝟎.𝟎.𝟏",  # mathematical bold digits
    "127.0.0.1.",  # trailing dot
    "１２７.０.０.１.",
    "2130706433",  # one number
    "127.1",  # two parts
    "127.0.1",  # three parts
    "0x7f.1",  # hexadecimal
    "0X7F000001",
    "0177.0.0.1",  # octal
    "127.000.000.001",
])
async def test_other_spellings_of_loopback_are_refused(host: str, server: CountingServer):
    assert await refused(host, server) == f"Refused: {host} is 127.0.0.1, {LOOPBACK}. {TAIL}"


@pytest.mark.parametrize(("host", "said"), [
    ("[::127.0.0.1]", "::127.0.0.1 is an IPv6 form of 127.0.0.1, a loopback address"),
    ("[::7f00:1]", "::7f00:1 is an IPv6 form of 127.0.0.1, a loopback address"),
    ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is an IPv6 form of 127.0.0.1, a loopback address"),
    ("[::ffff:7f00:1]", "::ffff:7f00:1 is an IPv6 form of 127.0.0.1, a loopback address"),
    ("[0:0:0:0:0:ffff:7f00:1]", "0:0:0:0:0:ffff:7f00:1 is an IPv6 form of 127.0.0.1, a loopback address"),
    ("[::ffff:0:127.0.0.1]", "::ffff:0:127.0.0.1 is an IPv6 form of 127.0.0.1, a loopback address"),
    ("[64:ff9b::127.0.0.1]", "64:ff9b::127.0.0.1 is an IPv6 form of 127.0.0.1, a loopback address"),
    ("[64:ff9b::a00:1]", "64:ff9b::a00:1 is an IPv6 form of 10.0.0.1, a private address"),
    ("[2002:7f00:1::1]", "2002:7f00:1::1 is an IPv6 form of 127.0.0.1, a loopback address"),
    ("[2002:a9fe:a9fe::]", "2002:a9fe:a9fe:: is an IPv6 form of 169.254.169.254, a cloud metadata address"),
    # Teredo: the client's address is stored inverted in the last 32 bits.
    ("[2001:0:4136:e378:8000:63bf:80ff:fffe]",
     "2001:0:4136:e378:8000:63bf:80ff:fffe is an IPv6 form of 127.0.0.1, a loopback address"),
    ("[64:ff9b:1::1]", "64:ff9b:1::1 is not a public address"),
    ("[fe80::1%25lo]", "fe80::1%25lo is fe80::1, a link-local address"),
    ("[::]", "::"),
    ("0", "0 is 0.0.0.0"),
    ("0.0.0.0", "0.0.0.0 is not a public address"),
])
async def test_ipv6_forms_are_judged_by_the_ipv4_address_inside(host: str, said: str, server: CountingServer):
    message = await refused(host, server)
    assert message.startswith(f"Refused: {said}")
    assert message.endswith(TAIL)


@pytest.mark.parametrize("host", ["169.254.169.254", "[fd00:ec2::254]", "169.254.170.2", "100.100.100.200"])
async def test_cloud_metadata_addresses_are_refused_even_when_private_ones_are_allowed(host, server):
    message = await refused(host, server, allow_private=True)
    assert message == f"Refused: {host.strip('[]')} is a cloud metadata address. {TAIL}"


async def test_a_name_resolving_to_a_metadata_address_is_refused(server: CountingServer):
    resolver = TableResolver({"metadata.example": ["fd00:ec2::254"]})
    message = await refused("metadata.example", server, allow_private=True, resolver=resolver)
    assert message == f"Refused: metadata.example resolves to fd00:ec2::254, a cloud metadata address. {TAIL}"


@pytest.mark.parametrize(("answer", "said"), [
    ("::ffff:127.0.0.1", "::ffff:127.0.0.1, an IPv6 form of 127.0.0.1, a loopback address"),
    ("64:ff9b::7f00:1", "64:ff9b::7f00:1, an IPv6 form of 127.0.0.1, a loopback address"),
    ("2002:c0a8:1::1", "2002:c0a8:1::1, an IPv6 form of 192.168.0.1, a private address"),
])
async def test_a_name_resolving_to_an_ipv6_form_of_a_private_address_is_refused(answer, said, server):
    resolver = TableResolver({"sneaky.example": [answer]})
    message = await refused("sneaky.example", server, resolver=resolver)
    assert message == f"Refused: sneaky.example resolves to {said}. {TAIL}"


async def test_localhost_by_name_is_refused_with_the_real_resolver(server: CountingServer):
    message = await refused("localhost", server)
    assert message.startswith("Refused: localhost resolves to ") and LOOPBACK in message


@pytest.mark.parametrize(("host", "plain"), [("16909060", "1.2.3.4"), ("1.2.0x3.4", "1.2.3.4"), ("010.0.0.1", "8.0.0.1")])
def test_a_public_address_written_another_way_is_refused_with_its_plain_form(host: str, plain: str):
    for allow_private in (False, True):
        with pytest.raises(FetchError) as err:
            check_url(f"http://{host}/", allow_private=allow_private)
        assert err.value.message == (f"Refused: {host} is {plain} written in an unusual way. "
                                     f"Write the address as {plain}.")


@pytest.mark.parametrize("url", ["http://93.184.216.34/a", "http://[2606:2800:220:1:248:1893:25c8:1946]/",
                                 "http://１.２.３.４/", "https://news.example.com./story", "http://ex_ample.com/",
                                 "http://[::ffff:1.2.3.4]/", "http://[64:ff9b::1.2.3.4]/", "http://[2002:102:304::1]/"])
def test_plain_public_addresses_and_names_pass(url: str):
    assert check_url(url, allow_private=False).raw_host


@pytest.mark.parametrize("url", ["http://%31%32%37.0.0.1/", "http://127.0.0.1%2e/", "http://1.2.3.4.5/",
                                 "http://999.1.1.1/", "http://[1:2:3]/"])
def test_hosts_no_resolver_should_see_are_not_valid(url: str):
    with pytest.raises(FetchError) as err:
        check_url(url, allow_private=False)
    assert err.value.message == "That is not a valid web address."


# -- every spelling of every non-public address ------------------------------------------------

NETWORKS = [ipaddress.ip_network(n) for n in (
    "127.0.0.0/8", "0.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
    "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
)]
PINNED = [ipaddress.ip_address(a) for a in ("127.0.0.1", "0.0.0.0", "169.254.169.254", "169.254.170.2",
                                            "100.100.100.200", "10.0.0.1", "192.168.1.1")]
DIGITS = ["0123456789", "０１２３４５６７８９", "⓪①②③④⑤⑥⑦⑧⑨", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "𝟘𝟙𝟚𝟛𝟜𝟝𝟞𝟟𝟠𝟡", "⁰¹²³⁴⁵⁶⁷⁸⁹"]
DOTS = [".", "。", "．", "｡"]


def addresses_v4() -> st.SearchStrategy[ipaddress.IPv4Address]:
    inside = st.sampled_from(NETWORKS).flatmap(
        lambda net: st.integers(0, net.num_addresses - 1).map(lambda i: net.network_address + i))
    return st.one_of(st.sampled_from(PINNED), inside)


@st.composite
def spelled_v4(draw, address: ipaddress.IPv4Address) -> str:
    """`address` as inet_aton reads it: 1 to 4 parts, each decimal, octal or hexadecimal, with
    Unicode digits and full stops that IDNA turns into ASCII, and maybe a trailing dot."""
    value = int(address)
    widths = draw(st.sampled_from([(8, 8, 8, 8), (8, 8, 16), (8, 24), (32,)]))
    parts, shift = [], 32
    for width in widths:
        shift -= width
        parts.append((value >> shift) & ((1 << width) - 1))
    words = []
    for part in parts:
        base = draw(st.sampled_from(["dec", "oct", "hex"]))
        if base == "dec":
            words.append(str(part))
        elif base == "oct":
            words.append("0" * draw(st.integers(1, 3)) + format(part, "o"))
        else:
            digits = format(part, draw(st.sampled_from(["x", "X"]))).rjust(draw(st.integers(1, 8)), "0")
            words.append(draw(st.sampled_from(["0x", "0X"])) + digits)
    if all(w.isdigit() for w in words):  # Unicode digits only where IDNA leaves no letter to map
        digits = draw(st.sampled_from(DIGITS))
        words = ["".join(digits[int(c)] for c in w) for w in words]
    host = draw(st.sampled_from(DOTS)).join(words)
    return host + draw(st.sampled_from(["", ".", "。"]))


@st.composite
def spelled_v6(draw, address: ipaddress.IPv4Address) -> str:
    """`address` inside an IPv6 address: mapped, translated, compatible, NAT64, 6to4, Teredo."""
    v4, hi, lo = str(address), int(address) >> 16, int(address) & 0xFFFF
    tail = draw(st.sampled_from([v4, f"{hi:x}:{lo:x}", f"{hi:04X}:{lo:04X}"]))
    form = draw(st.sampled_from(["mapped", "mapped-long", "translated", "compatible", "nat64", "6to4", "teredo"]))
    if form == "mapped":
        return f"[::ffff:{tail}]"
    if form == "mapped-long":
        return f"[0:0:0:0:0:FFFF:{tail}]"
    if form == "translated":
        return f"[::ffff:0:{tail}]"
    if form == "compatible":
        return f"[::{tail}]" if int(address) > 0xFFFF else f"[0:0:0:0:0:0:{tail}]"
    if form == "nat64":
        return f"[64:ff9b::{tail}]"
    if form == "6to4":
        return f"[2002:{hi:x}:{lo:x}::{draw(st.integers(0, 0xFFFF)):x}]"
    inverted = int(address) ^ 0xFFFFFFFF
    return f"[2001:0:4136:e378:8000:63bf:{inverted >> 16:x}:{inverted & 0xFFFF:x}]"


def spelled_native_v6() -> st.SearchStrategy[str]:
    loopback = st.sampled_from(["[::1]", "[0:0:0:0:0:0:0:1]", "[0000:0000::0001]", "[::0:1]", "[::]"])
    inside = st.sampled_from(["fe80::/10", "fc00::/7", "fd00:ec2::/64", "ff00::/8"]).map(ipaddress.ip_network).flatmap(
        lambda net: st.integers(0, 2**64).map(lambda i: f"[{net.network_address + i}]"))
    return st.one_of(loopback, inside, st.just("[fd00:ec2::254]"), st.just("[FD00:EC2:0:0:0:0:0:254]"))


SPELLINGS = st.one_of(
    addresses_v4().flatmap(spelled_v4),
    addresses_v4().flatmap(spelled_v6),
    spelled_native_v6(),
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host=SPELLINGS)
async def test_no_spelling_of_a_non_public_address_is_ever_connected_to(host: str, server: CountingServer):
    message = await refused(host, server)
    assert message.startswith("Refused: ") and message.endswith(TAIL)
