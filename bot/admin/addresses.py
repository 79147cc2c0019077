"""Which web addresses `/source add` may fetch: public http(s) hosts only, unless the config allows more.

One judgement (`refusal`) is applied twice. First to the URL exactly as the HTTP client will use
it (after yarl's IDNA/NFKC normalization, so `１２７。０。０。１` is judged as 127.0.0.1), since the
client connects to an IP literal without asking any resolver: such a host, however written
(`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`), passes only as a plain public address. Then to
every address a host name resolves to, in the resolver aiohttp uses for every connection, so a
name cannot pass the check and then resolve elsewhere. Redirect targets go through both.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from bot.admin.errors import FetchError
from bot.render.card import clip

MAX_URL_LENGTH = 2048
SHOWN_MAX = 80  # a host, address or header named in a message; Discord caps a message at 2,000 characters


def shown(text: str, limit: int = SHOWN_MAX) -> str:
    """`text` as a message may quote it: at most `limit` characters, cut with "…"."""
    return clip(text, limit)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
TAIL = "Only public web pages can be added."
METADATA_WHY = "a cloud metadata address"

# Instance metadata services (AWS, ECS, Alibaba, Azure's wire server): refused even when private
# addresses are allowed, since no article lives there and credentials do.
METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "168.63.129.16"))
# IPv6 ranges that carry an IPv4 address in their last 32 bits (IPv4-compatible ::/96 is checked apart).
_V4_IN_LAST_32 = tuple(ipaddress.ip_network(n) for n in ("::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96"))
# Not globally reachable, though Python 3.11 counts them public: IETF protocol assignments
# (RFC 6890), and local-use NAT64 (RFC 8215), where the IPv4 address may sit anywhere.
_NOT_PUBLIC = tuple(ipaddress.ip_network(n) for n in ("192.0.0.0/24", "64:ff9b:1::/48"))
# A host name as a resolver should see it; anything else (%, spaces, …) is not a web address.
_NAME = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?")
_PLAIN_V4 = re.compile(r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])")


def refusal(ip: IPAddress) -> str | None:
    """Why an address may not be fetched from, or None for a public one. An IPv6 address that
    carries an IPv4 address (mapped, NAT64, 6to4, Teredo, …) is judged by that address too."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
        ip = ipaddress.IPv6Address(ip.packed)
    if ip in METADATA:
        return METADATA_WHY
    if isinstance(ip, ipaddress.IPv6Address) and not ip.is_loopback and not ip.is_unspecified:
        inside = _ipv4_inside(ip)
        for inner in inside:
            if why := refusal(inner):
                return f"an IPv6 form of {inner}, {why}"
        if inside:  # judged by the IPv4 address it carries (Python counts all of ::ffff:0:0/96 private)
            return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private and not ip.is_unspecified:
        return "a private address"
    if not ip.is_global or ip.is_multicast or any(ip in net for net in _NOT_PUBLIC):
        return "not a public address"
    return None


