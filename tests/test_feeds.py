"""Layer 1: seed kinds detected from the body, and the links feeds and sitemaps give."""

from __future__ import annotations

import codecs
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.discovery.feeds import read_listing
from crawler.discovery.listed import Link, SeedKind, parse_date
from crawler.discovery.xmldoc import parse_xml
from tests.hostile.server import HostileSite

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
BASE = "https://s.example/feeds/main.xml"
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://s.example/</link>
<item><title>A</title><link>https://s.example/news/a</link><pubDate>Tue, 17 Nov 2026 09:30:00 +0800</pubDate></item>
<item><title>B</title><guid isPermaLink="true">https://s.example/news/b</guid></item>
<item><title>C</title><guid isPermaLink="false">tag:s.example,2026:c</guid></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>A</title><link rel="self" href="/self/a"/><link href="/news/a"/><published>2026-11-17T09:30:00Z</published></entry>
</feed>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://s.example/sm-1.xml.gz</loc><lastmod>2026-11-01</lastmod></sitemap></sitemapindex>"""
NEWS = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://s.example/news/a</loc>
<lastmod>2026-11-20T10:00:00+01:00</lastmod>
<news:news><news:publication_date>2026-11-17T09:30:00+08:00</news:publication_date></news:news></url></urlset>"""
PLAIN = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://s.example/p</loc></url></urlset>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&lol3;&ext;</title><link>https://s.example/x</link></item></channel></rss>"""


def _links(body: bytes, base: str = BASE) -> list[tuple[str, str | None]]:
    listing = read_listing(body, base, NOW)
    return [(link.url, link.date.isoformat() if link.date else None) for link in listing.links]


@pytest.mark.parametrize(
    ("body", "kind"),
    [(RSS, SeedKind.RSS), (ATOM, SeedKind.ATOM), (INDEX, SeedKind.SITEMAP_INDEX),
     (NEWS, SeedKind.NEWS_SITEMAP), (PLAIN, SeedKind.SITEMAP),
     (b"<!DOCTYPE html><html><body><a href='/x'>x</a></body></html>", SeedKind.HTML),
     (b"<html><body><p>a &nbsp; b &copy; <a href='/rss'>rss</a></body></html>", SeedKind.HTML),
     (b"not xml at all", SeedKind.HTML), (b"", SeedKind.HTML)],
)
def test_kind_is_detected_from_the_body(body: bytes, kind: SeedKind) -> None:
    assert read_listing(body, BASE, NOW).kind is kind


def test_rss_items_links_and_dates() -> None:
    assert _links(RSS) == [("https://s.example/news/a", "2026-11-17T01:30:00+00:00"),
                           ("https://s.example/news/b", None)]


def test_atom_prefers_the_alternate_link_and_resolves_it() -> None:
    assert _links(ATOM, "https://s.example/atom.xml") == [
        ("https://s.example/news/a", "2026-11-17T09:30:00+00:00")]


def test_sitemaps_give_news_publication_date_and_lastmod_as_modified() -> None:
    (news,) = read_listing(NEWS, "https://s.example/sm.xml", NOW).links
    assert news.date == datetime(2026, 11, 17, 1, 30, tzinfo=UTC)
    assert news.modified == news.changed_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    (child,) = read_listing(INDEX, "https://s.example/index.xml", NOW).links
    assert child.url.endswith(".xml.gz") and child.date == datetime(2026, 11, 1, tzinfo=UTC)


def test_gzip_is_the_spiders_business_xml_parser_rejects_it() -> None:
    assert parse_xml(gzip.compress(NEWS)) is None


def test_entities_are_neither_expanded_nor_read_from_files() -> None:
    root = parse_xml(BILLION_LAUGHS)
    assert root is not None
    title = "".join(root.itertext())
    assert "lollollol" not in title and "root:" not in title
    assert _links(BILLION_LAUGHS) == [("https://s.example/x", None)]


@pytest.mark.parametrize("value", ["", "soon", "32/13/2026", None, "Tue, 17 Nov 99999999 09:30:00 GMT",
                                   "1970-01-01T00:00:00Z", "2099-01-01", "9999-12-31T23:59:59+14:00"])
def test_bad_and_implausible_dates_are_none(value: str | None) -> None:
    assert parse_date(value, NOW) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-11-17", "2026-11-17T00:00:00+00:00"), ("2026-11", "2026-11-01T00:00:00+00:00"),
     ("2026-11-17T09:30+01:00", "2026-11-17T08:30:00+00:00"),
     ("Tue, 17 Nov 2026 03:30:00 -05:00", "2026-11-17T08:30:00+00:00"),
     ("Tue, 17 Nov 2026 03:30:00 EST", "2026-11-17T08:30:00+00:00"),
     ("2026-11-17T08:30:00.123456Z", "2026-11-17T08:30:00.123456+00:00")],
)
def test_sitemap_date_spellings(value: str, expected: str) -> None:
    date = parse_date(value, NOW)
    assert date is not None and date.isoformat() == expected


