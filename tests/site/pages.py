"""HTML, feeds and sitemaps of the fixture site, rendered from the stories in ``content``."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timedelta, timezone
from html import escape

from tests.site.content import Story

SITE_NAME = "Autoworld News"
LOCAL = timezone(timedelta(hours=8))
NAV = """<nav class="menu"><a href="/">Home</a> <a href="/category/business/">Business</a>
<a href="/tag/ev/">EVs</a> <a href="/about-us">About us</a> <a href="/login">Log in</a></nav>"""
COOKIES = """<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your
experience and for advertising.</p><button>Accept all</button><button>Manage settings</button></div>"""
NEWSLETTER = """<aside class="newsletter-box"><h3>Sign up for our newsletter</h3>
<p>The day's EV news in your inbox every morning.</p><form><input name="email"><button>Subscribe
</button></form></aside>"""
SHARE = """<div class="share-buttons"><a href="/share?url=x">Share on X</a>
<a href="/share?url=f">Share on Facebook</a><a href="/share?url=l">Share on LinkedIn</a></div>"""
COMMENTS = """<section id="comments" class="comments"><h3>3 Comments</h3>
<div class="comment"><p>Great news for Ford owners, finally decent software!</p></div>
<div class="comment"><p>Leave a comment below and join the discussion.</p></div></section>"""
FOOTER = """<footer class="site-footer"><p>© 2026 Autoworld News. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a> <a href="/newsletter/signup">Newsletter</a></footer>"""


def published_at(story: Story, now: datetime) -> datetime:
    """The story's publication time, in the site's UTC+8, to the minute."""
    days, clock = story.published.split()
    hour, minute = (int(x) for x in clock.split(":"))
    day = (now - timedelta(days=int(days))).astimezone(LOCAL)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _json_ld(story: Story, when: datetime, url: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
            "datePublished": when.isoformat(), "mainEntityOfPage": url,
            "author": [{"@type": "Person", "name": n} for n in story.authors],
            "publisher": {"@type": "Organization", "name": SITE_NAME}}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _head(story: Story, when: datetime, canonical: str) -> str:
    ld = _json_ld(story, when, canonical) if story.json_ld else ""
    return f"""<head><meta charset="utf-8"><title>{escape(story.title)} | {SITE_NAME}</title>
<meta property="og:title" content="{escape(story.title)}"><meta property="og:type" content="article">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="article:published_time" content="{when.isoformat()}">
<meta name="description" content="{escape(story.paragraphs[0][:150])}">
<link rel="canonical" href="{canonical}"><link rel="stylesheet" href="/static/site.css">{ld}</head>"""


def _paragraphs(story: Story) -> str:
    parts = [f"<p>{escape(p)}</p>" for p in story.paragraphs]
    if story.subheading:
        parts.insert(3, f"<h2>{escape(story.subheading)}</h2>")
    return "\n".join(parts)


def _related(links: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{href}">{escape(text)}</a></li>' for href, text in links)
    return f'<aside class="related"><h3>Related Articles</h3><ul>{items}</ul></aside>'


def article_page(story: Story, now: datetime, canonical: str,
                 related: list[tuple[str, str]]) -> str:
    """A full article page in the story's template, with all the chrome a news site has."""
    when = published_at(story, now)
    byline = " and ".join(story.authors)
    stamp = f'<time datetime="{when.isoformat()}">{when:%B %d, %Y %H:%M}</time>'
    if story.template == "a":
        body = f"""<header>{NAV}</header>{COOKIES}<main><article class="post">
<h1 class="entry-title">{escape(story.title)}</h1><p class="byline">By {byline} · {stamp}</p>
<span class="reading-time">3 min read</span>{SHARE}<div class="entry-content">{_paragraphs(story)}
</div></article>{NEWSLETTER}{_related(related)}{COMMENTS}</main>{FOOTER}"""
    else:
        body = f"""<div class="top-bar">{NAV}</div><div class="layout"><div class="story-wrap">
<div class="kicker"><a href="/category/business/">Business</a></div>
<h1 class="headline">{escape(story.title)}</h1><div class="meta"><span class="author">By {byline}</span>
{stamp} <span>4 min read</span></div><div class="story-body">{_paragraphs(story)}</div>{SHARE}
</div><div class="sidebar">{_related(related)}{NEWSLETTER}</div></div>{COMMENTS}{FOOTER}{COOKIES}"""
    return f'<!DOCTYPE html><html lang="en">{_head(story, when, canonical)}<body>{body}</body></html>'