def _ipv4_inside(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    if int(ip) >> 32 == 0 or any(ip in net for net in _V4_IN_LAST_32):  # compatible, mapped, NAT64, …
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(reversed(ip.teredo))  # the client, then its server
    return []


def refused(ip: IPAddress, *, allow_private: bool) -> str | None:
    """Why `ip` may not be connected to under the config, or None."""
    why = refusal(ip)
    if why is None or (allow_private and METADATA_WHY not in why):
        return None
    return why


def client_url(url: str) -> URL:
    """The URL as the HTTP client will use it: its host is what gets resolved or connected to."""
    # A plain-ASCII address is sent exactly as given: re-quoting would turn `%2F` into `/`.
    # Anything else is normalized by yarl (IDNA with NFKC: `１２７。０` becomes `127.0`).
    if url.isascii() and not any(c.isspace() for c in url):
        return URL(url, encoded=True)
    return URL(url)


def check_url(url: str | URL, *, allow_private: bool) -> URL:
    """The URL the client is to fetch, when it may be; otherwise FetchError saying why.

    A string is what an admin typed; a URL is a redirect's target, already as the client has it.
    """
    typed = None
    if isinstance(url, str):
        url = url.strip()
        if url.startswith("<") and url.endswith(">"):  # Discord users wrap links in <> to hide previews
            url = url[1:-1].strip()
        if len(url) > MAX_URL_LENGTH:
            raise FetchError(f"That address is {len(url):,} characters long; the limit is {MAX_URL_LENGTH:,}.")
        try:
            text, url = url, client_url(url)
            # The host as the admin wrote it, for messages (yarl keeps an ASCII address verbatim).
            typed = url.raw_host if text.isascii() else urlsplit(text).hostname
        except ValueError:
            raise FetchError("That is not a valid web address.") from None
    try:
        scheme, host, user, password, _ = url.scheme, url.raw_host, url.user, url.password, url.port
    except ValueError:
        raise FetchError("That is not a valid web address.") from None
    if scheme.lower() not in ("http", "https"):
        raise FetchError("Only http:// and https:// addresses can be added.")
    if not host:
        raise FetchError("That address has no host name.")
    if user is not None or password is not None:
        raise FetchError("Addresses with a user name or password are not fetched.")
    check_host(host, typed=typed or host, allow_private=allow_private)
    return url


def check_host(host: str, *, typed: str, allow_private: bool) -> None:
    """Refuse a host the client would connect to directly (an IP literal, however written)
    unless it is a plain public address; a name passes, to be judged by what it resolves to."""
    ip, plain = _literal(host)
    if ip is None:
        return
    why = refused(ip, allow_private=allow_private)
    if why:
        said = why if plain and typed == host else f"{shown(str(ip))}, {why}"
        raise FetchError(f"Refused: {shown(typed)} is {said}. {TAIL}")
    if not plain:
        ip_text = shown(str(ip))
        raise FetchError(f"Refused: {shown(typed)} is {ip_text} written in an unusual way. Write the address as {ip_text}.")


def _literal(host: str) -> tuple[IPAddress | None, bool]:
    """The address the client and the system's resolver would read `host` as, and whether it is
    written plainly (dotted quad, or an IPv6 address); (None, True) for a host name."""
    if ":" in host:  # the client takes any host with a colon for an IPv6 address
        try:
            ip = ipaddress.IPv6Address(host.replace("%25", "%"))
        except ValueError:
            raise FetchError("That is not a valid web address.") from None
        return ipaddress.IPv6Address(ip.packed), not ip.scope_id  # a zone (`%25eth0`) is not plain
    if not _NAME.fullmatch(host):
        raise FetchError("That is not a valid web address.")
    bare = host.rstrip(".")
    try:  # inet_aton reads what getaddrinfo does: `127.1`, `2130706433`, `0x7f.1`, `0177.0.0.1`
        ip = ipaddress.IPv4Address(socket.inet_aton(bare))
    except OSError:
        if bare.replace(".", "").isdigit():  # the client takes digits and dots for an address
            raise FetchError("That is not a valid web address.") from None
        return None, True
    return ip, bare == host and _PLAIN_V4.fullmatch(host) is not None


class GuardedResolver(AbstractResolver):
    """Resolves with `inner`, then refuses the host if any of its addresses is not public.

    Every address must pass, not just one: otherwise a name with one public and one private
    address could still be reached at the private one.
    """

    def __init__(self, inner: AbstractResolver | None = None, *, allow_private: bool = False) -> None:
        self._inner = inner if inner is not None else DefaultResolver()
        self._allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        try:
            results = await self._inner.resolve(host, port, family)
        except OSError as exc:
            raise FetchError(f"Could not find the site {shown(host)} (DNS lookup failed).") from exc
        for result in results:
            if why := refused(ipaddress.ip_address(result["host"]), allow_private=self._allow_private):
                raise FetchError(f"Refused: {shown(host)} resolves to {shown(result['host'])}, {why}. {TAIL}")
        return results

    async def close(self) -> None:
        await self._inner.close()
