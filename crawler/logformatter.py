"""Log lines that name a page by its URL instead of dumping whole items (and their HTML)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


def _url(item: Any) -> str:
    return str(getattr(item, "url", type(item).__name__))


class UrlLogFormatter(LogFormatter):
    """Dropped and failed items are logged as ``reason: url``; scraped ones at DEBUG."""

    def dropped(self, item: Any, exception: BaseException, response: Response | Failure | None,
                spider: Spider) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        return {**result, "msg": "Dropped (%(reason)s): %(url)s",
                "args": {"reason": exception, "url": _url(item)}}

    def item_error(self, item: Any, exception: BaseException, response: Response | Failure | None,
                   spider: Spider) -> LogFormatterResult:
        return {"level": logging.ERROR, "msg": "Error processing %(url)s",
                "args": {"url": _url(item)}}

    def scraped(self, item: Any, response: Response | Failure | None,
                spider: Spider) -> LogFormatterResult:
        return {"level": logging.DEBUG, "msg": "Stored: %(url)s", "args": {"url": _url(item)}}
