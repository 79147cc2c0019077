"""Which web addresses `/source add` may fetch: public http(s) hosts only, unless the config allows more.

The check runs where the connection is made — in the resolver aiohttp uses for every host,
redirect targets included — so a name cannot pass the check and then resolve elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from bot.admin.errors import FetchError
from bot.render.card import clip

MAX_URL_LENGTH = 2048
SHOWN_MAX = 80  # a host, address or header named in a message; Discord caps a message at 2,000 characters


def shown(text: str, limit: int = SHOWN_MAX) -> str:
    """`text` as a message may quote it: at most `limit` characters, cut with "…"."""
    return clip(text, limit)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def refusal(ip: IPAddress) -> str | None:
    """Why an address may not be fetched from, or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global or ip.is_multicast:
        return "not a public address"
    return None


def check_url(url: str, *, allow_private: bool) -> str:
    """The URL, cleaned, when it may be fetched; otherwise FetchError saying why."""
    url = url.strip()
    if url.startswith("<") and url.endswith(">"):  # Discord users wrap links in <> to hide previews
        url = url[1:-1].strip()
    if len(url) > MAX_URL_LENGTH:
        raise FetchError(f"That address is {len(url):,} characters long; the limit is {MAX_URL_LENGTH:,}.")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise FetchError("That is not a valid web address.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("Only http:// and https:// addresses can be added.")
    if not host:
        raise FetchError("That address has no host name.")
    if parts.username is not None or parts.password is not None:
        raise FetchError("Addresses with a user name or password are not fetched.")
    if not allow_private:
        literal = _literal(host)
        if literal is not None and (why := refusal(literal)):
            raise FetchError(f"Refused: {shown(host)} is {why}. Only public web pages can be added.")
    return url


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


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
        if not self._allow_private:
            for result in results:
                why = refusal(ipaddress.ip_address(result["host"]))
                if why:
                    raise FetchError(
                        f"Refused: {shown(host)} resolves to {shown(result['host'])}, {why}. "
                        "Only public web pages can be added."
                    )
        return results

    async def close(self) -> None:
        await self._inner.close()
