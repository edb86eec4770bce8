"""A local site where many outlets publish labelled reports (``benchmarks.story_set``).

Every article is served at ``/<outlet>/news/<key>`` as a full page (og:site_name is the
outlet, JSON-LD carries the publication time) and listed in one RSS feed with its time.
``publish`` adds articles between crawls, as a night's news would. ``dating`` says how
the pages state their time: "stated" (JSON-LD and ``<time>``), "day" (only a visible
"dd/mm/yyyy" date) or "none" (the feed alone dates them).
"""

from __future__ import annotations

import json
import threading
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from benchmarks.story_set import Labelled


def path_of(article: Labelled) -> str:
    return f"/{article.site.split('.')[0]}/news/{article.key}"


def page(article: Labelled, dating: str = "stated") -> str:
    """The article's HTML page, its time stated as ``dating`` says (see the module)."""
    outlet = article.site.split(".")[0].title()
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title}
    byline = '<p class="byline">By Staff</p>'
    if dating == "stated":
        data["datePublished"] = article.published_at.isoformat()
        byline = (f'<p class="byline">By Staff · <time datetime="'
                  f'{article.published_at.isoformat()}">{article.published_at:%B %d, %Y}'
                  f"</time></p>")
    elif dating == "day":
        byline = f'<p class="byline">By Staff · {article.published_at:%d/%m/%Y}</p>'
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in article.text.split("\n")[1:])
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{escape(article.title)} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<script type="application/ld+json">{json.dumps(data)}</script></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav><main><article>
<h1>{escape(article.title)}</h1>{byline}
{paragraphs}</article></main><footer><p>© 2026 {outlet}</p></footer></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        body, kind = site.feed(), "application/rss+xml"
        if self.path != "/feed.xml":
            article = site.articles.get(self.path)
            body, kind = ((page(article, site.dating), "text/html") if article
                          else ("", "text/plain"))
        status = 200 if body else 404
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: StorySite


class StorySite:
    """Serves the published articles on 127.0.0.1 (a free port) while in a ``with``."""

    def __init__(self, dating: str = "stated") -> None:
        self.dating = dating
        self.articles: dict[str, Labelled] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> StorySite:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def publish(self, articles: list[Labelled]) -> None:
        with self._lock:
            self.articles.update({path_of(a): a for a in articles})

    def feed(self) -> str:
        with self._lock:
            items = sorted(self.articles.items(), key=lambda kv: kv[1].published_at, reverse=True)
        entries = "".join(
            f"<item><title>{escape(a.title)}</title><link>{self.base_url}{path}</link>"
            f"<pubDate>{format_datetime(a.published_at)}</pubDate></item>" for path, a in items)
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Wire</title><link>{self.base_url}/</link>{entries}</channel></rss>")
