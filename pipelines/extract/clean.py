"""The task a worker process runs on one page (see :mod:`pipelines.extract.pipeline`): extract
the article, tag it, fingerprint its text and compute its story signals. Imported by the
workers only: the crawl process names the task by its import path, so it never loads
trafilatura, the language model or the date parsers.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.dedupe.fingerprint import text_fingerprint
from pipelines.extract.article import extract, warm_up
from pipelines.extract.results import CleanPage
from pipelines.stories.features import signals
from pipelines.topics.catalog import load_catalog
from pipelines.topics.relevance import tag

__all__ = ["clean_page", "warm_up"]


def clean_page(html: str, url: str, companies: str, threshold: float,
               shingle_size: int = 0) -> CleanPage | str:
    """In a worker: extract the article, tag it, fingerprint its text and, with a
    ``shingle_size``, compute its story signals; where the page has no article, the
    reason (see ``pipelines.extract.results.NO_ARTICLE_REASONS``)."""
    extraction = extract(html, url)
    article = extraction.article
    if article is None:
        return extraction.reason or "no_text"
    catalog = load_catalog(Path(companies))
    topic = tag(catalog, article.text, threshold)
    story = (signals(article.title, article.text, topic.companies, catalog, shingle_size)
             if shingle_size > 0 else None)
    return CleanPage(article, topic, text_fingerprint(article.text), story)
