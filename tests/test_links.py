"""Layer 1: which links of a section page are articles, and which is the next page."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler.discovery.links import article_links, looks_like_article, next_page_link

SITE = "autoworld.example"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.autoworld.example/news/2026/ford-xiaomi-ev-talks",
        "https://autoworld.example/2026/11/18/ford-xiaomi/",
        "https://www.autoworld.example/story/1234567",
        "https://amp.autoworld.example/amp/news/gm-google-ai-deal-announced",
        "https://www.autoworld.example/news/ford-and-xiaomi-in-talks.html",
        "https://www.autoworld.example/business/vw-xpeng-platform-deal.shtml",
        "https://www.autoworld.example/news/toyota--huawei--cockpit-pact.htm",
        "https://www.autoworld.example/wirtschaft/vw_xpeng__plattform_vertrag.php",
        "https://www.autoworld.example/news/renault-s%C3%A9lectionne-google-cloud",
        "https://www.autoworld.example/auto/%E5%B0%8F%E7%B1%B3-%E7%A6%8F%E7%89%B9-%E5%90%88%E4%BD%9C",
        "https://www.autoworld.example/news/article-1234567.aspx",
        "https://www.autoworld.example/news/vw-xpeng-platform-deal.amp.html",
        "https://www.autoworld.example/modules.php?name=News&file=article&sid=4711",
        "https://www.autoworld.example/auto/read.php?id=88231",
        "https://www.autoworld.example/auto/%E3%83%88%E3%83%A8%E3%82%BF%E3%81%A8%E3%83%95%E3%82%A"
        "1%E3%83%BC%E3%82%A6%E3%82%A7%E3%82%A4%E3%81%8C%E6%8F%90%E6%90%BA",
    ],
)
def test_article_urls(url: str) -> None:
    assert looks_like_article(url, SITE)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.autoworld.example/tag/ev/",
        "https://www.autoworld.example/author/jane-doe/",
        "https://www.autoworld.example/category/business/",
        "https://www.autoworld.example/search?q=ford-xiaomi-news",
        "https://www.autoworld.example/login",
        "https://www.autoworld.example/share?url=https://x.example/a-b-c",
        "https://www.autoworld.example/newsletter/signup",
        "https://www.autoworld.example/topics/partnerships/",
        "https://www.autoworld.example/",
        "https://www.autoworld.example/files/annual-report-2026.pdf",
        "https://twitter.com/intent/tweet?text=ford-xiaomi-ev-talks",
        "mailto:desk@autoworld.example",
        "https://www.autoworld.example/page/2/",
        "https://www.autoworld.example/2026/",
        "https://www.autoworld.example/archive/2026/11/18/",
        "https://www.autoworld.example/archive/2026-11-18",
        "https://www.autoworld.example/news/20261118",
        "https://www.autoworld.example/calendar/2026/11/ford-xiaomi-launch-event",
        "https://www.autoworld.example/news/ford-xiaomi-ev-talks?date=2026-11-19",
        "https://www.autoworld.example/news/index.html",
        "https://www.autoworld.example/section/electric-cars.html",
        "https://www.autoworld.example/archive/2026-11-18.html",
        "https://www.autoworld.example/news/--",
        "https://www.autoworld.example/terms-and-conditions.html",
        "https://www.autoworld.example/contact_the_newsroom.php",
        "https://www.autoworld.example/tag-xpeng-volkswagen.htm",
        "https://www.autoworld.example/archive-november-2026.html",
        "https://www.autoworld.example/2026/11/18/index.html",
        "https://www.autoworld.example/2026/11/default.aspx",
        "https://www.autoworld.example/index.php?page=12",
        "https://www.autoworld.example/auto/%E6%B1%BD%E8%BD%A6",
    ],
)
def test_non_article_urls(url: str) -> None:
    assert not looks_like_article(url, SITE)


def test_article_links_in_page_order_once_each_without_fragments() -> None:
    html = """<nav><a href="/category/ev/">EV</a></nav>
    <a href="/news/ford-xiaomi-ev-talks">A</a><a href="/news/ford-xiaomi-ev-talks#comments">A</a>
    <a href="https://other.example/news/some-other-story">off-site</a>
    <a href="/news/vw-xpeng-platform-deal">B</a>"""
    page = "https://www.autoworld.example/topics/partnerships/"
    assert article_links(Selector(text=html), page) == [
        "https://www.autoworld.example/news/ford-xiaomi-ev-talks",
        "https://www.autoworld.example/news/vw-xpeng-platform-deal",
    ]


def test_session_id_variants_of_a_link_are_one_article_link() -> None:
    html = """<a href="/news/ford-xiaomi-ev-talks;jsessionid=A1">A</a>
    <a href="/news/ford-xiaomi-ev-talks;jsessionid=B2">A</a>
    <a href="/news/ford-xiaomi-ev-talks?PHPSESSID=c3">A</a>"""
    page = "https://www.autoworld.example/topics/partnerships/"
    assert article_links(Selector(text=html), page) == [
        "https://www.autoworld.example/news/ford-xiaomi-ev-talks",
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<link rel="next" href="?page=2">', "https://s.example/topics/x/?page=2"),
        ('<a rel="next nofollow" href="/topics/x/page/2/">2</a>', "https://s.example/topics/x/page/2/"),
        ('<a href="?page=2">Next page</a>', "https://s.example/topics/x/?page=2"),
        ('<a href="?page=2">Older posts</a>', "https://s.example/topics/x/?page=2"),
        ('<a href="https://elsewhere.example/?page=2" rel="next">next</a>', None),
        ('<a href="/about">About us</a>', None),
    ],
)
def test_next_page_link(html: str, expected: str | None) -> None:
    assert next_page_link(Selector(text=html), "https://s.example/topics/x/") == expected
