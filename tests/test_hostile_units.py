"""Layers 1-2: the hostile-web middlewares on hand-built requests and responses."""

from __future__ import annotations

import asyncio
import gzip
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Headers, HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.fetching.compression import CountingCompressionMiddleware
from crawler.fetching.content_type_guard import SKIPPED, ContentTypeGuard, skip_reason
from crawler.fetching.credential_scope import CredentialScopeMiddleware
from crawler.fetching.encoding_fix import EncodingFixMiddleware, corrected_encoding
from crawler.fetching.retry_after import (
    RetryAfterMiddleware,
    RetryAfterTooLong,
    retry_after_seconds,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("120", 120.0), (" 7 ", 7.0), (format_datetime(NOW + timedelta(minutes=2), usegmt=True), 120.0),
     (format_datetime(NOW - timedelta(minutes=2), usegmt=True), 0.0), ("soon", None), ("-5", None)],
)
def test_retry_after_values(value: str, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW) == seconds


def retry_middleware() -> RetryAfterMiddleware:
    crawler = get_crawler(settings_dict={"RETRY_AFTER_MAX": 30})
    return RetryAfterMiddleware.from_crawler(crawler)


def test_a_retry_after_beyond_the_bound_fails_the_page_instead_of_waiting() -> None:
    middleware = retry_middleware()
    request = Request("https://s.example/news/a-b-c")
    throttled = Response(request.url, status=429, headers={"Retry-After": "3600"}, request=request)
    with pytest.raises(RetryAfterTooLong):
        asyncio.run(middleware.process_response(request, throttled))
    assert middleware.crawler.stats.get_value("retry_after/too_long") == 1  # type: ignore[union-attr]


@pytest.mark.parametrize(("status", "headers"), [(429, {}), (503, {"Retry-After": "soon"}),
                                                 (500, {"Retry-After": "1"}), (200, {})])
def test_responses_without_a_usable_retry_after_are_left_to_retry_middleware(
        status: int, headers: dict[str, str]) -> None:
    request = Request("https://s.example/news/a-b-c")
    response = Response(request.url, status=status, headers=headers, request=request)
    assert asyncio.run(retry_middleware().process_response(request, response)) is response


ALLOWED = frozenset({"text/html", "application/xhtml+xml"})


@pytest.mark.parametrize(
    ("headers", "reason"),
    [({"Content-Type": "text/html; charset=utf-8"}, None), ({}, None),
     ({"Content-Type": "application/XHTML+xml"}, None),
     ({"Content-Type": "application/pdf"}, "content_type/application/pdf"),
     ({"Content-Type": "image/jpeg"}, "content_type/image/jpeg"),
     ({"Content-Type": "application/octet-stream"}, "content_type/application/octet-stream"),
     ({"Content-Type": "text/html", "Content-Disposition": "attachment; filename=a.html"},
      "attachment")],
)
def test_what_an_article_may_be(headers: dict[str, str], reason: str | None) -> None:
    assert skip_reason(Headers(headers), ALLOWED) == reason


def test_only_article_requests_are_stopped() -> None:
    guard = ContentTypeGuard(frozenset({"parse_article"}), ALLOWED)

    def parse_article(response: Response) -> None: ...
    def parse_seed(response: Response) -> None: ...

    pdf = Headers({"Content-Type": "application/pdf"})
    guard.headers_received(pdf, 0, Request("https://s.example/sm.xml.gz", callback=parse_seed),
                           None)  # type: ignore[arg-type]
    article = Request("https://s.example/a", callback=parse_article)
    with pytest.raises(StopDownload) as stopped:
        guard.headers_received(pdf, 0, article, None)  # type: ignore[arg-type]
    # Not failed: the status (maybe a 429 or 503) decides what becomes of the response.
    assert stopped.value.fail is False
    assert article.meta[SKIPPED] == "content_type/application/pdf"
    retry = article.replace()  # a retry carries the meta of the throttled try
    guard.headers_received(Headers({"Content-Type": "text/html"}), 0, retry,
                           None)  # type: ignore[arg-type]
    assert SKIPPED not in retry.meta


