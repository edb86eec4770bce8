"""Publication and modification times a page states, with the UTC offset it states.

Sources in order of trust: JSON-LD, article/OpenGraph/Dublin Core meta tags, ``itemprop``
elements, ``<time datetime>``. A stated time without an offset is matched against the other
sources for one that gives the same wall-clock time with its offset.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from lxml.html import HtmlElement

from pipelines.extract.metadata.jsonld import first_value, text_value

_PUBLISHED_META = ("article:published_time", "article:published:time", "og:published_time",
                   "datePublished", "pubdate", "publishdate", "publish-date", "date",
                   "dc.date", "DC.date.issued", "dcterms.created", "sailthru.date",
                   "parsely-pub-date", "article.published")
_MODIFIED_META = ("article:modified_time", "article:modified:time", "og:updated_time",
                  "dateModified", "last-modified", "dcterms.modified")
_TZ_COMPACT = re.compile(r"([+-]\d\d)(\d\d)$")


def parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 date or date-time, aware when it states an offset; None if unreadable."""
    text = text_value(value)
    if not text:
        return None
    text = _TZ_COMPACT.sub(r"\1:\2", text.replace("Z", "+00:00").replace("z", "+00:00"))
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _meta_values(tree: HtmlElement, keys: tuple[str, ...]) -> list[str]:
    wanted = {key.casefold() for key in keys}
    found: list[tuple[int, str]] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").casefold()
        if key in wanted and meta.get("content"):
            found.append((next(i for i, k in enumerate(keys) if k.casefold() == key), meta.get("content")))
    return [value for _, value in sorted(found, key=lambda pair: pair[0])]


def _element_values(tree: HtmlElement, prop: str) -> list[str]:
    items = tree.xpath(f'//*[@itemprop="{prop}" and not(self::meta)]')
    values = [item.get("datetime") or item.get("content") or "" for item in items]
    return values + [value for value in tree.xpath("//time/@datetime")[:5]]


def _minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)


def _choose(candidates: list[datetime]) -> datetime | None:
    if not candidates:
        return None
    first = candidates[0]
    if first.tzinfo is not None:
        return first
    for other in candidates[1:]:
        if other.tzinfo is not None and _minute(other.replace(tzinfo=None)) == _minute(first):
            return other
    if (first.hour, first.minute) == (0, 0):
        aware = next((c for c in candidates if c.tzinfo and c.date() == first.date()), None)
        if aware is not None:
            return aware
    if (first.hour, first.minute, first.second) == (0, 0, 0):  # a day: see day_at_noon
        return first.replace(hour=12, tzinfo=UTC)
    return first.replace(tzinfo=UTC)


def stated_time(tree: HtmlElement, ld: dict[str, Any], objects: list[dict[str, Any]],
                published: bool = True) -> datetime | None:
    """The publication (or modification) time; aware, or None when the page states none."""
    key = "datePublished" if published else "dateModified"
    raw = [ld.get(key), first_value(objects, key),
           *_meta_values(tree, _PUBLISHED_META if published else _MODIFIED_META)]
    if published:
        raw += _element_values(tree, key)
    parsed = [when for when in map(parse_datetime, raw) if when is not None]
    return _choose(parsed)
