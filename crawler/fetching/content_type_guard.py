"""An extension that stops downloading article pages that are not HTML, once their headers arrive.

A PDF, an image or an archive behind an article-looking URL is recognised by its
``Content-Type`` (or an attachment ``Content-Disposition``) and its body is never
downloaded. Only requests handled by the article callbacks are checked: seeds are
feeds, sitemaps and gzipped sitemaps, whose types vary.

Settings read: ``CONTENT_TYPE_GUARD_ENABLED`` (default True), ``CONTENT_TYPE_CALLBACKS``
(callback names of article requests, default ``["parse_article"]``),
``CONTENT_TYPE_ALLOWED`` (media types an article may have). Stats:
``discovery/skipped/content_type/<media type>``, ``discovery/skipped/attachment``.
"""

from __future__ import annotations

import re

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.http import Headers
from scrapy.statscollectors import StatsCollector

ARTICLE_TYPES = ("text/html", "application/xhtml+xml")
_UNSAFE = re.compile(r"[^a-z0-9.+-]")


def media_type(headers: Headers) -> str:
    """The lower-case media type of a response (``text/html``), empty when absent."""
    raw = headers.get(b"Content-Type") or b""
    value = raw.decode("latin-1").split(";", 1)[0].strip().lower()
    return "/".join(_UNSAFE.sub("_", part) for part in value.split("/", 1)) if value else ""


def skip_reason(headers: Headers, allowed: frozenset[str]) -> str | None:
    """Why a response with ``headers`` is not an article page, or None when it may be one."""
    disposition = (headers.get(b"Content-Disposition") or b"").decode("latin-1").lower()
    if disposition.startswith("attachment"):
        return "attachment"
    kind = media_type(headers)
    if kind and kind not in allowed:
        return f"content_type/{kind}"
    return None


class ContentTypeGuard:
    """Aborts the download of a non-HTML article page as soon as its headers are known."""

    def __init__(self, stats: StatsCollector | None, callbacks: frozenset[str],
                 allowed: frozenset[str]) -> None:
        self.stats = stats
        self.callbacks = callbacks
        self.allowed = allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContentTypeGuard:
        settings = crawler.settings
        if not settings.getbool("CONTENT_TYPE_GUARD_ENABLED", True):
            raise NotConfigured
        guard = cls(crawler.stats,
                    frozenset(settings.getlist("CONTENT_TYPE_CALLBACKS", ["parse_article"])),
                    frozenset(settings.getlist("CONTENT_TYPE_ALLOWED", list(ARTICLE_TYPES))))
        crawler.signals.connect(guard.headers_received, signal=signals.headers_received)
        return guard

    def headers_received(self, headers: Headers, body_length: int, request: Request,
                         spider: Spider) -> None:
        if getattr(request.callback, "__name__", None) not in self.callbacks:
            return
        reason = skip_reason(headers, self.allowed)
        if reason is None:
            return
        if self.stats is not None:
            self.stats.inc_value(f"discovery/skipped/{reason}")
        raise StopDownload(fail=True)