def video_page() -> str:
    """A page in the sitemap that has no article text."""
    return f"""<!DOCTYPE html><html lang="en"><head><title>Auto show highlights | {SITE_NAME}</title>
</head><body><header>{NAV}</header><main><h1>Auto show highlights</h1>
<div class="video-player" data-id="12345"></div><p>Watch: the best of the show.</p></main>{FOOTER}
</body></html>"""


def simple_page(title: str, text: str) -> str:
    """A plain page such as 'About us'."""
    return (f'<!DOCTYPE html><html lang="en"><head><title>{escape(title)}</title></head><body>'
            f"<header>{NAV}</header><h1>{escape(title)}</h1><p>{escape(text)}</p>{FOOTER}</body></html>")


def topic_page(links: list[str], page: int, next_page: str | None) -> str:
    """A topic page: article links among links that are not articles, and a next page."""
    items = "".join(f'<li><a href="{href}">Story {n}</a></li>' for n, href in enumerate(links))
    extra = """<a href="/tag/ev/">EV</a> <a href="/author/jane-doe/">Jane Doe</a>
<a href="/category/business/">Business</a> <a href="/search?q=ev">Search</a> <a href="/login">Log in</a>
<a href="/share?url=%2Fnews%2F2026%2Fford-xiaomi-ev-partnership-talks">Share</a>
<a href="https://twitter.com/intent/tweet?url=x">Tweet</a> <a href="/newsletter/signup">Newsletter</a>"""
    more = f'<a rel="next" href="{next_page}">Next page</a>' if next_page else ""
    return f"""<!DOCTYPE html><html lang="en"><head><title>Partnerships, page {page}</title></head>
<body><header>{NAV}</header><h1>Partnerships</h1>{extra}<ul>{items}</ul>{more}{FOOTER}</body></html>"""


def rss(base: str, entries: list[tuple[str, Story, datetime]]) -> str:
    """An RSS 2.0 feed of (link, story, time) entries."""
    items = "".join(
        f"<item><title>{escape(s.title)}</title><link>{escape(link)}</link>"
        f"<pubDate>{when:%a, %d %b %Y %H:%M:%S %z}</pubDate></item>" for link, s, when in entries)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{SITE_NAME}'
            f"</title><link>{base}/</link>{items}</channel></rss>")


def atom(base: str, entries: list[tuple[str, Story, datetime, datetime]]) -> str:
    """An Atom feed of (link, story, published, updated) entries."""
    items = "".join(
        f'<entry><title>{escape(s.title)}</title><link rel="alternate" href="{escape(link)}"/>'
        f"<id>{escape(link)}</id><published>{when.isoformat()}</published>"
        f"<updated>{updated.isoformat()}</updated></entry>"
        for link, s, when, updated in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{SITE_NAME}</title><id>{base}/</id>{items}</feed>")


def sitemap_index(locations: list[str]) -> str:
    """A sitemap index pointing at the given sitemaps."""
    items = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locations)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>')


def news_sitemap_gz(entries: list[tuple[str, datetime, datetime]]) -> bytes:
    """A gzip-compressed news sitemap of (location, publication time, last change) entries."""
    items = "".join(
        f"<url><loc>{loc}</loc><lastmod>{changed.isoformat()}</lastmod><news:news><news:publication>"
        f"<news:name>{SITE_NAME}</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{when.isoformat()}</news:publication_date></news:news></url>"
        for loc, when, changed in entries)
    xml = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
           'sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
           f"{items}</urlset>")
    return gzip.compress(xml.encode("utf-8"), mtime=0)