def test_no_entity_reaches_a_file_the_network_or_an_external_dtd(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER")
    with HostileSite("127.0.0.1") as listener:
        base = listener.base_url
        levels = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
        body = (f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{base}/external.dtd" ['
                f'<!ENTITY l0 "lol">{levels}<!ENTITY file SYSTEM "file://{secret}">'
                f'<!ENTITY net SYSTEM "{base}/entity"><!ENTITY % param SYSTEM "{base}/param">'
                f"%param;]><rss><channel><item><link>https://s.example/news/a</link>"
                f"<title>&l9;&file;&net;</title></item></channel></rss>").encode()
        root = parse_xml(body)
        listing = read_listing(body, "https://s.example/feed", NOW)
        assert listener.requests == []
    assert root is not None
    text = "".join(root.itertext())
    assert "SECRET-MARKER" not in text and "lollol" not in text
    assert [link.url for link in listing.links] == ["https://s.example/news/a"]


# -- the field cases, and others of the same kinds -------------------------------------


def test_field_case_feeds_and_sitemaps(shared_dir: Path) -> None:
    """feeds/*: every case of expected.json gives its kind and exactly its links and dates."""
    folder = shared_dir / "field-cases" / "feeds"
    cases = json.loads((folder / "expected.json").read_text())
    assert cases
    for name, case in cases.items():
        listing = read_listing((folder / name).read_bytes(), case["base"])
        got = [[link.url, link.date.isoformat() if link.date else None] for link in listing.links]
        assert (listing.kind.value, got) == (case["kind"], case["links"]), name


def test_field_case_xml_pages(shared_dir: Path) -> None:
    """pages/13-*: each ``xml`` case gives its seed kind and its links."""
    cases = sorted((shared_dir / "field-cases" / "pages").glob("13-*.expect.json"))
    assert cases
    for expect_file in cases:
        case = json.loads(expect_file.read_text())
        body = next(p for p in expect_file.parent.glob(expect_file.name.replace(
            ".expect.json", ".*")) if not p.name.endswith(".expect.json")).read_bytes()
        listing = read_listing(body, case["url"])
        assert listing.kind.value == case["expected"]["kind"], expect_file.name
        assert [link.url for link in listing.links] == case["expected"]["links"], expect_file.name


FEED_ITEMS = ('<item><link>https://s.example/news/caf\u00e9</link></item>'
              '<item><link>https://s.example/news/b</link></item>')


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                      "utf-32-be"])
@pytest.mark.parametrize("declared", [True, False])
def test_byte_order_marks_and_wide_encodings(encoding: str, declared: bool) -> None:
    name = codecs.lookup(encoding).name.replace("-sig", "")
    prolog = f'<?xml version="1.0" encoding="{name}"?>' if declared else ""
    for document in (f'{prolog}<rss version="2.0"><channel><title>T</title>{FEED_ITEMS}</channel></rss>',
                     f'{prolog}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                     "<url><loc>https://s.example/news/caf\u00e9</loc></url>"
                     "<url><loc>https://s.example/news/b</loc></url></urlset>"):
        listing = read_listing(document.encode(encoding), BASE, NOW)
        assert [link.url for link in listing.links] == ["https://s.example/news/caf\u00e9",
                                                          "https://s.example/news/b"], encoding


