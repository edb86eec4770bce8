"""Layer 1: more inputs of each listing and URL fault kind of the field cases, written here
(other sites, other encodings, other spellings), with their right values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.discovery.feeds import read_listing
from pipelines.dedupe.urls import canonical_url, fetchable_url

BASE = "https://wire.example.net/feeds/"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def rss(items: str, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f'{declaration}<rss version="2.0"><channel><title>W</title>{items}</channel></rss>'


def item(link: str, date: str = "Tue, 14 May 2024 08:00:00 +0200") -> str:
    return f"<item><title>T</title><link>{link}</link><pubDate>{date}</pubDate></item>"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


CASES = {
    "utf32-bom": (rss(item("https://wire.example.net/a/1")).encode("utf-32"),
                  [("https://wire.example.net/a/1", at("2024-05-14T06:00:00+00:00"), None)]),
    "utf16le-no-bom": (rss(item("https://wire.example.net/a/2"),
                           '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16-le"),
                       [("https://wire.example.net/a/2", at("2024-05-14T06:00:00+00:00"), None)]),
    "undeclared-dc": (rss("<item><title>T</title><link>https://wire.example.net/a/3</link>"
                          "<dc:date>2024-05-14T08:00:00+05:30</dc:date></item>").encode(),
                      [("https://wire.example.net/a/3", at("2024-05-14T02:30:00+00:00"),
                        at("2024-05-14T02:30:00+00:00"))]),
    "one-bad-url": (rss(item("http://[bad/x") + item("https://wire.example.net/a/4")).encode(),
                    [("https://wire.example.net/a/4", at("2024-05-14T06:00:00+00:00"), None)]),
    "absurd-year": (rss(item("https://wire.example.net/a/5", "Tue, 14 May 99999 08:00:00 GMT")
                        + item("https://wire.example.net/a/6")).encode(),
                    [("https://wire.example.net/a/5", None, None),
                     ("https://wire.example.net/a/6", at("2024-05-14T06:00:00+00:00"), None)]),
    "doctype-first": (('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x">'
                       + rss(item("https://wire.example.net/a/7"), "")).encode(),
                      [("https://wire.example.net/a/7", at("2024-05-14T06:00:00+00:00"), None)]),
    "bare-ampersand": (rss(item("https://wire.example.net/a?id=8&cat=2")).encode(),
                       [("https://wire.example.net/a?id=8&cat=2",
                         at("2024-05-14T06:00:00+00:00"), None)]),
    "atom-base-alternate": (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://wire.example.net/news/">'
        b'<title>W</title><entry><title>T</title><link rel="enclosure" href="/img/9.jpg"/>'
        b'<link rel="self" href="/api/9"/><link rel="alternate" href="2024/story-9"/>'
        b"<updated>2024-05-14T08:00:00-04:00</updated></entry></feed>",
        [("https://wire.example.net/news/2024/story-9", at("2024-05-14T12:00:00+00:00"),
          at("2024-05-14T12:00:00+00:00"))]),
    "atom-0.3": (b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>W</title><entry>'
                 b'<title>T</title><link rel="alternate" type="text/html" '
                 b'href="https://wire.example.net/a/10"/><issued>2024-05-14T08:00:00Z</issued>'
                 b"<modified>2024-05-15T09:00:00Z</modified></entry></feed>",
                 [("https://wire.example.net/a/10", at("2024-05-14T08:00:00+00:00"),
                   at("2024-05-15T09:00:00+00:00"))]),
    "dcterms-and-zone-name": (
        rss('<item><title>T</title><link>https://wire.example.net/a/11</link>'
            '<dcterms:modified xmlns:dcterms="http://purl.org/dc/terms/">2024-05-16T10:00:00+01:00'
            "</dcterms:modified><pubDate>Tue, 14 May 2024 08:00:00 EST</pubDate></item>").encode(),
        [("https://wire.example.net/a/11", at("2024-05-14T13:00:00+00:00"),
          at("2024-05-16T09:00:00+00:00"))]),
    "sitemap-utf16": (
        (f'<?xml version="1.0" encoding="UTF-16"?><urlset xmlns="{SITEMAP}"><url>'
         "<loc>https://wire.example.net/s/1</loc><lastmod>2024-05-14T08:00+02:00</lastmod>"
         "</url></urlset>").encode("utf-16"),
        [("https://wire.example.net/s/1", at("2024-05-14T06:00:00+00:00"),
          at("2024-05-14T06:00:00+00:00"))]),
    "news-sitemap-undeclared-bad-entries": (
        (f'<?xml version="1.0"?><urlset xmlns="{SITEMAP}"><url><loc>https://wire.example.net/s?a=1&b=2'
         "</loc><news:news><news:publication_date>2024-05-14</news:publication_date></news:news>"
         "</url><url><loc>not a url</loc></url><url><loc>https://wire.example.net/s/3</loc>"
         "<lastmod>99999-01-01</lastmod></url></urlset>").encode(),
        [("https://wire.example.net/s?a=1&b=2", at("2024-05-14T00:00:00+00:00"), None),
         ("https://wire.example.net/s/3", None, None)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_listing_gives_its_good_links_with_their_dates(name: str) -> None:
    body, expected = CASES[name]
    listing = read_listing(body, BASE)
    assert [(link.url, link.date, link.modified) for link in listing.links] == expected


@pytest.mark.parametrize(("written", "fetched", "canonical"), [
    ("https://old.example.org/modules.php?name=News&file=article&sid=4711",  # sid is the story
     "https://old.example.org/modules.php?name=News&file=article&sid=4711",
     "https://old.example.org/modules.php?file=article&name=News&sid=4711"),
    ("https://x.example.org/story?98765", "https://x.example.org/story?98765",
     "https://x.example.org/story?98765"),
    ("https://x.example.org/a%2Fb/c", "https://x.example.org/a%2Fb/c",
     "https://x.example.org/a%2Fb/c"),
    ("https://x.example.org/p/?utm_source=tw&id=5#top", "https://x.example.org/p/?id=5",
     "https://x.example.org/p?id=5"),
    ("https://x.example.org/view.php?sessionid=q8f7a6s5d4f3g2h1j0k9l8&story=3",
     "https://x.example.org/view.php?story=3", "https://x.example.org/view.php?story=3"),
])
def test_urls_are_requested_as_written_and_keyed_without_merging_stories(
        written: str, fetched: str, canonical: str) -> None:
    assert (fetchable_url(written), canonical_url(written)) == (fetched, canonical)


def test_two_stories_told_apart_only_by_sid_stay_two_urls() -> None:
    story = "https://old.example.org/modules.php?name=News&file=article&sid={}"
    assert canonical_url(story.format(4711)) != canonical_url(story.format(4712))
