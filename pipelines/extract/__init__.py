"""Extraction: an article page's HTML becomes clean text and metadata (:func:`extract_article`)."""

from typing import Any

__all__ = ["Article", "extract_article"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: importing any module of this package (the crawl process imports
    # the pipeline and the result types) must not load trafilatura and its models.
    if name in __all__:
        from pipelines.extract import article

        return getattr(article, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
