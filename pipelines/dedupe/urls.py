"""URLs as the site means them: the form that is requested, and the canonical key.

``fetchable_url`` is what is requested: the URL as the site wrote it, less its fragment
and the parameters known to carry no content: tracking parameters (``utm_*``,
``fbclid``, ...) and the session ids web platforms put in URLs (PHP's ``PHPSESSID``, Java's
``;jsessionid=``, ASP.NET's ``/(S(...))/``, ColdFusion's ``CFID``). Nothing else is
rewritten: a query such as ``?12345`` stays as written, and so does ``%2F``.

``canonical_url`` is only a key (for url_state, aliases and the duplicate filter), never
requested. It adds a lower-case scheme and host, no default port, percent-encoding in
one spelling (RFC 3986, 6.2.2: unreserved characters decoded, hex in upper case, ``%2F``
kept), query pairs sorted and no trailing slash on a non-root path. Two URLs that
differ in anything else stay two keys. A generic name such as ``sid`` or ``sessionid``
is dropped only when its value looks like a session token (a long random string):
on PHP-Nuke-style sites ``sid=4711`` is the story's number.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import tldextract
from w3lib.url import safe_url_string

_TRACKING_PARAM = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl"
    r"|ocid|cmpid|ncid|sr_share|smid|taid|mkt_tok|__twitter_impression|ref_src|ref_url)$",
    re.IGNORECASE,
)
# Session ids named by the platform that issues them: never content.
_PLATFORM_SESSION = re.compile(
    r"^(jsessionid|phpsessid|aspsessionid\w*|asp\.net_sessionid|cfid|cftoken|zenid|oscsid)$",
    re.IGNORECASE,
)
# Names that are session ids on some sites and content ids on others.
_GENERIC_SESSION = re.compile(r"^(sid|sessionid|session_id|sessid|s_sid)$", re.IGNORECASE)
_TOKEN = re.compile(r"[0-9a-f]{16,}|(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{20,}", re.IGNORECASE)
_SESSION_PATH = re.compile(r";(?:jsessionid|phpsessid)=[^/?#]*|/\([A-Z]\([^)/]*\)\)(?=/)",
                           re.IGNORECASE)
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# The bundled public-suffix snapshot: no network access at run time.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
# With the list's private section too: blogspot.com, github.io and cloud buckets host
# sites of their own under one registrable domain.
_EXTRACT_OWNED = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                       include_psl_private_domains=True)


def content_free(pair: str) -> bool:
    """True when a raw query pair (``name=value``) is known to carry no content."""
    name, _, value = pair.partition("=")
    name = unquote_plus(name).strip()
    if _TRACKING_PARAM.match(name) or _PLATFORM_SESSION.match(name):
        return True
    return bool(_GENERIC_SESSION.match(name) and _TOKEN.fullmatch(unquote_plus(value)))


def _fetched_query(query: str) -> str:
    """The query as written, unless it has content-free pairs: then the others, in order."""
    pairs = query.split("&")
    kept = [pair for pair in pairs if not content_free(pair)]
    return query if len(kept) == len(pairs) else "&".join(pair for pair in kept if pair)


def fetchable_url(url: str) -> str:
    """``url`` as written, less its fragment, tracking parameters and platform session ids."""
    parts = urlsplit(url.strip())
    path = _SESSION_PATH.sub("", parts.path)
    return urlunsplit(parts._replace(path=path, query=_fetched_query(parts.query), fragment=""))


def _one_spelling(text: str) -> str:
    """Percent-encoding normalised: unreserved characters decoded, other escapes upper case."""
    def normal(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"
    return _PERCENT.sub(normal, text)


def _netloc(scheme: str, host: str, port: int | None) -> str:
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is None or _DEFAULT_PORTS.get(scheme) == port:
        return host
    return f"{host}:{port}"


@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """The canonical key of an absolute http(s) URL (see the module's docstring).

    Raises ValueError for a URL that cannot be parsed (a malformed port or IPv6 host).
    """
    parts = urlsplit(safe_url_string(fetchable_url(url)))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    path = _one_spelling(parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = "&".join(sorted(_one_spelling(pair) for pair in parts.query.split("&") if pair))
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


def site_of(url: str) -> str:
    """The name a site goes by in its URLs, for pages that state none: its registrable
    domain, counting the public suffix list's private section (``www.bbc.co.uk`` ->
    ``bbc.co.uk``; ``a.blogspot.com`` stays), or host and port for an IP address or a
    single-label host (``127.0.0.1:8080``): one name per site as ``same_site`` tells them."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    domain = registrable_domain(host)
    if "." in domain and not _is_ip(domain):
        return _EXTRACT_OWNED(host).top_domain_under_public_suffix or domain
    try:
        port = parts.port
    except ValueError:  # a malformed port
        port = None
    return _netloc(parts.scheme.lower(), host, port)


def same_site(a: str, b: str) -> bool:
    """Whether two absolute URLs are on one site: one registrable domain
    (``registrable_domain``: ``m.bbc.co.uk`` and ``www.bbc.co.uk``), counting the public
    suffix list's private section (``a.blogspot.com`` and ``b.blogspot.com`` are two
    sites), and for hosts that are IP addresses or single labels, one host and port."""
    first, second = urlsplit(a), urlsplit(b)
    domain = registrable_domain(first.hostname or "")
    if domain != registrable_domain(second.hostname or ""):
        return False
    owners = {_EXTRACT_OWNED(url.hostname or "").top_domain_under_public_suffix
              for url in (first, second)}
    if len(owners) > 1:
        return False
    if "." in domain and not _is_ip(domain):
        return True
    try:
        return (first.port or _DEFAULT_PORTS.get(first.scheme)) == (
            second.port or _DEFAULT_PORTS.get(second.scheme))
    except ValueError:  # a malformed port
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True

