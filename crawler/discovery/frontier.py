"""The spider's window on ``url_state``: what is due, what is new, what each fetch taught.

A listing's links are admitted in one go: the new ones become pending, and the stored
ones the listing dates after our last fetch (an edit the site announces) become due at
once. Each article URL is requested at most once per run, as the site wrote it.

Every database call runs in a worker thread; the reactor only awaits it. Outcomes of
article fetches that stored nothing (failures, pages gone, non-articles, unchanged
revisits) are buffered and written in batches: losing a batch in a crash only means
those URLs are fetched once more.

Settings read: ``DATABASE_URL``, and the schedule settings of :mod:`pipelines.storage.revisit`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from sqlalchemy import Engine
from twisted.python.failure import Failure

from crawler.discovery.listed import Link
from pipelines.dedupe.urls import canonical_url, fetchable_url
from pipelines.storage import url_state as state
from pipelines.storage.database import create_db_engine
from pipelines.storage.revisit import GONE_STATUSES, Schedule
from pipelines.storage.url_state import DueUrl, ListedUrl, Outcome, Validators

logger = logging.getLogger(__name__)
_NO_VALIDATORS = Validators()  # a new URL's: nothing to send conditionally
FLUSH_EVERY = 200


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Admission:
    """What one listing's links came to: new URLs, announced edits, and the counts."""

    new: list[DueUrl] = field(default_factory=list)  # never seen: pending now
    edits: list[DueUrl] = field(default_factory=list)  # stored, dated after our last fetch
    listed: int = 0  # distinct article URLs listed
    too_old: int = 0  # listed URLs dated before ``since``: not admitted as new


def listed_urls(links: Iterable[Link]) -> list[ListedUrl]:
    """One entry per canonical URL (the first listed wins), requested as the site wrote it."""
    found: dict[str, ListedUrl] = {}
    for link in links:
        try:
            key = canonical_url(link.url)
        except ValueError:  # one unusable URL never costs the listing's others
            continue
        if key not in found:
            found[key] = ListedUrl(key, fetchable_url(link.url), link.date, link.changed_at,
                                   link.published)
    return list(found.values())


class Frontier:
    """Pending, due and known URLs, read and written through ``pipelines.storage.url_state``."""

    def __init__(self, database_url: str, schedule: Schedule, crawler: Crawler) -> None:
        self.database_url = database_url
        self.schedule = schedule
        self.crawler = crawler
        self._engine: Engine | None = None
        self._validators: dict[str, Validators] = {}
        self._outcomes: list[Outcome] = []
        self._flushes: set[asyncio.Task[None]] = set()
        self._scheduled: set[str] = set()  # article URLs requested by this run

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_db_engine(self.database_url)
        return self._engine

    async def open(self) -> list[DueUrl]:
        """Load the listings' validators; return the article URLs due in this run."""
        self._validators = await asyncio.to_thread(state.load_validators, self.engine)
        due = await asyncio.to_thread(state.due_articles, self.engine, _now())
        self._scheduled.update(article.url for article in due)
        return due

    def validators(self, url: str) -> Validators:
        return self._validators.get(url, Validators())

    async def admit(self, links: Iterable[Link], seed: str, since: datetime) -> Admission:
        """Record a listing's new article URLs as pending (unless dated before ``since``)
        and find the stored ones it announces as edited (whatever their date)."""
        listed = listed_urls(links)
        fresh = [link for link in listed
                 if link.published_at is None or link.published_at >= since]
        now = _now()
        edits = await asyncio.to_thread(state.announced_edits, self.engine, listed, now)
        new = await asyncio.to_thread(state.admit, self.engine, fresh, seed, now) if fresh else []
        admission = Admission(listed=len(listed), too_old=len(listed) - len(fresh))
        # A sitemap may list tens of thousands: one empty Validators for all, and no second
        # copy of a URL the site wrote as we key it.
        admission.new = [DueUrl(link.url, seed, _NO_VALIDATORS,
                                link.fetch_url if link.fetch_url != link.url else "",
                                link.stated_at)
                         for link in new]
        admission.edits = [due for due in edits if due.url not in self._scheduled]
        self._scheduled.update(due.url for due in admission.new + admission.edits)
        return admission

    async def listing_fetched(self, url: str, kind: str, seed: str, status: int,
                              validators: Validators) -> None:
        await asyncio.to_thread(state.record_listing, self.engine, url, kind, seed, status,
                                validators, _now())

    def outcome(self, outcome: Outcome) -> None:
        """Buffer what became of an article URL that stored nothing."""
        self._outcomes.append(outcome)
        self.stats.inc_value(f"frontier/{outcome.result}")
        if len(self._outcomes) >= FLUSH_EVERY:
            task = asyncio.ensure_future(self._flush())
            self._flushes.add(task)
            task.add_done_callback(self._flushes.discard)

    async def _flush(self) -> None:
        batch, self._outcomes = self._outcomes, []
        if not batch:
            return
        try:
            await asyncio.to_thread(state.record_outcomes, self.engine, batch, self.schedule,
                                    _now())
        except Exception as exc:  # noqa: BLE001 - those URLs are simply fetched again next run
            self.stats.inc_value("frontier/errors")
            logger.error("cannot record the outcome of %d fetches: %s", len(batch), exc)

    async def close(self) -> None:
        await asyncio.gather(*self._flushes)
        await self._flush()
        if self._engine is not None:
            self._engine.dispose()


def failure_outcome(failure: Failure, url: str, seed: str) -> Outcome:
    """What a failed request makes of an article URL: ``gone`` (404, 410: never again),
    ``refused`` (robots.txt, off-site, a refused address: never again) or ``failed``
    (retried by a later run on the back-off schedule)."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return Outcome(url, seed, "gone" if status in GONE_STATUSES else "failed", status)
    if failure.check(IgnoreRequest):
        return Outcome(url, seed, "refused")
    return Outcome(url, seed, "failed")
