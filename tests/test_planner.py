"""How rows reach the database in bulk, and the planner statistics a crawl keeps fresh."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError

from pipelines.storage.articles import Inserts, store_batch, sync_companies
from pipelines.storage.database import _positional, create_db_engine, insert_rows, migrate
from pipelines.storage.models import StoryKey, UrlState
from pipelines.storage.statistics import LOCK_TIMEOUT_MS, PlannerStatistics
from pipelines.topics.catalog import load_catalog
from tests.factories import article

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def test_insert_rows_writes_every_row_as_given(engine: Engine) -> None:
    """One statement of arrays on PostgreSQL, an executemany on SQLite: the same rows,
    times included (to the microsecond, in UTC)."""
    catalog = load_catalog()
    store_batch(engine, Inserts.for_engine(engine), [article(url="https://a.example/1")], NOW,
                company_ids := sync_companies(engine, catalog))
    with engine.connect() as conn:
        article_id = conn.scalar(text("SELECT id FROM articles"))
    companies = sorted(company_ids.values())[:40]
    rows = [{"article_id": article_id, "company_id": company,
             "published_at": NOW + timedelta(microseconds=company)} for company in companies]
    with engine.begin() as conn:
        insert_rows(conn, StoryKey.__table__, rows)
        insert_rows(conn, StoryKey.__table__, [])
    with engine.connect() as conn:
        stored = conn.execute(select(StoryKey.article_id, StoryKey.company_id,
                                     StoryKey.published_at).order_by(StoryKey.company_id))
        assert [dict(row._mapping) for row in stored] == rows


def test_insert_rows_processes_a_repeated_time_once_and_keeps_each_row_s(
        engine: Engine) -> None:
    """An article's key rows share its time: each value is converted once per call, and
    every row still gets its own (two articles, two times, in UTC)."""
    catalog = load_catalog()
    store_batch(engine, Inserts.for_engine(engine),
                [article(url=f"https://a.example/{n}", text=f"Talk {n}\nFord talks {n}.")
                 for n in range(2)], NOW, company_ids := sync_companies(engine, catalog))
    with engine.connect() as conn:
        ids = list(conn.scalars(text("SELECT id FROM articles ORDER BY id")))
    at = {ids[0]: NOW, ids[1]: NOW + timedelta(hours=5, microseconds=7)}
    rows = [{"article_id": i, "company_id": company, "published_at": at[i]}
            for i in ids for company in sorted(company_ids.values())[:30]]
    with engine.begin() as conn:
        insert_rows(conn, StoryKey.__table__, rows)
    with engine.connect() as conn:
        stored = conn.execute(select(StoryKey.article_id, StoryKey.company_id,
                                     StoryKey.published_at)
                              .order_by(StoryKey.article_id, StoryKey.company_id))
        assert [dict(row._mapping) for row in stored] == rows


def test_positional_rows_process_unhashable_values_one_by_one() -> None:
    rows = [{"a": 1, "b": {"x": [1]}}, {"a": 2, "b": {"x": [2]}}, {"a": 1, "b": {"x": [1]}}]
    calls: list[object] = []

    def process(value: object) -> str:
        calls.append(value)
        return repr(value)

    assert _positional(rows, ("b", "a"), (process, None)) == [
        ("{'x': [1]}", 1), ("{'x': [2]}", 2), ("{'x': [1]}", 1)]
    assert len(calls) == 3
    assert _positional(rows, ("a",), (process,)) == [("1",), ("2",), ("1",)]
    assert len(calls) == 5  # 1 and 2, once each


def _url_lookup_plan(engine: Engine) -> str:
    urls = ", ".join(f"'https://a.example/{i}'" for i in range(0, 50))
    with engine.connect() as conn:
        plan = conn.execute(text(f"EXPLAIN SELECT id FROM url_state WHERE url IN ({urls})"))
        return "\n".join(row[0] for row in plan)


def test_a_new_postgresql_database_gets_statistics_as_it_fills(postgres_url: str) -> None:
    """Without statistics PostgreSQL scans url_state whole for a batch lookup of URLs;
    once the store stage has counted enough articles it analyzes, and the lookup uses
    the unique index. Then it waits until the articles double."""
    migrate(postgres_url)
    engine = create_db_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(UrlState.__table__.insert(), [
            {"url": f"https://a.example/{i}", "kind": "article", "seed": "s", "first_seen_at": NOW,
             "failures": 0, "revisits": 0} for i in range(20000)])
    assert "Seq Scan" in _url_lookup_plan(engine)
    statistics = PlannerStatistics(min_rows=500)
    assert not statistics.stored(engine, 499)
    assert statistics.stored(engine, 1)
    assert "Seq Scan" not in _url_lookup_plan(engine)
    reports = [article(url=f"https://b.example/{i}", text=f"Report {i}\nFord and Xiaomi, {i}.")
               for i in range(600)]
    store_batch(engine, Inserts.for_engine(engine), reports, NOW,
                sync_companies(engine, load_catalog()))
    assert statistics.stored(engine, 600)  # 600 articles, none counted at the last ANALYZE
    assert statistics.known == 600
    assert not statistics.stored(engine, 599)
    assert statistics.stored(engine, 1)
    engine.dispose()


def test_statistics_are_left_to_sqlite(sqlite_url: str) -> None:
    migrate(sqlite_url)
    engine = create_db_engine(sqlite_url)
    statistics = PlannerStatistics(min_rows=1)
    assert not statistics.stored(engine, 10_000)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM sqlite_master "
                                "WHERE name = 'sqlite_stat1'")) == 0
    engine.dispose()


def test_a_table_locked_by_maintenance_does_not_hold_up_the_statistics(postgres_url: str) -> None:
    """ANALYZE gives up after LOCK_TIMEOUT_MS on a table another session holds (as VACUUM
    or CREATE INDEX would); the count is kept and the next call analyzes."""
    migrate(postgres_url)
    engine = create_db_engine(postgres_url)
    statistics = PlannerStatistics(min_rows=10)
    with engine.connect() as holder:
        holder.execute(text("LOCK TABLE url_state IN SHARE UPDATE EXCLUSIVE MODE"))
        started = time.monotonic()
        with pytest.raises(OperationalError, match="lock timeout"):
            statistics.stored(engine, 10)
        assert time.monotonic() - started < 10 * LOCK_TIMEOUT_MS / 1000
        holder.rollback()
    assert statistics.since == 10 and statistics.stored(engine, 0)
    engine.dispose()
