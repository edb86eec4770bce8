"""What extraction gives back: the article, or the reason a page has none, and what a worker
makes of one page. Plain data, light to import: the crawl process unpickles these from
its workers without loading the extraction libraries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipelines.topics.relevance import Topic


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article; times are timezone-aware, strings NFC without control characters."""

    title: str
    text: str
    authors: tuple[str, ...]
    published_at: datetime | None
    modified_at: datetime | None
    language: str | None
    site: str | None
    description: str | None
    canonical_url: str | None
    lead: tuple[str, ...] = ()  # the standfirst lines after the headline, outside the body
    published_precision: str | None = None  # "time" (stated to the minute) or "day" (00:00 UTC)

    @property
    def body(self) -> str:
        """The text without its headline and lead: what schema.org ``articleBody`` holds."""
        return "\n".join(self.text.split("\n")[1 + len(self.lead):])


@dataclass(frozen=True, slots=True)
class Extraction:
    """An article, or the reason a page gave none (one of :data:`NO_ARTICLE_REASONS`)."""

    article: Article | None
    reason: str | None = None


NO_ARTICLE_REASONS = {
    "empty_page": "no markup at all",
    "unparseable_html": "lxml builds no document from the markup",
    "no_text": "trafilatura finds no text in the page",
    "short_text": "under MIN_TEXT_CHARS of text on a page that does not state it is an article",
    "extraction_error": "the parser or extractor raised on the page",
}


@dataclass(frozen=True, slots=True)
class CleanPage:
    """What a worker makes of one page."""

    article: Article
    topic: Topic
    fingerprint: str
    story: dict[str, Any] | None = None  # see pipelines.stories.features.signals