def test_error_and_stopped_answers_are_left_to_the_status_handlers() -> None:
    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 1 << 20})
    crawler._apply_settings()
    compression = CountingCompressionMiddleware.from_crawler(crawler)
    request = Request("https://s.example/a")
    broken = {"Content-Encoding": "gzip", "Content-Type": "text/plain", "Retry-After": "1"}
    for status, flags in ((503, []), (429, []), (404, []), (200, ["download_stopped"])):
        response = Response(request.url, status=status, body=b"\x1f\x8bnot gzip",
                            headers=broken, flags=flags)
        assert compression.process_response(request, response) is response
        text = HtmlResponse(request.url, status=status, body="Grüße".encode(), flags=flags,
                            headers={"Content-Type": "text/html; charset=iso-8859-1"})
        assert EncodingFixMiddleware(None).process_response(request, text) is text
    assert not crawler.stats.get_stats()  # type: ignore[union-attr]


def test_retry_after_is_handled_before_any_body_guard() -> None:
    from crawler import settings

    order = settings.DOWNLOADER_MIDDLEWARES
    retry_after = order["crawler.fetching.retry_after.RetryAfterMiddleware"]
    guards = [name for name in order if "compression" in name.lower() or "encoding" in name]
    # Responses pass middlewares from the highest number down.
    assert all(order[name] is None or order[name] < retry_after for name in guards)


@pytest.mark.parametrize(
    ("body", "chosen", "better"),
    [("Grüße “déjà vu”".encode(), "cp1252", "utf-8"),
     ("Grüße “déjà vu”".encode("cp1252"), "utf-8", "cp1252"),
     ('<meta charset="iso-8859-2">Škoda'.encode("iso-8859-2"), "utf-8", "iso8859-2"),
     ("トヨタとソニーが提携".encode("shift_jis"), "shift_jis", None),
     ("比亚迪与华为合作".encode("gb18030"), "gb18030", None),
     (b"\xef\xbb\xbfplain", "utf-8", None), (b"ascii only", "cp1252", None)],
)
def test_a_charset_contradicted_by_the_bytes_is_corrected(body: bytes, chosen: str,
                                                         better: str | None) -> None:
    assert corrected_encoding(body, chosen) == better


def test_the_middleware_re_decodes_a_mislabelled_page() -> None:
    body = "<html><body><p>Grüße aus Zürich</p></body></html>".encode()
    response = HtmlResponse("https://s.example/a", body=body,
                            headers={"Content-Type": "text/html; charset=iso-8859-1"})
    fixed = EncodingFixMiddleware(None).process_response(Request(response.url), response)
    assert "Grüße aus Zürich" in fixed.text


def test_credentials_are_stripped_from_redirects_to_another_host_only() -> None:
    middleware = CredentialScopeMiddleware(None)
    headers = {"Authorization": "Bearer t", "Cookie": "a=b", "Proxy-Authorization": "Basic x"}
    same = Request("https://s.example/b", headers=headers,
                   meta={"redirect_urls": ["https://s.example/a"]})
    other = Request("https://evil.example/b", headers=headers,
                    meta={"redirect_urls": ["https://s.example/a"]})
    for request in (same, other):
        middleware.process_request(request)
    assert same.headers.get("Authorization") == b"Bearer t" and same.headers.get("Cookie")
    assert not any(h in other.headers for h in headers)


def test_decompression_bombs_and_corrupt_bodies_are_refused_and_counted() -> None:
    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 1 << 20})
    crawler._apply_settings()
    middleware = CountingCompressionMiddleware.from_crawler(crawler)
    request = Request("https://s.example/a")
    for body in (gzip.compress(bytes(8 << 20)), b"\x1f\x8bnot gzip at all"):
        response = Response(request.url, body=body, headers={"Content-Encoding": "gzip"})
        with pytest.raises((IgnoreRequest, OSError)):
            middleware.process_response(request, response)
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("download/dropped/decompressed_too_large") == 1
    assert stats.get_value("download/dropped/bad_encoding") == 1
