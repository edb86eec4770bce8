"""Layer 3: the extraction stage with its real pool of worker processes."""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import UTC, datetime
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem, FetchedPage
from pipelines.clean import ExtractPipeline
from tests.site import content, pages

URL = "https://autoworld.example/news/2026/ford-xiaomi-ev-partnership-talks"
HTML = pages.article_page(content.FORD_XIAOMI, datetime.now(UTC), URL, [])


def page(html: str = HTML) -> FetchedPage:
    return FetchedPage(url=URL, html=html, seed="https://autoworld.example/feed.xml",
                       discovered_url=URL + "?utm_source=rss", redirect_urls=[])


def make() -> ExtractPipeline:
    return ExtractPipeline.from_crawler(get_crawler(settings_dict={"EXTRACT_WORKERS": 1}))


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
    assert isinstance(dropped, DropItem) and str(dropped) == "no_article_text"
    assert pipeline.stats.get_value("extract/dropped/no_article_text") == 1


def test_a_dead_worker_costs_one_page_and_the_pool_is_replaced() -> None:
    pipeline = make()

    async def run() -> list[Any]:
        await pipeline.open_spider()
        try:
            await process(pipeline, page())
            victim = next(iter(pipeline._pool._processes))
            os.kill(victim, signal.SIGKILL)
            await asyncio.sleep(0.5)
            return [await process(pipeline, page()) for _ in range(2)]
        finally:
            await pipeline.close_spider()

    first, second = asyncio.run(run())
    assert isinstance(first, DropItem) and str(first) == "worker_crashed"
    assert isinstance(second, ArticleItem)
