"""Publication and modification times a page states, with the UTC offset it states.

Sources in order of trust: JSON-LD, article/OpenGraph/Dublin Core meta tags, ``itemprop``
elements, ``<time datetime>``. A stated time without an offset is matched against the other
sources for one that gives the same wall-clock time with its offset. Where only the day is
stated, the result is that day at 00:00 UTC with precision "day": no time is invented.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from lxml.html import HtmlElement

from pipelines.extract.metadata.jsonld import first_value
from pipelines.extract.metadata.time_text import Stated, parse_stated

_PUBLISHED_META = ("article:published_time", "article:published:time", "og:published_time",
                   "datePublished", "pubdate", "publishdate", "publish-date", "date",
                   "dc.date", "DC.date.issued", "dcterms.created", "sailthru.date",
                   "parsely-pub-date", "article.published")
_MODIFIED_META = ("article:modified_time", "article:modified:time", "og:updated_time",
                  "dateModified", "last-modified", "dcterms.modified")
TIME, DAY = "time", "day"  # the precisions a stated time can have


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
    values = [item.get("datetime") or item.get("content") or item.text_content() for item in items]
    return values + [value for value in tree.xpath("//time/@datetime")[:5]]


def _minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)


def _as_day(stated: Stated) -> bool:
    """Only a day: no time stated, or a naive midnight (how many CMSs write a bare day)."""
    when = stated.when
    midnight = (when.hour, when.minute, when.second) == (0, 0, 0)
    return not stated.has_time or (when.tzinfo is None and midnight)


def _choose(candidates: list[Stated]) -> tuple[datetime, str] | None:
    """The first stated time, given the offset another source states for the same wall
    clock time or day; a naive time is UTC; a day alone is 00:00 UTC with precision "day"."""
    if not candidates:
        return None
    first, aware = candidates[0], [c.when for c in candidates[1:] if c.has_time and c.when.tzinfo]
    if _as_day(first):
        same_day = next((when for when in aware if when.date() == first.when.date()), None)
        if same_day is not None:
            return same_day, TIME
        return datetime.combine(first.when.date(), datetime.min.time(), UTC), DAY
    if first.when.tzinfo is not None:
        return first.when, TIME
    wall = _minute(first.when)
    matched = next((when for when in aware if _minute(when.replace(tzinfo=None)) == wall), None)
    return matched or first.when.replace(tzinfo=UTC), TIME


def stated_time(tree: HtmlElement, ld: dict[str, Any], objects: list[dict[str, Any]],
                published: bool = True) -> tuple[datetime | None, str | None]:
    """The publication (or modification) time, aware, and its precision ("time" or "day");
    (None, None) when the page states none."""
    key = "datePublished" if published else "dateModified"
    raw = [ld.get(key), first_value(objects, key),
           *_meta_values(tree, _PUBLISHED_META if published else _MODIFIED_META)]
    if published:
        raw += _element_values(tree, key)
    chosen = _choose([stated for stated in map(parse_stated, raw) if stated is not None])
    return chosen if chosen is not None else (None, None)
