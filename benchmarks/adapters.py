"""Adapters that let the reference scorers in ../shared/tools call the project's extractor.

    python ../shared/tools/score_extraction.py --data ../shared/extraction-benchmark \
        --pythonpath . --extractor benchmarks.adapters:body_text
    python ../shared/tools/score_metadata.py --data ../shared/news-metadata-benchmark \
        --pythonpath . --extractor benchmarks.adapters:metadata
"""

from __future__ import annotations

from typing import Any

from pipelines.extract import extract_article


def body_text(html: str, url: str) -> str:
    """The article body without the headline line (what articleBody holds)."""
    article = extract_article(html, url)
    return article.text.partition("\n")[2] if article else ""


def metadata(html: str, url: str) -> dict[str, Any]:
    """Title, authors, publication time and the whole text, as score_metadata expects."""
    article = extract_article(html, url)
    if article is None:
        return {"title": None, "authors": [], "published": None, "text": ""}
    return {"title": article.title, "authors": list(article.authors),
            "published": article.published_at, "text": article.text}
