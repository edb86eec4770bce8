"""A local news site for end-to-end tests: a feed, an Atom feed, a sitemap index with a gzipped
news sitemap, a paginated topic page, robots.txt, a syndicated copy, an AMP page, tracking
parameters, off-topic and non-article pages. It logs every request it serves.

It also answers as an HTTP proxy: a request line with an absolute URI is served as if
this site had that host name, so crawls through ``http_proxy`` can use fictitious hosts.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tests.site import content as c
from tests.site import pages

SYNDICATED = dataclasses.replace(c.FORD_XIAOMI, path="/partners/wire/ford-xiaomi-talks-copy",
                                 template="b")
AMP_PATH = "/amp" + c.GM_GOOGLE.path
VIDEO_PATH = "/video/12345-auto-show-highlights"
TOPIC = "/topics/partnerships/"
LAST_TOPIC_PAGE = 10
NOT_ARTICLE_LINKS = ("/tag/ev/", "/author/jane-doe/", "/category/business/", "/search?q=ev",
                     "/login", "/newsletter/signup", "/about-us")


@dataclasses.dataclass(frozen=True)
class RequestRecord:
    """One request the site served."""

    method: str
    path: str
    host: str
    headers: dict[str, str]
    status: int


Route = tuple[int, str, bytes]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        target = urlsplit(self.path)
        host = target.netloc or self.headers.get("Host", "")
        path = (target.path or "/") + (f"?{target.query}" if target.query else "")
        site = self.server.site
        status, content_type, body = site.route(path)
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        site.record(RequestRecord("GET", path, host.split(":")[0], dict(self.headers), status))
        site.serving(+1)
        try:
            if site.article_delay and path in site.article_paths:
                time.sleep(site.article_delay)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if status in (200, 304):
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)
        finally:
            site.serving(-1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the site keeps its own request log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: FixtureSite

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a crawler killed mid-response is what some tests do on purpose."""


