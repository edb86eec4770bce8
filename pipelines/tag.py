"""Stage 2: tag each article with the companies it names and its relevance.

Every article is kept, relevant or not, so analysts can re-score without re-crawling.
Tagging runs in the extraction workers (:func:`pipelines.clean.clean_page`), in the same
task as the extraction: it costs milliseconds of regular-expression work a page, which
the reactor process cannot spare.

Settings read: ``TOPIC_COMPANIES_FILE`` (empty: the shipped ``pipelines/data/companies.toml``),
``TOPIC_RELEVANCE_THRESHOLD`` (relevance at or above which ``relevant`` is true).
"""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import BaseSettings

from pipelines.topics import DEFAULT_COMPANIES_FILE, Catalog, load_catalog


def companies_file(settings: BaseSettings | None) -> Path:
    """The companies file TOPIC_COMPANIES_FILE names (or the shipped one)."""
    path = settings.get("TOPIC_COMPANIES_FILE") if settings is not None else None
    return Path(path) if path else DEFAULT_COMPANIES_FILE


def catalog_from_settings(settings: BaseSettings) -> Catalog:
    """The company catalog named by TOPIC_COMPANIES_FILE (or the shipped one)."""
    return load_catalog(companies_file(settings))
