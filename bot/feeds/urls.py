"""One address per article: the canonical form of a URL, so the same page is one source.

Feeds add tracking parameters, fragments, `www.` and `http:` to the links of the same page;
none of them make it a different article.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that say who linked, not which page; compared case-insensitively.
_TRACKING_PREFIXES = ("utm_", "at_", "ns_", "mc_", "pk_", "hsa_", "oly_")
_TRACKING = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mbid", "cmpid", "ocid", "smid",
    "ref", "ref_src", "referrer", "src", "source", "feature", "rss", "taid", "ito", "cmp",
    "guccounter", "guce_referrer", "guce_referrer_sig", "sr_share", "share", "spm", "_ga",
    "__twitter_impression", "s_cid", "wt.mc_id", "icid", "xtor", "partner", "campaign",
})


def canonical_url(url: str) -> str:
    """Scheme-less, lower-case host without `www.` or a default port, no fragment, no
    tracking parameters, the rest of the query sorted: `//host/path?a=1`."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(k)
    )
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("", host, path, urlencode(query), ""))


def _is_tracking(key: str) -> bool:
    folded = key.lower()
    return folded in _TRACKING or folded.startswith(_TRACKING_PREFIXES)
