"""Layer 3: the extraction stage with its real pool of worker processes."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlalchemy import insert

from pipelines.extract.pipeline import ExtractPipeline, published
from pipelines.extract.workers import WorkerPool
from pipelines.items import ArticleItem, FetchedPage
from tests.site import content, pages

URL = "https://autoworld.example/news/2026/ford-xiaomi-ev-partnership-talks"
HTML = pages.article_page(content.FORD_XIAOMI, datetime.now(UTC), URL, [])


def page(html: str = HTML) -> FetchedPage:
    return FetchedPage(url=URL, html=html, seed="https://autoworld.example/feed.xml",
                       discovered_url=URL + "?utm_source=rss", redirect_urls=[])


def make(**settings: Any) -> ExtractPipeline:
    crawler = get_crawler(settings_dict={"EXTRACT_WORKERS": 1, **settings})
    return ExtractPipeline.from_crawler(crawler)


def huge_dom(blocks: int = 40_000) -> str:
    """A page on which trafilatura spends tens of seconds (a huge, flat DOM)."""
    body = "".join(f"<div><p>Paragraph {i} with some text here and more.</p></div>"
                   for i in range(blocks))
    return f"<html><body><article>{body}</article></body></html>"


def pids(pipeline: ExtractPipeline) -> list[int]:
    assert pipeline.pool is not None
    return pipeline.pool.pids()


async def process(pipeline: ExtractPipeline, item: Any) -> Any:
    try:
        return await pipeline.process_item(item)
    except DropItem as drop:
        return drop


def test_pages_become_articles_and_empty_pages_are_dropped() -> None:
    pipeline = make()

    async def run() -> list[Any]:
        await pipeline.open_spider()
        try:
            return await asyncio.gather(process(pipeline, page()),
                                        process(pipeline, page("<html><body></body></html>")))
        finally:
            await pipeline.close_spider()

    article, dropped = asyncio.run(run())
    assert isinstance(article, ArticleItem) and article.title == content.FORD_XIAOMI.title
    assert article.aliases == [URL + "?utm_source=rss", URL] and article.declared_canonical == URL
    assert not hasattr(article, "html")
    assert isinstance(dropped, DropItem) and str(dropped) == "no_text"
    assert pipeline.stats.get_value("extract/dropped/no_text") == 1


def test_a_dead_worker_costs_one_page_and_the_pool_is_replaced() -> None:
    pipeline = make()

    async def run() -> list[Any]:
        await pipeline.open_spider()
        try:
            await process(pipeline, page())
            victim = pids(pipeline)[0]
            os.kill(victim, signal.SIGKILL)
            await asyncio.sleep(0.5)
            return [await process(pipeline, page()) for _ in range(2)]
        finally:
            await pipeline.close_spider()

    first, second = asyncio.run(run())
    assert isinstance(first, DropItem) and str(first) == "worker_crashed"
    assert isinstance(second, ArticleItem)


def test_a_page_that_hangs_extraction_is_dropped_and_its_worker_replaced() -> None:
    pipeline = make(EXTRACT_TIMEOUT=1.0)

    async def run() -> tuple[list[Any], list[int], list[int]]:
        await pipeline.open_spider()
        try:
            await process(pipeline, page())  # the worker is up and warm
            before = pids(pipeline)
            results = [await process(pipeline, page(huge_dom())), await process(pipeline, page())]
            return results, before, pids(pipeline)
        finally:
            await pipeline.close_spider()

    (hung, after), before, now = asyncio.run(run())
    assert isinstance(hung, DropItem) and str(hung) == "timeout"
    assert pipeline.stats is not None
    assert pipeline.stats.get_value("extract/dropped/timeout") == 1
    assert isinstance(after, ArticleItem)
    assert before and not set(before) & set(now)


def test_two_workers_run_side_by_side_and_are_recycled() -> None:
    pipeline = make(EXTRACT_WORKERS=2, EXTRACT_TASKS_PER_WORKER=2)

    async def run() -> tuple[list[Any], list[int], list[int]]:
        await pipeline.open_spider()
        try:
            assert pids(pipeline) == []  # workers start on demand
            results = list(await asyncio.gather(process(pipeline, page()), process(pipeline, page())))
            first = pids(pipeline)
            results += await asyncio.gather(*(process(pipeline, page()) for _ in range(6)))
            return results, first, pids(pipeline)
        finally:
            await pipeline.close_spider()

    results, first, last = asyncio.run(run())
    assert all(isinstance(r, ArticleItem) for r in results)
    assert len(first) == len(last) == 2 and not set(first) & set(last)


def test_a_worker_takes_its_next_task_while_the_event_loop_is_busy() -> None:
    """Queued tasks reach a free worker without the event loop's help: a crawl process
    busy with other work does not leave its workers idle."""
    pool = WorkerPool("tests.pool_tasks:stamped_nap", 1, 0, 30.0)

    async def run() -> tuple[float, list[float]]:
        pool.start()
        try:
            await pool.run(0.0)  # the worker is up
            naps = [asyncio.ensure_future(pool.run(0.2)) for _ in range(3)]
            await asyncio.sleep(0)  # the three are queued
            blocked_from = time.time()
            time.sleep(1.5)  # the loop is busy: nothing is handed over by it meanwhile
            return blocked_from, list(await asyncio.gather(*naps))
        finally:
            await pool.close()

    blocked_from, started = asyncio.run(run())
    assert all(blocked_from - 0.05 <= at < blocked_from + 1.5 for at in started), \
        [round(at - blocked_from, 2) for at in started]


def test_a_worker_that_cannot_start_fails_its_task_and_the_pool_goes_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker process that cannot be started (here: no interpreter at that path) fails
    the task it was for; the next task starts one."""
    from pipelines.extract.workers import WorkerLost

    pool = WorkerPool("tests.pool_tasks:stamped_nap", 1, 0, 30.0)

    async def run() -> tuple[BaseException | float, float]:
        pool.start()
        try:
            with monkeypatch.context() as patch:
                patch.setattr(sys, "executable", "/nonexistent/python3")
                first = await asyncio.wait_for(asyncio.gather(pool.run(0.0),
                                                              return_exceptions=True), 10)
            return first[0], await asyncio.wait_for(pool.run(0.0), 30)
        finally:
            await pool.close()

    failed, started = asyncio.run(run())
    assert isinstance(failed, WorkerLost) and "cannot start a worker" in str(failed)
    assert started > 0