def test_a_latin1_feed_that_says_so_is_read_as_latin1() -> None:
    body = ('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
            '<item><link>https://s.example/news/m\u00fcnchen</link></item></channel></rss>')
    assert _links(body.encode("latin-1")) == [("https://s.example/news/m\u00fcnchen", None)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [  # undeclared prefixes, in a feed and in a news sitemap
     (b'<rss version="2.0"><channel><item><dc:creator>X</dc:creator><link>https://s.example/n/1</link>'
      b"<dc:date>2026-11-17T10:00:00+02:00</dc:date></item></channel></rss>",
      [("https://s.example/n/1", "2026-11-17T08:00:00+00:00")]),
     (b'<urlset><url><loc>https://s.example/n/1</loc><image:image><image:loc>https://s.example/i.jpg'
      b"</image:loc></image:image><news:news><news:publication_date>2026-11-17T08:00:00-05:00"
      b"</news:publication_date></news:news></url></urlset>",
      [("https://s.example/n/1", "2026-11-17T13:00:00+00:00")]),
     # bare ampersands and character references side by side
     (b"<urlset><url><loc>https://s.example/a?x=1&y=2&amp;z=3&#38;w=4</loc></url></urlset>",
      [("https://s.example/a?x=1&y=2&z=3&w=4", None)]),
     # a DOCTYPE first, in a sitemap
     (b'<!DOCTYPE urlset SYSTEM "urlset.dtd">\n<urlset><url><loc>https://s.example/n/1</loc></url>'
      b"</urlset>", [("https://s.example/n/1", None)]),
     # one bad location, one non-http one, one absurd date, one good entry
     (b"<urlset><url><loc>https://s.example:99999/x</loc></url><url><loc>javascript:alert(1)</loc>"
      b"</url><url><loc>https://s.example/n/2</loc><lastmod>2026-13-45</lastmod></url>"
      b"<url><loc>/n/3</loc><lastmod>2026-11-17</lastmod></url></urlset>",
      [("https://s.example/n/2", None), ("https://s.example/n/3", "2026-11-17T00:00:00+00:00")]),
     # a video's publication date is not the page's; lastmod is
     (b'<urlset><url><loc>https://s.example/v/1</loc><lastmod>2026-11-10</lastmod><video:video>'
      b"<video:publication_date>2020-01-01</video:publication_date></video:video></url></urlset>",
      [("https://s.example/v/1", "2026-11-10T00:00:00+00:00")])],
)
def test_broken_listings_keep_their_good_links(body: bytes, expected: list[tuple[str, str | None]]
                                               ) -> None:
    assert _links(body, "https://s.example/sitemap.xml") == expected


@pytest.mark.parametrize(
    ("entry", "expected"),
    [  # Atom: an html alternate before a pdf one; self/enclosure/related never
     ('<link rel="self" href="/self"/><link rel="related" href="/rel"/><link rel="alternate" '
      'type="application/pdf" href="/a.pdf"/><link rel="alternate" type="text/html" href="/news/a"/>',
      "https://s.example/news/a"),
     ('<link rel="enclosure" href="/a.mp3"/><link rel="via" href="https://other.example/x"/>'
      "<id>https://s.example/news/id-only</id>", None),
     ('<link rel="alternate" href="javascript:void(0)"/>', None),
     ('<link href="mailto:desk@s.example"/>', None)],
)
def test_atom_entry_links(entry: str, expected: str | None) -> None:
    body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry>{entry}</entry></feed>'
    listing = read_listing(body.encode(), "https://s.example/feeds/atom.xml", NOW)
    assert [link.url for link in listing.links] == ([expected] if expected else [])
    assert listing.failed is (expected is None)


def test_rss_entries_keep_going_past_bad_ones_and_read_every_date_kind() -> None:
    body = b"""<rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/"
      xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
    <item><link>https://s.example/n/1</link><dcterms:created>2026-11-10T10:00:00+02:00</dcterms:created>
      <dcterms:modified>2026-11-12T10:00:00Z</dcterms:modified></item>
    <item><link>http://[broken/x</link></item>
    <item><link>https://s.example/n/3</link><pubDate>Wed, 11 Nov 2026 10:00:00 PST</pubDate>
      <atom:updated>2026-11-20T00:00:00Z</atom:updated></item>
    <item><link>https://s.example/n/4</link><pubDate>Wed, 11 Nov 2099 10:00:00 GMT</pubDate></item>
    <item><link>https://s.example/n/5</link><dcterms:issued>2026-11-09</dcterms:issued></item>
    <item><enclosure url="https://s.example/a.mp3" type="audio/mpeg"/></item>
    <item><link>https://s.example/n/7</link><source url="https://other.example/rss">
      <pubDate>Mon, 01 Jan 2001 00:00:00 GMT</pubDate></source></item>
    </channel></rss>"""
    listing = read_listing(body, BASE, NOW)
    got = {link.url: (link.date, link.modified) for link in listing.links}
    assert list(got) == [f"https://s.example/n/{n}" for n in (1, 3, 4, 5, 7)]
    assert got["https://s.example/n/1"] == (datetime(2026, 11, 10, 8, tzinfo=UTC),
                                            datetime(2026, 11, 12, 10, tzinfo=UTC))
    assert got["https://s.example/n/3"] == (datetime(2026, 11, 11, 18, tzinfo=UTC),
                                            datetime(2026, 11, 20, tzinfo=UTC))
    assert got["https://s.example/n/4"] == (None, None)  # 2099: not a date a site means
    assert got["https://s.example/n/5"][0] == datetime(2026, 11, 9, tzinfo=UTC)
    assert got["https://s.example/n/7"][0] is None  # the source feed's date is not the item's
    assert listing.entries == 7 and not listing.failed


