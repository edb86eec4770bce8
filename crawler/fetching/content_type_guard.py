"""An extension that stops downloading article pages that are not HTML, once their headers arrive.

A PDF, an image or an archive behind an article-looking URL is recognised by its
``Content-Type`` (or an attachment ``Content-Disposition``) and its body is never
downloaded. Only requests handled by the article callbacks are checked: seeds are
feeds, sitemaps and gzipped sitemaps, whose types vary.

The ``headers_received`` signal carries no status, and an error or throttling answer
(a 429 or 503 in ``text/plain``) is no verdict on the page. So the guard only stops the
download; the response, with its status and an empty or partial body, goes on through
the middlewares: ``Retry-After`` and retries act on a 429 or 503, the error handling
on a 404, and only a successful answer reaches the spider, which skips it as not an
article (:func:`not_article_reason`) and counts the reason.

Settings read: ``CONTENT_TYPE_GUARD_ENABLED`` (default True), ``CONTENT_TYPE_CALLBACKS``
(callback names of article requests, default ``["parse_article"]``),
``CONTENT_TYPE_ALLOWED`` (media types an article may have). Stats (counted by the spider):
``discovery/skipped/content_type/<media type>``, ``discovery/skipped/attachment``.
"""

from __future__ import annotations

import re

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.http import Headers, Response, TextResponse

ARTICLE_TYPES = ("text/html", "application/xhtml+xml")
SKIPPED = "content_type_skipped"  # request meta: why the guard stopped the download
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


def not_article_reason(response: Response) -> str | None:
    """Why a successful answer to an article request is not an article page, or None.

    ``content_type/<type>`` or ``attachment`` when the guard stopped its download,
    ``article_not_html`` for a body that is not HTML (the guard off, or no type given
    and a binary body), ``download_stopped`` for any other cut-off body.
    """
    reason = response.meta.get(SKIPPED)
    if reason:
        return str(reason)
    if "download_stopped" in response.flags:
        return "download_stopped"
    kind = media_type(response.headers) or "text/html"  # no type given: the body decides
    if not isinstance(response, TextResponse) or "html" not in kind:
        return "article_not_html"
    return None


class ContentTypeGuard:
    """Stops the download of a non-HTML article page as soon as its headers are known."""

    def __init__(self, callbacks: frozenset[str], allowed: frozenset[str]) -> None:
        self.callbacks = callbacks
        self.allowed = allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContentTypeGuard:
        settings = crawler.settings
        if not settings.getbool("CONTENT_TYPE_GUARD_ENABLED", True):
            raise NotConfigured
        guard = cls(frozenset(settings.getlist("CONTENT_TYPE_CALLBACKS", ["parse_article"])),
                    frozenset(settings.getlist("CONTENT_TYPE_ALLOWED", list(ARTICLE_TYPES))))
        crawler.signals.connect(guard.headers_received, signal=signals.headers_received)
        return guard

    def headers_received(self, headers: Headers, body_length: int, request: Request,
                         spider: Spider) -> None:
        if getattr(request.callback, "__name__", None) not in self.callbacks:
            return
        reason = skip_reason(headers, self.allowed)
        if reason is None:
            request.meta.pop(SKIPPED, None)  # a retry of a request an error page stopped
            return
        request.meta[SKIPPED] = reason
        raise StopDownload(fail=False)
