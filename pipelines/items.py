"""Items passed from the spider to the pipelines.

The spider yields a :class:`FetchedPage` (raw HTML and where it came from); the
extraction stage turns it into an :class:`ArticleItem` and drops the HTML, so no
page body outlives its extraction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class FetchedPage:
    """An article candidate as downloaded."""

    url: str  # the final URL, after redirects
    html: str
    seed: str  # the seed URL this page was discovered from
    discovered_url: str  # the link as found in the feed, sitemap or page
    redirect_urls: list[str] = field(default_factory=list)
    state_url: str = ""  # the url_state row this fetch settles (canonical discovered URL)
    etag: str | None = None
    last_modified: str | None = None
    listed_at: datetime | None = None  # publication time the listing gave (aware UTC)


@dataclass(slots=True)
class ArticleItem:
    """A cleaned article, ready to be tagged, fingerprinted and stored."""

    url: str  # canonical URL (the page's rel=canonical when trustworthy)
    title: str
    text: str
    authors: list[str]
    published_at: datetime | None
    modified_at: datetime | None
    language: str | None
    site: str | None
    description: str | None
    seed: str
    declared_canonical: str | None = None  # the page's own rel=canonical / og:url
    aliases: list[str] = field(default_factory=list)  # canonical forms of every URL seen
    companies: dict[str, int] = field(default_factory=dict)  # company name -> mentions
    relevance: float = 0.0
    relevant: bool = False
    fingerprint: str = ""
    published_precision: str | None = None  # "time", or "day": published_at is 00:00 UTC
    state_url: str = ""  # the url_state row that storing this article settles
    etag: str | None = None
    last_modified: str | None = None
    # computed by the extraction worker for the story step: see pipelines.stories.features
    story_signals: dict[str, Any] | None = None
