"""Extraction: an article page's HTML becomes clean text and metadata (:func:`extract_article`)."""

from pipelines.extract.article import Article, extract_article

__all__ = ["Article", "extract_article"]
