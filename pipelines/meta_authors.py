"""Author names: people or agencies, one item each, without "By", job titles or the site.

Sources: JSON-LD ``author``, author meta tags, then the page's byline elements
(``rel=author``, ``itemprop=author``, ``class*=byline``) when the markup names nobody.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from pipelines.meta_jsonld import text_value
from pipelines.meta_site import is_site_name, looks_like_domain

_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af|door|från|from|written by|"
                        r"text|texto|autor(?:in)?|author)\s*[:\-]?\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\+|\band\b|\bund\b|\bet\b|\by\b|\bog\b|\boch\b|"
                           r"\be\b|\ben\b|\bve\b|\bi\b|\bи\b|\bund\b)\s*", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_JOB_SUFFIX = re.compile(r"\s+(?:기자|특파원|記者|特派員|编辑|記者)$")
_NOT_A_NAME = re.compile(r"\d|@|https?:|\b(?:staff|editor|editors|writer|reporter|correspondent|"
                         r"contributor|team|desk|updated|published|min read|redaktion|newsroom|"
                         r"photos?|fotos?|admin)\b", re.IGNORECASE)
_META_KEYS = ("author", "article:author", "og:article:author", "parsely-author",
              "sailthru.author", "dc.creator", "byl", "cxenseparse:author")
_BYLINE_PATHS = ('//*[@rel="author"]', '//*[@itemprop="author"]',
                 '//*[contains(@class, "byline") and not(contains(@class, "comment"))]')


def _names_in(entry: str, site_keys: frozenset[str]) -> list[str]:
    """The names in one stated entry; none when it is the site's own ("Site, City, Country",
    "Broadcaster (www.site.com)")."""
    if any(looks_like_domain(inner) for inner in re.findall(r"\(([^)]*)\)", entry)):
        return []
    entry = _PARENTHESES.sub("", _BY_PREFIX.sub("", entry))
    parts = [_JOB_SUFFIX.sub("", part.strip(" .,:-–—·")) for part in _AUTHOR_SPLIT.split(entry)]
    parts = [part for part in parts if part]
    if len(parts) > 1 and (looks_like_domain(parts[0]) or is_site_name(parts[0], site_keys)):
        return []
    return parts


def _acceptable(name: str, site_keys: frozenset[str]) -> bool:
    if _NOT_A_NAME.search(name) or len(name) > 50 or len(name.split()) > 5:
        return False
    return not (looks_like_domain(name) or is_site_name(name, site_keys))


def clean_authors(raw: list[str], site_keys: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Names only: no "By", job titles, dates, e-mail addresses or the site's own name."""
    names: list[str] = []
    for entry in raw:
        for name in _names_in(entry, site_keys):
            if _acceptable(name, site_keys) and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
    return tuple(names)


def meta_authors(tree: HtmlElement) -> list[str]:
    """Every author meta tag's value that is not a profile URL."""
    wanted = set(_META_KEYS)
    values = []
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").casefold()
        content = text_value(meta.get("content"))
        if key in wanted and content and not content.startswith(("http", "/")):
            values.append(content)
    return values


def byline_authors(tree: HtmlElement, site_keys: frozenset[str]) -> tuple[str, ...]:
    """Names in the page's byline elements (short texts only, at most three elements)."""
    for path in _BYLINE_PATHS:
        texts = [text_value(el.text_content()) or "" for el in tree.xpath(path)[:3]]
        names = clean_authors([text for text in texts if 0 < len(text) <= 80], site_keys)
        if names:
            return names
    return ()
