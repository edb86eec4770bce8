"""Layer 1: URL canonicalisation and site identity."""

from __future__ import annotations

import pytest
from scrapy import Request

from crawler.discovery.request_fingerprint import CanonicalRequestFingerprinter
from pipelines.dedupe.urls import (
    canonical_url,
    fetchable_url,
    registrable_domain,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.Example.COM:80/News/a", "http://www.example.com/News/a"),
        ("https://example.com:443/a/", "https://example.com/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?fbclid=x&gclid=y&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com:8443/a/", "https://example.com:8443/a"),
        ("https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_fetchable_url_keeps_slash_and_order_but_drops_tracking() -> None:
    url = "https://example.com/a/?b=2&utm_campaign=x&a=1#top"
    assert fetchable_url(url) == "https://example.com/a/?b=2&a=1"


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("https://feeds.example.com/rss", "example.com"),
        ("http://news.example-auto.test/feed.xml", "example-auto.test"),
        ("http://127.0.0.1:8080/x", "127.0.0.1"),
        ("localhost", "localhost"),
    ],
)
def test_registrable_domain(url: str, domain: str) -> None:
    assert registrable_domain(url) == domain


def test_fingerprinter_treats_variants_as_one_page() -> None:
    fingerprint = CanonicalRequestFingerprinter().fingerprint
    same = [Request(u) for u in ("https://e.com/a", "https://e.com/a/", "https://E.com/a?utm_source=x#c")]
    assert len({fingerprint(r) for r in same}) == 1
    assert fingerprint(Request("https://e.com/b")) != fingerprint(same[0])


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/a-b-c;jsessionid=0123ABCDEF?id=7",
        "https://example.com/news/a-b-c?PHPSESSID=9f8e7d&id=7",
        "https://example.com/news/a-b-c?id=7&sid=abc123&sessionid=x",
        "https://example.com/(S(lit3py55t21z5v55vlm25s55))/news/a-b-c?id=7",
    ],
)
def test_session_ids_are_dropped_so_each_page_has_one_url(url: str) -> None:
    assert canonical_url(url) == "https://example.com/news/a-b-c?id=7"
    assert "sess" not in fetchable_url(url).lower() and "(S(" not in fetchable_url(url)


def test_parameters_that_merely_contain_session_words_are_kept() -> None:
    url = "https://example.com/a?session=keynote&side=left"
    assert canonical_url(url) == url
