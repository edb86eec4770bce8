"""The metadata a news page states about itself: schema.org JSON-LD, OpenGraph and
article meta tags, ``<time>`` elements, ``<html lang>`` and ``rel=canonical``.

Pure functions over a parsed lxml tree; they never raise on malformed input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

_ARTICLE_TYPES = re.compile(r"(?:News|Reportage|Analysis|Opinion|Review)?Article|BlogPosting|"
                            r"LiveBlogPosting|Report", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s*[:\-]?\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"\d|@|https?:|\b(?:staff|editor|writer|reporter|correspondent|"
                         r"contributor|team|desk|updated|published|min read)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page's markup states; any field may be missing."""

    headline: str | None
    h1: str | None
    authors: tuple[str, ...]
    published: datetime | None
    modified: datetime | None
    language: str | None
    site: str | None
    description: str | None
    canonical: str | None
    body: str | None  # JSON-LD articleBody


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return None


def parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 date-time with its UTC offset; None for dates without one or bad values."""
    text = _text(value)
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _json_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _json_objects(entry)
    elif isinstance(data, dict):
        yield data
        yield from _json_objects(data.get("@graph", []))


def _is_article(obj: dict[str, Any]) -> bool:
    types = obj.get("@type", [])
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and _ARTICLE_TYPES.fullmatch(t) for t in types)


def json_ld_article(tree: HtmlElement) -> dict[str, Any]:
    """The first schema.org article object of the page's JSON-LD blocks, or {}."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null", strict=False)
        except (ValueError, RecursionError):
            continue
        for obj in _json_objects(data):
            if _is_article(obj):
                return obj
    return {}


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [name for entry in value for name in _names(entry)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    text = _text(value)
    return [text] if text else []


def clean_authors(raw: list[str], site: str | None = None) -> tuple[str, ...]:
    """Names only: no "By", job titles, dates, e-mail addresses or the site's own name."""
    names: list[str] = []
    for entry in raw:
        for part in _AUTHOR_SPLIT.split(_BY_PREFIX.sub("", entry)):
            name = part.strip(" .,:-–—")
            if not name or _NOT_A_NAME.search(name) or len(name) > 60:
                continue
            if site and name.casefold() == site.casefold():
                continue
            if name.casefold() not in (n.casefold() for n in names):
                names.append(name)
    return tuple(names)


def _meta(tree: HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for attribute in ("property", "name", "itemprop"):
            values = tree.xpath(f'//meta[@{attribute}="{key}"]/@content')
            if values and (text := _text(values[0])):
                return text
    return None


def _language(tree: HtmlElement) -> str | None:
    raw = (tree.get("lang") or tree.get("xml:lang") or _meta(tree, "og:locale", "language")
           or "".join(tree.xpath('//meta[@http-equiv="content-language"]/@content')[:1]))
    code = re.split(r"[-_]", raw.strip())[0].lower() if raw else ""
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _first_time(tree: HtmlElement) -> datetime | None:
    for value in tree.xpath("//time/@datetime")[:5]:
        if parsed := parse_datetime(value):
            return parsed
    return None


def _canonical(tree: HtmlElement, url: str) -> str | None:
    href = (tree.xpath('//link[@rel="canonical"]/@href')[:1] or [_meta(tree, "og:url")])[0]
    href = _text(href)
    return urljoin(url, href) if href else None


def page_meta(tree: HtmlElement, url: str) -> PageMeta:
    """Everything the page states about itself."""
    ld = json_ld_article(tree)
    publisher = ld.get("publisher")
    site = _meta(tree, "og:site_name", "application-name") or (
        _names(publisher)[0] if _names(publisher) else None)
    raw_authors = _names(ld.get("author")) or [
        a for a in (_meta(tree, "author", "article:author", "parsely-author", "sailthru.author"),)
        if a and not a.startswith("http")]
    h1 = tree.xpath("//h1")
    return PageMeta(
        headline=_text(ld.get("headline")) or _meta(tree, "og:title", "twitter:title"),
        h1=_text(h1[0].text_content()) if h1 else None,
        authors=clean_authors(raw_authors, site),
        published=parse_datetime(ld.get("datePublished"))
        or parse_datetime(_meta(tree, "article:published_time", "datePublished", "pubdate"))
        or _first_time(tree),
        modified=parse_datetime(ld.get("dateModified"))
        or parse_datetime(_meta(tree, "article:modified_time", "dateModified")),
        language=_language(tree),
        site=site,
        description=_meta(tree, "description", "og:description") or _text(ld.get("description")),
        canonical=_canonical(tree, url),
        body=_text(ld.get("articleBody")),
    )
