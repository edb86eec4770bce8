"""The baseline of the throughput benchmark: the crawler as one would first write it.

    python -m benchmarks.naive http://127.0.0.1:PORT/ DATABASE_FILE

A Scrapy spider that starts at the home page, follows every link to the same host,
runs ``trafilatura.extract`` inline in its callback on every page and writes each text
to SQLite with one commit per row. No project settings or pipelines are involved.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse

SETTINGS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "USER_AGENT": "naive-benchmark-spider",
}


class NaiveSpider(Spider):
    """Follows every same-host link; extracts and stores each page in the callback."""

    name = "naive"

    def __init__(self, start_url: str, database: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url
        self.host = urlsplit(start_url).netloc
        self.db = sqlite3.connect(database)
        self.db.execute("CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, text TEXT)")

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.start_url)

    def parse(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        text = trafilatura.extract(response.text)
        if text:
            self.db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?)", (response.url, text))
            self.db.commit()
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if urlsplit(url).netloc == self.host:
                yield Request(url)

    def closed(self, reason: str) -> None:
        self.db.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("start_url")
    parser.add_argument("database", help="SQLite file to write")
    args = parser.parse_args(argv)
    process = CrawlerProcess(SETTINGS)
    process.crawl(NaiveSpider, start_url=args.start_url, database=args.database)
    process.start()


if __name__ == "__main__":
    main()
