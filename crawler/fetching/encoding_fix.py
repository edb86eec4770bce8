"""A downloader middleware that corrects a charset the HTTP header gets wrong.

Scrapy trusts, in order, a byte-order mark, the ``Content-Type`` charset, then the
page's ``<meta>``. Servers often send a stale header: UTF-8 pages labelled ISO-8859-1,
or windows-1252 pages labelled UTF-8, and the stored text is then mojibake. A body that
is valid UTF-8 with non-ASCII bytes is UTF-8 (other encodings almost never form valid
UTF-8 by chance); a body the chosen codec cannot decode falls back to the ``<meta>``
charset, then windows-1252. Error and throttling answers are left alone (see
:func:`crawler.fetching.statuses.not_judged`).

Settings read: none. Stats: ``encoding/corrected``.
"""

from __future__ import annotations

import codecs

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector
from w3lib.encoding import html_body_declared_encoding

from crawler.fetching.statuses import not_judged

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decodes(body: bytes, encoding: str) -> bool:
    """Whether ``body`` is valid text in ``encoding`` (an unknown codec name: False)."""
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _same(a: str, b: str) -> bool:
    try:
        return codecs.lookup(a).name == codecs.lookup(b).name
    except LookupError:
        return False


def corrected_encoding(body: bytes, chosen: str) -> str | None:
    """A better codec for ``body`` than ``chosen``, or None when ``chosen`` is right."""
    if body.startswith(_BOMS) or body.isascii():
        return None
    if decodes(body, "utf-8"):
        return None if _same(chosen, "utf-8") else "utf-8"
    if decodes(body, chosen):
        return None
    declared = html_body_declared_encoding(body)
    if declared and decodes(body, declared):
        return declared
    return "cp1252"


class EncodingFixMiddleware:
    """Re-decodes HTML whose header charset is contradicted by its bytes."""

    def __init__(self, stats: StatsCollector | None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EncodingFixMiddleware:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not_judged(response):
            return response
        better = corrected_encoding(response.body, response.encoding)
        if better is None:
            return response
        if self.stats is not None:
            self.stats.inc_value("encoding/corrected")
        return response.replace(encoding=better)
