"""Layer 1: URL canonicalisation and site identity."""

from __future__ import annotations

import json
from pathlib import Path

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
        "https://example.com/news/a-b-c?id=7&sid=9f8e7d6c5b4a39281706f5e4d3c2b1a0&sessionid=Xk2v9Qr7Lm4Tz8Wp1Ns6Bd3",
        "https://example.com/(S(lit3py55t21z5v55vlm25s55))/news/a-b-c?id=7",
    ],
)
def test_session_ids_are_dropped_so_each_page_has_one_url(url: str) -> None:
    assert canonical_url(url) == "https://example.com/news/a-b-c?id=7"
    assert "sess" not in fetchable_url(url).lower() and "(S(" not in fetchable_url(url)


def test_parameters_that_merely_contain_session_words_are_kept() -> None:
    url = "https://example.com/a?session=keynote&side=left"
    assert canonical_url(url) == url


@pytest.mark.parametrize("name", ["sid", "sessionid", "s_sid"])
def test_a_generic_session_name_with_a_short_value_is_content_and_kept(name: str) -> None:
    first = f"https://forum.example/modules.php?name=News&file=article&{name}=4711"
    second = first.replace("4711", "4712")
    assert canonical_url(first) != canonical_url(second)
    assert fetchable_url(first) == first and f"{name}=4711" in canonical_url(first)


@pytest.mark.parametrize(
    "url",
    ["https://example.com/story.php?12345", "https://example.com/a/?b=2&a=1&&c",
     "https://example.com/a%2Fb?q=x%2Fy&r=a+b", "https://example.com/Caf%c3%a9/?x"],
)
def test_the_fetched_url_is_the_one_the_site_wrote(url: str) -> None:
    assert fetchable_url(url) == url
    assert fetchable_url(url + "#part") == url


@pytest.mark.parametrize(
    ("first", "second"),
    [("https://example.com/a%2Fb", "https://example.com/a/b"),
     ("https://example.com/p?12345", "https://example.com/p?12346"),
     ("https://example.com/p?id=1%262", "https://example.com/p?id=1&2"),
     ("https://example.com/p;v=1", "https://example.com/p;v=2")],
)
def test_different_articles_never_share_a_key(first: str, second: str) -> None:
    assert canonical_url(first) != canonical_url(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("https://example.com/caf%c3%a9?a=%7e", "https://EXAMPLE.com:443/caf%C3%A9/?a=~"),
     ("https://example.com/café", "https://example.com/caf%C3%A9"),
     ("https://example.com/p?b=2&a=1&utm_medium=x", "https://example.com/p?a=1&b=2")],
)
def test_spellings_of_one_url_share_a_key(first: str, second: str) -> None:
    assert canonical_url(first) == canonical_url(second)


def test_query_without_pairs_is_not_rewritten_in_the_key() -> None:
    assert canonical_url("https://example.com/p?12345") == "https://example.com/p?12345"


def test_field_case_urls(shared_dir: Path) -> None:
    """pages/12-*: each ``urls`` case, with the right value its expect.json gives."""
    cases = sorted((shared_dir / "field-cases" / "pages").glob("12-*.expect.json"))
    assert cases, "no 12-* URL cases found"
    for expect_file in cases:
        case = json.loads(expect_file.read_text())
        urls = Path(str(expect_file).replace(".expect.json", ".txt")).read_text().split()
        expected = case["expected"]
        keys = [canonical_url(url) for url in urls]
        assert (len(set(keys)) == len(keys)) is expected["distinct_canonical"], expect_file.name
        for url in urls:
            assert expected["fetchable_keeps"] in fetchable_url(url), (expect_file.name, url)
