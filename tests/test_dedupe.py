"""Layer 1: fingerprints and the choice of an article's URL."""

from __future__ import annotations

from pipelines.dedupe.fingerprint import text_fingerprint
from pipelines.dedupe.pipeline import trustworthy_canonical
from tests.factories import article


def test_fingerprint_ignores_layout_case_punctuation_and_headline() -> None:
    a = text_fingerprint("Headline A\nFord and Xiaomi held talks.\nMore text here.")
    b = text_fingerprint("Another headline\nFord and  xiaomi held talks —\nmore text here")
    assert a == b
    assert a != text_fingerprint("Headline A\nFord and Xiaomi held no talks.\nMore text here.")


def test_untrustworthy_canonicals_are_ignored() -> None:
    page = "https://s.example/news/a"
    assert trustworthy_canonical(None, page) is None
    assert trustworthy_canonical("https://s.example/", page) is None
    assert trustworthy_canonical("javascript:void(0)", page) is None
    assert trustworthy_canonical("https://S.example/news/a/?utm_source=x", page) == page


def test_identity_collects_canonical_aliases() -> None:
    item = article("https://s.example/news/a/", aliases=[
        "https://s.example/news/a?utm_source=rss", "https://s.example/r/123", "https://s.example/news/a/"])
    assert item.url == "https://s.example/news/a"
    assert item.aliases == ["https://s.example/news/a", "https://s.example/r/123"]
