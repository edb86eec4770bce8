"""Stage 3: one URL and one fingerprint per article, so the database can refuse duplicates.

The article's URL is the canonical form of its ``rel=canonical`` when that is
trustworthy, else of the URL it was fetched from; every URL it was reached under is
kept as an alias. The fingerprint is a hash of the body's words, so the same text
under two URLs (syndication, AMP) is recognised as one article. The database's
unique constraints on both make this hold across runs and processes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pipelines.dedupe.fingerprint import text_fingerprint
from pipelines.dedupe.urls import canonical_url, same_site
from pipelines.items import ArticleItem


def trustworthy_canonical(declared: str | None, fetched_url: str) -> str | None:
    """The declared canonical URL, unless it is unusable, points at a site's front page or
    is on another site (``urls.same_site``): another outlet's copy stays an article of
    its own, which the story step marks as the copy of that original."""
    if not declared:
        return None
    parts = urlsplit(declared)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.path in ("", "/") and urlsplit(fetched_url).path not in ("", "/"):
        return None  # a template that declares the home page as every page's canonical
    if not same_site(declared, fetched_url):
        # A syndicated copy naming the original: under that URL it would take the
        # original's place, and the original, met later, would be dropped as known.
        return None
    return canonical_url(declared)


def assign_identity(item: ArticleItem) -> ArticleItem:
    """Set the item's canonical URL, its aliases and its fingerprint."""
    url = trustworthy_canonical(item.declared_canonical, item.url) or canonical_url(item.url)
    aliases = {canonical_url(u) for u in item.aliases if urlsplit(u).scheme in ("http", "https")}
    aliases.add(url)
    item.url = url
    item.aliases = sorted(aliases)
    item.fingerprint = item.fingerprint or text_fingerprint(item.text)  # workers compute it
    return item


class DedupePipeline:
    """Gives every ArticleItem its identity; the store merges items that share one."""

    async def process_item(self, item: Any) -> Any:
        return assign_identity(item) if isinstance(item, ArticleItem) else item
