"""schema.org JSON-LD of a page: the article object and the values it states.

Pure functions over a parsed lxml tree; malformed blocks are skipped, never raised.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report)$", re.IGNORECASE)
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
_NESTED_KEYS = ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement")


def text_value(value: Any) -> str | None:
    """A string with HTML entities decoded and whitespace collapsed; None for anything else."""
    if isinstance(value, list) and value:
        return text_value(value[0])
    if not isinstance(value, str):
        return None
    value = " ".join(html.unescape(value).split())
    return value or None


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for entry in data:
            yield from _objects(entry, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in _NESTED_KEYS:
            yield from _objects(data.get(key), depth + 1)


def json_ld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every object of every JSON-LD block, nested ``@graph``/``mainEntity`` included."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        raw = _WRAPPERS.sub("", script.text_content() or "")
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        found.extend(_objects(data))
    return found


def is_article(obj: dict[str, Any]) -> bool:
    """True for schema.org article types (NewsArticle, ReportageNewsArticle, BlogPosting...)."""
    types = obj.get("@type", [])
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and _ARTICLE_TYPE.search(t) for t in types)


def article_object(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The article object that states the most (headline, body, date), or {}."""
    articles = [obj for obj in objects if is_article(obj)]
    if not articles:
        return {}
    return max(articles, key=lambda obj: sum(
        1 for key in ("headline", "articleBody", "datePublished", "author") if obj.get(key)))


def first_value(objects: list[dict[str, Any]], key: str) -> Any:
    """The first object's value for ``key`` among any JSON-LD objects (pages, not only articles)."""
    return next((obj[key] for obj in objects if obj.get(key)), None)


CMS_ACCOUNT = re.compile(r"/(?:author|authors|user|users|profile)/(?:admin|administrator|webmaster|"
                          r"wpadmin|editor|redaktion)/?(?:$|[\s#?])", re.IGNORECASE)


def names(value: Any) -> list[str]:
    """Names from a schema.org Person/Organization, a list of them, or a plain string."""
    if isinstance(value, list):
        return [name for entry in value for name in names(entry)]
    if isinstance(value, dict):
        if CMS_ACCOUNT.search(f"{value.get('@id') or ''} {value.get('url') or ''}"):
            return []  # the CMS's default account ("/author/admin/"), not who wrote the text
        parts = [p for p in (text_value(value.get(k)) for k in ("givenName", "familyName")) if p]
        return names(value.get("name")) or ([" ".join(parts)] if parts else [])
    text = text_value(value)
    return [text] if text else []
