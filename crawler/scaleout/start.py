"""Seeds queued once per shared run: only the process that started the run queues them.

The spider's ``start()`` still runs in every process (it loads the listings' validators
for conditional requests); in a process that joined a run already going on, its
requests (seeds and due articles) are dropped here, because the process that started
the run has queued them in Redis for everyone.

Settings read: ``SCALEOUT_SEEDER`` (set by the crawl command when it starts the run).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler


class SeedOnce:
    """A spider middleware that lets start requests through in the seeding process only."""

    def __init__(self, crawler: Crawler, seeder: bool) -> None:
        self.crawler = crawler
        self.seeder = seeder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedOnce:
        return cls(crawler, crawler.settings.getbool("SCALEOUT_SEEDER"))

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item_or_request in start:
            if self.seeder:
                yield item_or_request
            elif self.crawler.stats is not None:
                self.crawler.stats.inc_value("scaleout/start_left_to_seeder")
