"""Stage 2: tag each article with the companies it names and its relevance.

Every article is kept, relevant or not, so analysts can re-score without re-crawling.

Settings read: ``TOPIC_COMPANIES_FILE`` (empty: the shipped ``pipelines/data/companies.toml``),
``TOPIC_RELEVANCE_THRESHOLD`` (relevance at or above which ``relevant`` is true).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from crawler.items import ArticleItem
from pipelines.topics import DEFAULT_COMPANIES_FILE, Catalog, load_catalog, tag


def catalog_from_settings(settings: BaseSettings) -> Catalog:
    """The company catalog named by TOPIC_COMPANIES_FILE (or the shipped one)."""
    path = settings.get("TOPIC_COMPANIES_FILE") or DEFAULT_COMPANIES_FILE
    return load_catalog(Path(path))


class TagPipeline:
    """Fills ``companies``, ``relevance`` and ``relevant`` of each ArticleItem."""

    def __init__(self, catalog: Catalog, threshold: float, stats: StatsCollector | None) -> None:
        self.catalog = catalog
        self.threshold = threshold
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TagPipeline:
        # A broken companies file is a CompaniesFileError: the crawl must not start without it.
        catalog = catalog_from_settings(crawler.settings)
        threshold = crawler.settings.getfloat("TOPIC_RELEVANCE_THRESHOLD", 0.5)
        return cls(catalog, threshold, crawler.stats)

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            topic = tag(self.catalog, item.text, self.threshold)
            item.companies, item.relevance, item.relevant = (
                topic.companies, topic.relevance, topic.relevant,
            )
            if self.stats is not None:
                self.stats.inc_value(f"tag/{'relevant' if topic.relevant else 'off_topic'}")
        return item
