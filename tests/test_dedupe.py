"""Layer 1: fingerprints and the choice of an article's URL."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(("declared", "page", "trusted"), [
    ("https://wire.example/news/a", "https://daily.example/copy/a", False),
    ("https://www.bbc.co.uk/news/a", "https://m.bbc.co.uk/news/a", True),
    ("https://news.example.co.uk/a", "https://news.other.co.uk/a", False),
    ("http://127.0.0.1:8101/news/a", "http://127.0.0.1:8102/copy/a", False),
    ("http://127.0.0.1:8101/news/a", "http://127.0.0.1:8101/amp/a", True),
    ("http://localhost/news/a", "http://localhost:80/amp/a", True),
    ("https://wire.blogspot.com/2026/11/a.html", "https://daily.blogspot.com/copy/a", False),
    ("https://news.github.io/a", "https://news.github.io/amp/a", True),
])
def test_a_canonical_on_another_site_is_not_the_pages_identity(declared: str, page: str,
                                                              trusted: bool) -> None:
    """A syndicated copy names its original as canonical: it stays an article of its own."""
    assert (trustworthy_canonical(declared, page) is not None) is trusted


@pytest.mark.parametrize(("url", "named"), [
    ("https://www.bbc.co.uk/news/a", "bbc.co.uk"),
    ("https://m.bbc.co.uk/news/a", "bbc.co.uk"),
    ("https://wire.blogspot.com/2026/11/a.html", "wire.blogspot.com"),
    ("https://news.autoworld.example/a", "autoworld.example"),
    ("http://127.0.0.1:8101/news/a", "127.0.0.1:8101"),
    ("http://localhost:80/a", "localhost"),
    ("https://WWW.Reuters.com./a", "reuters.com"),
])
def test_a_site_is_named_by_its_urls_as_same_site_tells_sites_apart(url: str,
                                                                    named: str) -> None:
    """The name of a site that states none (``articles.site``, counted in a story's sites)."""
    from pipelines.dedupe.urls import site_of

    assert site_of(url) == named


def test_identity_collects_canonical_aliases() -> None:
    item = article("https://s.example/news/a/", aliases=[
        "https://s.example/news/a?utm_source=rss", "https://s.example/r/123", "https://s.example/news/a/"])
    assert item.url == "https://s.example/news/a"
    assert item.aliases == ["https://s.example/news/a", "https://s.example/r/123"]
