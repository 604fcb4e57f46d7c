"""Entry identity: canonical article URLs and the ids and versions derived from them.

Two URLs that a reader would call "the same article" must give the same id, so we drop what
publishers vary without changing the page: scheme/host case, default ports, fragments, tracking
parameters, AMP and mobile variants, trailing slashes.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that only say where the reader came from; they never select different content.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "hsa_", "oly_", "vero_", "_hs")
_TRACKING_NAMES = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "ysclid", "igshid", "twclid", "ttclid",
    "mkt_tok", "_ga", "_gl", "ref_src", "ref_url", "cmpid", "ncid", "ocid", "sr_share", "spm",
    "at_medium", "at_campaign", "rss", "from_rss", "wt.mc_id", "s_cid", "icid", "amp",
})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_PATH = re.compile(r"(/amp)+(?=/|$)|(\.amp)(?=\.html?$|$)", re.IGNORECASE)
_MOBILE_HOST = re.compile(r"^(m|mobile|amp)\.(?=[^.]+\.[^.]+)", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """The canonical form of an article URL (best effort; returns the input stripped if unparsable)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.rstrip(".")
    host = _MOBILE_HOST.sub("", host)
    if host.startswith("www."):
        host = host[4:]
    if port and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if "@" in parts.netloc:
        host = f"{parts.netloc.rsplit('@', 1)[0]}@{host}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    # http and https serve the same article on every news site we know; ids must not split on it.
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def article_id(url: str | None, guid: str | None, title: str, published: str) -> str:
    """Stable id: hash of the canonical URL, else of the GUID, else of title + date."""
    if url:
        return _digest("url", canonical_url(url))
    if guid:
        return _digest("guid", guid.strip())
    return _digest("title", title.strip(), published)


def content_version(title: str, text: str) -> str:
    """Hash of what a reader sees; the same id with another version is an update."""
    return _digest(title.strip(), text.strip())[:16]