def test_xml_base_on_the_entry_and_relative_permalinks() -> None:
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://s.example/a/"><title>T</title>'
            b'<entry xml:base="/news/2026/"><link href="story-one"/></entry></feed>')
    assert _links(atom) == [("https://s.example/news/2026/story-one", None)]
    rss = b'<rss version="2.0"><channel><item><guid>../news/b</guid></item></channel></rss>'
    assert _links(rss) == [("https://s.example/news/b", None)]


def test_atom_03_and_rss_1_0() -> None:
    atom03 = (b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry>'
              b'<link rel="alternate" type="text/html" href="https://s.example/n/1"/>'
              b"<created>2026-11-16T09:00:00Z</created><modified>2026-11-18T09:00:00Z</modified>"
              b"</entry></feed>")
    (link,) = read_listing(atom03, BASE, NOW).links
    assert (link.date, link.modified) == (datetime(2026, 11, 16, 9, tzinfo=UTC),
                                          datetime(2026, 11, 18, 9, tzinfo=UTC))
    rdf = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           b' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           b'<channel rdf:about="x"><title>T</title></channel><item rdf:about="https://s.example/r">'
           b"<title>R</title><link>https://s.example/r</link><dc:date>2026-11-11T10:00:00+01:00"
           b"</dc:date></item></rdf:RDF>")
    listing = read_listing(rdf, BASE, NOW)
    assert listing.kind is SeedKind.RSS
    assert _links(rdf) == [("https://s.example/r", "2026-11-11T09:00:00+00:00")]


def test_an_empty_feed_is_not_a_failure_but_unusable_entries_are() -> None:
    empty = read_listing(b'<rss version="2.0"><channel><title>T</title></channel></rss>', BASE, NOW)
    assert (empty.kind, empty.entries, empty.failed) == (SeedKind.RSS, 0, False)
    unusable = read_listing(b"<urlset><url><loc>ftp://s.example/x</loc></url></urlset>", BASE, NOW)
    assert (unusable.entries, unusable.failed) == (1, True)


def test_changed_at_is_the_latest_date_given() -> None:
    early, late = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 5, tzinfo=UTC)
    assert Link("https://s.example/a", early, late).changed_at == late
    assert Link("https://s.example/a", late, None).changed_at == late
    assert Link("https://s.example/a").changed_at is None


def test_a_listing_s_publication_date_is_stated_apart_from_a_last_modified_date() -> None:
    """The article takes the listed time where its page states none
    (``extract.pipeline.published``): only a publication date, never a ``lastmod``."""
    from crawler.discovery.frontier import listed_urls

    published = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
    changed = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
    rss = read_listing(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b'<item><link>https://s.example/a</link>'
        b'<pubDate>Sat, 28 Nov 2026 09:30:00 GMT</pubDate></item></channel></rss>',
        "https://s.example/feed.xml")
    sitemap = read_listing(
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://s.example/b</loc><lastmod>2026-11-29T18:00:00Z</lastmod></url>"
        b"</urlset>", "https://s.example/sitemap.xml")
    (from_feed,), (from_sitemap,) = listed_urls(rss.links), listed_urls(sitemap.links)
    assert from_feed.stated_at == published
    assert from_sitemap.published_at == changed and from_sitemap.stated_at is None


@pytest.mark.parametrize("listing", [
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
    b"<loc>https://s.example/a</loc><lastmod>2026-11-28T09:30:00+00:00</lastmod>"
    b"<news:news><news:publication_date>2026-11-28T10:30:00+01:00</news:publication_date>"
    b"</news:news></url></urlset>",
    b'<?xml version="1.0"?><rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/">'
    b"<channel><title>t</title><item><link>https://s.example/a</link>"
    b"<pubDate>Sat, 28 Nov 2026 09:30:00 GMT</pubDate>"
    b"<dcterms:modified>2026-11-28T09:30:00Z</dcterms:modified></item></channel></rss>",
    b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
    b'<entry><link href="https://s.example/a"/><published>2026-11-28T09:30:00Z</published>'
    b"<updated>2026-11-28T09:30:00Z</updated></entry></feed>",
], ids=["news-sitemap", "rss-dcterms", "atom"])
def test_a_publication_date_equal_to_the_last_change_is_still_stated(listing: bytes) -> None:
    """An entry never edited states its publication and its last change as one instant
    (in one zone or two): the publication date is stated all the same."""
    from crawler.discovery.frontier import listed_urls

    (found,) = listed_urls(read_listing(listing, "https://s.example/listing").links)
    assert found.stated_at == datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
