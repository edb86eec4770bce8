"""trafilatura's own heuristics, asked only for what the page's markup did not state.

Called before the body extraction (which prunes the tree); each costs a tree walk, so only
pages without stated authors or a stated date pay for it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import extract_author

from pipelines.extract.metadata.authors import clean_authors
from pipelines.extract.metadata.site import starts_with_site_name


def day_start(day: str | None) -> datetime | None:
    """A calendar day (``YYYY-MM-DD``) found without a time, as 00:00 UTC of that day; the
    caller records its precision as "day": no time of day is invented."""
    try:
        parsed = datetime.strptime(day or "", "%Y-%m-%d")
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC)


def heuristic_authors(tree: HtmlElement, site_keys: frozenset[str]) -> tuple[str, ...]:
    """Authors from trafilatura's byline XPaths, cleaned like stated ones; a guessed credit
    to the site's own desk ("Site Region") is the newsroom, not a person."""
    names = clean_authors([extract_author(tree) or ""], site_keys)
    return tuple(name for name in names if not starts_with_site_name(name, site_keys))


def heuristic_day(tree: HtmlElement, url: str) -> datetime | None:
    """The publication day htmldate finds in the page (original date, not the last update)."""
    return day_start(find_date(tree, url=url, original_date=True, extensive_search=False))