def test_a_shared_run_divides_the_cores_among_its_processes_on_the_machine(
        postgres_url: str) -> None:
    from pipelines.storage.database import create_db_engine, migrate
    from pipelines.storage.models import CrawlRun
    from pipelines.storage.shared_runs import CoreShare

    migrate(postgres_url)
    host, cores = socket.gethostname(), os.cpu_count() or 1
    sleeper = subprocess.Popen(["sleep", "60"])
    dead = subprocess.Popen(["true"])
    dead.wait()
    entries = [{"host": host, "pid": os.getpid(), "status": "running"},
               {"host": host, "pid": sleeper.pid, "status": "running"},
               {"host": host, "pid": dead.pid, "status": "running"},  # killed without leaving
               {"host": host, "pid": os.getpid(), "status": "finished"},
               {"host": "elsewhere", "pid": os.getpid(), "status": "running"}]
    engine = create_db_engine(postgres_url)
    try:
        with engine.begin() as conn:
            run_id = conn.execute(insert(CrawlRun).values(
                spider="ev_partnerships", started_at=datetime.now(UTC), status="running",
                stats={}, workers=entries).returning(CrawlRun.id)).scalar_one()
        share = CoreShare(postgres_url, run_id, host, interval=0)
        assert share() == max(1, cores // 2)
        sleeper.kill()
        sleeper.wait()
        assert share() == cores
        pipeline = ExtractPipeline.from_crawler(get_crawler(settings_dict={
            "EXTRACT_WORKERS": 0, "SCALEOUT_RUN_ID": run_id, "DATABASE_URL": postgres_url}))
        assert isinstance(pipeline.workers, CoreShare)
        unreachable = CoreShare("postgresql+psycopg://postgres@127.0.0.1:9/none", run_id, host,
                                interval=0)
        assert unreachable() == cores  # the store stage, not the pool, reports a dead database
    finally:
        sleeper.kill()
        engine.dispose()


def test_the_pool_starts_no_more_workers_than_its_size_says_now() -> None:
    sizes = [1]
    pipeline = make(EXTRACT_WORKERS=1)
    pipeline.workers = lambda: sizes[-1]

    async def busy(count: int) -> list[int]:
        await asyncio.gather(*(process(pipeline, page()) for _ in range(count)))
        return pids(pipeline)

    async def run() -> tuple[list[int], list[int]]:
        await pipeline.open_spider()
        try:
            one = await busy(4)
            sizes.append(2)
            return one, await busy(4)
        finally:
            await pipeline.close_spider()

    one, two = asyncio.run(run())
    assert len(one) == 1 and len(two) == 2


LISTED = datetime(2026, 11, 28, 15, 42, tzinfo=UTC)
DAY = datetime(2026, 11, 28, tzinfo=UTC)


def test_the_listing_dates_an_article_whose_page_states_no_time() -> None:
    stated = datetime(2026, 11, 28, 9, 5, tzinfo=UTC)
    assert published(stated, "time", LISTED) == (stated, "time")  # the page's own stands
    assert published(None, None, LISTED) == (LISTED, "time")
    assert published(None, None, DAY) == (DAY, "day")  # a listed date without a time
    assert published(None, None, None) == (None, None)


@pytest.mark.parametrize(("listed", "expected"), [
    (LISTED, (LISTED, "time")),  # the day the page states, made exact
    (DAY - timedelta(hours=9), (DAY - timedelta(hours=9), "time")),  # east of UTC
    (DAY + timedelta(hours=33), (DAY + timedelta(hours=33), "time")),  # west of UTC
    (DAY + timedelta(days=5), (DAY, "day")),  # another day: the page's own stands
    (DAY - timedelta(hours=20), (DAY, "day")),  # the day before in every time zone
])
def test_a_day_the_page_states_alone_is_made_exact_by_a_listing_of_that_day(
        listed: datetime, expected: tuple[datetime, str]) -> None:
    assert published(DAY, "day", listed) == expected
