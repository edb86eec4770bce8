"""Layer 3: the store stage driven directly: migration on open, batches, drops, dead database."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select, text

from pipelines.storage.database import DatabaseError, create_db_engine
from pipelines.storage.models import Article, ArticleUrl
from pipelines.storage.pipeline import StorePipeline
from pipelines.storage.statistics import LOOKED_UP
from tests.factories import article


def make_pipeline(url: str, tmp_path: Path, **settings: Any) -> StorePipeline:
    companies = tmp_path / "companies.toml"
    companies.write_text('[[company]]\nname = "Ford"\nkind = "automaker"\n'
                         '[[company]]\nname = "Xiaomi"\nkind = "tech"\n')
    crawler = get_crawler(settings_dict={"DATABASE_URL": url,
                                         "TOPIC_COMPANIES_FILE": str(companies), **settings})
    return StorePipeline.from_crawler(crawler)


async def drive(pipeline: StorePipeline, items: list[Any]) -> list[Any]:
    await pipeline.open_spider()
    try:
        return await asyncio.gather(*(pipeline.process_item(i) for i in items),
                                    return_exceptions=True)
    finally:
        await pipeline.close_spider()


def test_batches_store_everything_and_drop_duplicates(database_url: str, tmp_path: Path) -> None:
    pipeline = make_pipeline(database_url, tmp_path, STORE_BATCH_SIZE=3)
    items = [article(f"https://s.example/news/{n}", text=f"T{n}\nBody number {n}.") for n in range(7)]
    items.append(article("https://copy.example/news/0-copy", text="T0\nBody number 0."))
    results = asyncio.run(drive(pipeline, items))
    assert results[:7] == items[:7]
    assert isinstance(results[7], DropItem) and str(results[7]) == "duplicate"
    stats = pipeline.crawler.stats
    assert stats.get_value("store/new") == 7 and stats.get_value("store/dropped/duplicate") == 1
    engine = create_db_engine(database_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Article)) == 7
        assert conn.scalar(select(func.count()).select_from(ArticleUrl)) == 8
    engine.dispose()


def test_a_partial_batch_is_written_after_the_maximum_delay(sqlite_url: str, tmp_path: Path) -> None:
    pipeline = make_pipeline(sqlite_url, tmp_path, STORE_BATCH_SIZE=100, STORE_BATCH_MAX_DELAY=0.05)

    async def one_item_without_closing() -> Any:
        await pipeline.open_spider()
        stored = await asyncio.wait_for(pipeline.process_item(article("https://s.example/a")), 5)
        await pipeline.close_spider()
        return stored

    assert asyncio.run(one_item_without_closing()).url == "https://s.example/a"


def test_unreachable_database_fails_on_open(tmp_path: Path) -> None:
    pipeline = make_pipeline("postgresql://postgres@127.0.0.1:1/nowhere", tmp_path)
    with pytest.raises(DatabaseError, match="cannot migrate database postgresql"):
        asyncio.run(drive(pipeline, []))


def test_the_store_stage_gives_a_new_postgresql_database_statistics(postgres_url: str,
                                                                   tmp_path: Path) -> None:
    """Once 500 articles are stored, the looked-up tables are analyzed by the run itself,
    without waiting for autovacuum."""
    pipeline = make_pipeline(postgres_url, tmp_path, STORE_BATCH_SIZE=50)
    items = [article(f"https://s.example/news/{n}", text=f"T{n}\nBody number {n}.")
             for n in range(600)]
    asyncio.run(drive(pipeline, items))
    # Due at the 500th article; later batches may already be stored when it runs.
    assert 500 <= pipeline.statistics.known <= 600
    engine = create_db_engine(postgres_url)
    with engine.connect() as conn:
        analyzed = dict(conn.execute(text("SELECT relname, last_analyze IS NOT NULL "
                                          "FROM pg_stat_user_tables")).all())
    engine.dispose()
    assert all(analyzed[table.__tablename__] for table in LOOKED_UP)
