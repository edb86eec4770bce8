"""Article URLs admitted but not yet requested: a window of them is handed to Scrapy at a time.

A sitemap can list tens of thousands of new articles at once. As Scrapy requests in its
scheduler they would take about ten times the memory of the URLs themselves, growing
with the crawl; here they wait as plain ``DueUrl`` records, and only ``window`` article
requests are out at a time (scheduled, downloading or in a callback). Nothing is lost
in a crash: every admitted URL is already pending (or due) in the database.
"""

from __future__ import annotations

from collections import deque

from pipelines.storage.url_state import DueUrl


class Backlog:
    """Admitted article URLs, released to the scheduler a window at a time."""

    def __init__(self, window: int) -> None:
        self.window = max(1, window)
        self._waiting: deque[DueUrl] = deque()
        self._out = 0  # article requests released and not yet answered

    def __len__(self) -> int:
        return len(self._waiting)

    def add(self, urls: list[DueUrl]) -> None:
        self._waiting.extend(urls)

    def release(self) -> list[DueUrl]:
        """The URLs to request now: as many as the window has room for."""
        room = min(self.window - self._out, len(self._waiting))
        self._out += max(room, 0)
        return [self._waiting.popleft() for _ in range(room)]

    def answered(self) -> None:
        """One released request came back (a response, an error, or dropped)."""
        self._out = max(0, self._out - 1)

    def idle(self) -> None:
        """Scrapy has nothing in flight: whatever was counted as out is not."""
        self._out = 0
