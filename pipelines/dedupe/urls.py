"""URL canonicalisation: one spelling per page, so that duplicates can be recognised.

A canonical URL has a lower-case scheme and host, no default port, no fragment, no
tracking or session-id parameters, sorted query parameters and no trailing slash on a
non-root path. ``fetchable_url`` is the gentler form that is actually requested: only
fragments, tracking and session-id parameters are removed, because some servers
distinguish ``/a`` from ``/a/``. Session ids (``?PHPSESSID=``, ``;jsessionid=``, ASP.NET's
``/(S(...))/``) are dropped because a site that puts a fresh one in every link would
otherwise turn each page into endless distinct URLs.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import tldextract

_TRACKING_PARAM = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl"
    r"|ocid|cmpid|ncid|sr_share|smid|taid|mkt_tok|__twitter_impression|ref_src|ref_url)$",
    re.IGNORECASE,
)
_SESSION_PARAM = re.compile(
    r"^(jsessionid|phpsessid|aspsessionid\w*|asp\.net_sessionid|sessionid|session_id|sessid"
    r"|sid|cfid|cftoken|zenid|oscsid|s_sid)$",
    re.IGNORECASE,
)
_SESSION_PATH = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#]*|/\([A-Z]\([^)/]*\)\)(?=/)",
                           re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# The bundled public-suffix snapshot: no network access at run time.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _clean_query(query: str, sort: bool) -> str:
    pairs = [
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True)
        if not (_TRACKING_PARAM.match(k) or _SESSION_PARAM.match(k))
    ]
    if sort:
        pairs.sort()
    return urlencode(pairs, doseq=True)


def _netloc(scheme: str, host: str, port: int | None) -> str:
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is None or _DEFAULT_PORTS.get(scheme) == port:
        return host
    return f"{host}:{port}"


def fetchable_url(url: str) -> str:
    """Return ``url`` without its fragment, tracking and session-id parameters."""
    parts = urlsplit(url.strip())
    path = _SESSION_PATH.sub("", parts.path)
    return urlunsplit(parts._replace(path=path, query=_clean_query(parts.query, sort=False),
                                     fragment=""))


@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """Return the canonical spelling of an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    path = quote(unquote(_SESSION_PATH.sub("", parts.path)), safe="/:@!$&'()*+,;=-._~") or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = _clean_query(parts.query, sort=True)
    return urlunsplit((scheme, _netloc(scheme, host, parts.port), path, query, ""))


def registrable_domain(url_or_host: str) -> str:
    """Return the domain a site is registered under (``www.bbc.co.uk`` -> ``bbc.co.uk``).

    IP addresses and single-label hosts are returned as they are.
    """
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    host = (host or "").lower().rstrip(".")
    if _is_ip(host):
        return host
    parts = _EXTRACT(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    # An unlisted suffix (``.test``, ``.internal``): assume one label under it.
    return ".".join(host.split(".")[-2:])


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def url_hash(url: str) -> str:
    """A short, stable key for a canonical URL (used in indexes and fingerprints)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()
