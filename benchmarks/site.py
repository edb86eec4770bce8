"""Writes the benchmark's news site to a folder, to be served by :mod:`benchmarks.server`.

The site has ``articles`` article pages, an RSS and an Atom feed of the newest ones, a
news sitemap, gzipped archive sitemaps behind a sitemap index, paginated topic pages,
a home page, robots.txt and a few static pages. Every article is listed in a sitemap and
on its topic's pages, so the crawler (from the seeds) and the naive spider (from the
home page, following every link) can both reach all of them.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from benchmarks import site_pages as pages
from benchmarks.site_text import TOPICS, Story, make_story

Files = Iterator[tuple[str, str | bytes]]  # (URL path, content)

PER_PAGE = 20  # articles per topic page
NEWS_SITEMAP_SIZE = 1000  # newest articles in the news sitemap
ARCHIVE_SITEMAP_SIZE = 2000  # articles per archive sitemap
FEED_SIZE = 50


@dataclass(frozen=True)
class GeneratedSite:
    """Where the site was written and what it holds."""

    root: Path
    article_paths: frozenset[str]
    seed_paths: tuple[str, ...]


def file_for(root: Path, url_path: str) -> Path:
    """The file that answers ``url_path``: folders (paths ending in /) serve index.html."""
    relative = url_path.lstrip("/")
    return root / (relative + "index.html" if not relative or relative.endswith("/") else relative)


def _write(root: Path, url_path: str, content: str | bytes) -> None:
    target = file_for(root, url_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _neighbours(stories: Sequence[Story], index: int, offsets: Sequence[int]) -> list[Story]:
    return [stories[(index + o) % len(stories)] for o in offsets]


def _topic_pages(stories: Sequence[Story], topic: str) -> Iterator[tuple[str, str]]:
    listed = [s for s in stories if s.topic == topic]
    count = max(1, -(-len(listed) // PER_PAGE))
    paths = [f"/topics/{topic}/"] + [f"/topics/{topic}/page/{n}/" for n in range(2, count + 1)]
    for number, url_path in enumerate(paths):
        chunk = listed[number * PER_PAGE:(number + 1) * PER_PAGE]
        following = paths[number + 1] if number + 1 < len(paths) else None
        yield url_path, pages.listing_page(f"{topic.title()}, page {number + 1}", chunk, following)


def _rss(base: str, stories: Sequence[Story]) -> str:
    items = "".join(
        f"<item><title>{escape(s.title)}</title><link>{base}{pages.path(s)}</link>"
        f"<pubDate>{s.published:%a, %d %b %Y %H:%M:%S %z}</pubDate></item>" for s in stories)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>'
            f"{escape(pages.SITE_NAME)}</title><link>{base}/</link>{items}</channel></rss>")


def _atom(base: str, stories: Sequence[Story]) -> str:
    items = "".join(
        f'<entry><title>{escape(s.title)}</title>'
        f'<link rel="alternate" href="{base}{pages.path(s)}"/>'
        f"<id>{base}{pages.path(s)}</id><updated>{s.published.isoformat()}</updated></entry>"
        for s in stories)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(pages.SITE_NAME)}</title><id>{base}/</id>{items}</feed>")


def _urlset(base: str, stories: Sequence[Story], news: bool) -> str:
    def entry(s: Story) -> str:
        extra = (f"<news:news><news:publication><news:name>{escape(pages.SITE_NAME)}</news:name>"
                 f"<news:language>en</news:language></news:publication><news:publication_date>"
                 f"{s.published.isoformat()}</news:publication_date><news:title>"
                 f"{escape(s.title)}</news:title></news:news>" if news else "")
        return (f"<url><loc>{base}{pages.path(s)}</loc><lastmod>{s.published.isoformat()}"
                f"</lastmod>{extra}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            + "".join(entry(s) for s in stories) + "</urlset>")


def _sitemaps(base: str, stories: Sequence[Story], now: datetime) -> Files:
    locations = ["/news-sitemap.xml"]
    yield locations[0], _urlset(base, stories[:NEWS_SITEMAP_SIZE], news=True)
    for number, start in enumerate(range(0, len(stories), ARCHIVE_SITEMAP_SIZE), start=1):
        location = f"/sitemaps/articles-{number}.xml.gz"
        chunk = stories[start:start + ARCHIVE_SITEMAP_SIZE]
        yield location, gzip.compress(_urlset(base, chunk, news=False).encode(), mtime=0)
        locations.append(location)
    index = "".join(f"<sitemap><loc>{base}{loc}</loc><lastmod>{now.isoformat()}</lastmod></sitemap>"
                    for loc in locations)
    yield "/sitemap_index.xml", ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http:'
                                 f'//www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>')


def _listings(base: str, stories: Sequence[Story], now: datetime) -> Files:
    yield "/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_index.xml\n"
    yield "/", pages.listing_page(pages.SITE_NAME, stories[:30], None)
    yield "/feed.xml", _rss(base, stories[:FEED_SIZE])
    yield "/atom.xml", _atom(base, stories[:FEED_SIZE])
    yield from _sitemaps(base, stories, now)
    for topic in TOPICS:
        yield from _topic_pages(stories, topic)
    for name in pages.STATIC_PAGES:
        yield f"/{name}/", pages.static_page(name)


def generate(root: Path, articles: int, base: str, now: datetime) -> GeneratedSite:
    """Write a site of ``articles`` articles whose absolute links start with ``base``."""
    stories = [make_story(i, now) for i in range(articles)]
    for story in stories:
        related = _neighbours(stories, story.index, (1, 2, 3, 7, 11, 13))
        most_read = _neighbours(stories, story.index * 7, range(0, 50, 5))
        _write(root, pages.path(story), pages.article_page(story, base, related, most_read))
    for url_path, content in _listings(base, stories, now):
        _write(root, url_path, content)
    seeds = ("/sitemap_index.xml", "/feed.xml", "/atom.xml", *(f"/topics/{t}/" for t in TOPICS))
    return GeneratedSite(root=root, article_paths=frozenset(pages.path(s) for s in stories),
                         seed_paths=seeds)