class FixtureSite:
    """The local news site; ``expected`` holds what a correct crawl stores and skips."""

    def __init__(self, host: str | None = None) -> None:
        self.host = host
        self.now = datetime.now(UTC)
        self.requests: list[RequestRecord] = []
        self.article_delay = 0.0  # seconds each article page takes to answer
        self.edits: dict[str, c.Story] = {}  # path -> the story's new version
        self.edited_at: dict[str, datetime] = {}  # path -> when it was edited (lastmod, updated)
        self.published: list[c.Story] = []  # stories added to the feed since the start
        self._lock = threading.Lock()
        self.in_flight = 0  # requests being answered now...
        self.max_in_flight = 0  # ...and the most at once
        self._routes: dict[str, Route] = {}
        self._extra: dict[str, Route] = {}  # routes a test adds (see ``serve``)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ----------------------------------------------------------------
    def start(self) -> FixtureSite:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self._routes = self._build_routes()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FixtureSite:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the site first"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}" if self.host else f"http://127.0.0.1:{self.port}"

    def seed_urls(self) -> list[str]:
        return [f"{self.base_url}{p}" for p in ("/feed.xml", "/atom.xml", "/sitemap_index.xml", TOPIC)]

    # -- request log ---------------------------------------------------------------
    def record(self, request: RequestRecord) -> None:
        with self._lock:
            self.requests.append(request)

    def serving(self, change: int) -> None:
        """A request started (+1) or finished (-1) being answered."""
        with self._lock:
            self.in_flight += change
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def requested_paths(self) -> set[str]:
        with self._lock:
            return {r.path for r in self.requests}

    def update(self, edits: Sequence[c.Story] = (), published: Sequence[c.Story] = ()) -> None:
        """Change the site between runs: edit stories in place (their sitemap ``lastmod`` and
        Atom ``updated`` say when), publish new ones in the feed."""
        self.edits.update({story.path: story for story in edits})
        self.edited_at.update({story.path: datetime.now(UTC) for story in edits})
        self.published.extend(published)
        self._routes = self._build_routes()

    def serve(self, path: str, content_type: str, body: bytes) -> None:
        """Add a route of the test's own (a broken feed, say) to the running site."""
        self._extra[path] = (200, content_type, body)
        self._routes = self._build_routes()

    @property
    def article_paths(self) -> set[str]:
        return {s.path for s in self._all_stories()} | {SYNDICATED.path, AMP_PATH}

    def requests_since(self, count: int) -> list[RequestRecord]:
        with self._lock:
            return self.requests[count:]

    def route(self, path: str) -> Route:
        found = self._routes.get(path) or self._routes.get(path.rstrip("/"))
        return found or (404, "text/html", pages.simple_page("Not found", "No such page.").encode())

    # -- content -------------------------------------------------------------------
    def _url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def _when(self, story: c.Story) -> datetime:
        return pages.published_at(story, self.now)

    def _changed(self, story: c.Story) -> datetime:
        return self.edited_at.get(story.path, self._when(story))

    def _article(self, story: c.Story, canonical_path: str | None = None) -> Route:
        related = [(s.path, s.title) for s in (c.FORD_RECALL, c.ROUNDUP, c.NISSAN_BAIDU)]
        html = pages.article_page(story, self.now, self._url(canonical_path or story.path), related)
        return 200, "text/html; charset=utf-8", html.encode("utf-8")

    def _build_routes(self) -> dict[str, Route]:
        routes = {s.path: self._article(s) for s in self._all_stories()}
        routes[SYNDICATED.path] = self._article(SYNDICATED)
        routes[AMP_PATH] = self._article(c.GM_GOOGLE, canonical_path=c.GM_GOOGLE.path)
        routes.update(self._discovery_routes())
        routes.update(self._topic_routes())
        routes[VIDEO_PATH] = (200, "text/html; charset=utf-8", pages.video_page().encode())
        routes.update(self._extra)
        routes["/about-us"] = (200, "text/html", pages.simple_page("About us", "We cover cars.").encode())
        routes["/static/site.css"] = (200, "text/css", b"body{font-family:serif}")
        routes["/static/logo.png"] = (200, "image/png", b"\x89PNG\r\n\x1a\n")
        return routes

    def _all_stories(self) -> list[c.Story]:
        stories = [c.FORD_XIAOMI, c.VW_XPENG, c.GM_GOOGLE, c.TOYOTA_HUAWEI, c.HONDA_SONY,
                   c.MERCEDES_NVIDIA, c.NISSAN_BAIDU, c.BMW_QUALCOMM, c.HYUNDAI_SAMSUNG,
                   c.OLD_STORY, c.EMBARGOED, c.FORD_RECALL, c.ROUNDUP, *c.PAGED, *self.published]
        return [self.edits.get(s.path, s) for s in stories]

    def _discovery_routes(self) -> dict[str, Route]:
        feed = [(self._url(c.FORD_XIAOMI.path), c.FORD_XIAOMI),
                (self._url(c.VW_XPENG.path) + "?utm_source=rss&utm_medium=feed&utm_campaign=x",
                 c.VW_XPENG),
                (self._url(c.FORD_RECALL.path), c.FORD_RECALL), (self._url(c.ROUNDUP.path), c.ROUNDUP),
                *((self._url(s.path), s) for s in self.published)]
        sitemap = [(self._url(s.path), self._when(s), self._changed(s))
                   for s in (c.GM_GOOGLE, c.TOYOTA_HUAWEI, c.OLD_STORY)]
        video_time = self.now - timedelta(hours=5)
        sitemap.append((self._url(VIDEO_PATH), video_time, video_time))
        robots = f"User-agent: *\nDisallow: /private/\n\nSitemap: {self._url('/sitemap_index.xml')}\n"
        return {
            "/robots.txt": (200, "text/plain", robots.encode()),
            "/feed.xml": (200, "application/rss+xml", pages.rss(
                self.base_url, [(u, s, self._when(s)) for u, s in feed]).encode()),
            "/atom.xml": (200, "application/atom+xml", pages.atom(
                self.base_url, [(self._url(c.HONDA_SONY.path), c.HONDA_SONY,
                                 self._when(c.HONDA_SONY), self._changed(c.HONDA_SONY))]).encode()),
            "/sitemap_index.xml": (200, "application/xml", pages.sitemap_index(
                [self._url("/sitemaps/news.xml.gz")]).encode()),
            "/sitemaps/news.xml.gz": (200, "application/gzip", pages.news_sitemap_gz(sitemap)),
        }

    def _topic_links(self, page: int) -> list[str]:
        if page == 1:
            a = c.FORD_XIAOMI.path
            return [a, a + "/", a + "#comments", c.MERCEDES_NVIDIA.path, c.NISSAN_BAIDU.path,
                    c.EMBARGOED.path, SYNDICATED.path, AMP_PATH]
        if page in (2, 3):
            return [(c.BMW_QUALCOMM, c.HYUNDAI_SAMSUNG)[page - 2].path]
        return [c.PAGED[page - 4].path]

    def _topic_routes(self) -> dict[str, Route]:
        routes: dict[str, Route] = {}
        for page in range(1, LAST_TOPIC_PAGE + 1):
            path = TOPIC if page == 1 else f"{TOPIC}?page={page}"
            next_page = f"{TOPIC}?page={page + 1}" if page < LAST_TOPIC_PAGE else None
            html = pages.topic_page(self._topic_links(page), page, next_page)
            routes[path] = (200, "text/html; charset=utf-8", html.encode())
        return routes

    # -- the truth -----------------------------------------------------------------
    @property
    def expected(self) -> dict[str, Any]:
        """What a correct crawl with default settings (pagination depth 3) stores and skips."""
        stored = [c.FORD_XIAOMI, c.VW_XPENG, c.FORD_RECALL, c.ROUNDUP, c.GM_GOOGLE,
                  c.TOYOTA_HUAWEI, c.HONDA_SONY, c.MERCEDES_NVIDIA, c.NISSAN_BAIDU,
                  c.BMW_QUALCOMM, c.HYUNDAI_SAMSUNG, c.PAGED[0]]
        aliases = {c.FORD_XIAOMI.path: {c.FORD_XIAOMI.path, SYNDICATED.path},
                   c.GM_GOOGLE.path: {c.GM_GOOGLE.path, AMP_PATH}}
        return {
            "articles": {s.path: self._truth(s, aliases.get(s.path, {s.path})) for s in stored},
            "not_requested": {c.EMBARGOED.path, c.OLD_STORY.path, *NOT_ARTICLE_LINKS,
                              *(s.path for s in c.PAGED[1:]),
                              *(f"{TOPIC}?page={n}" for n in range(5, LAST_TOPIC_PAGE + 1))},
            "no_article": {VIDEO_PATH},
            "chrome_phrases": ["We use cookies", "Sign up for our newsletter", "Related Articles",
                               "Share on", "min read", "Leave a comment", "All rights reserved"],
        }

    def _truth(self, story: c.Story, aliases: set[str]) -> dict[str, Any]:
        return {"title": story.title, "relevant": story.relevant, "companies": story.companies,
                "published_at": self._when(story).isoformat(), "authors": list(story.authors),
                "first_paragraph": story.paragraphs[0], "aliases": aliases}
