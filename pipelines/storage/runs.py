"""The ``crawl_runs`` table: a run's row opened, its seed history read, its row completed.

Times are UTC. The run lock guarantees that no other run is alive while these run, so a
row still ``running`` when a run starts belonged to a run that died.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from pipelines.storage.models import CrawlRun


def start_run(conn: Connection, spider_name: str) -> int:
    """Mark rows left ``running`` as ``killed``, insert this run's row; return its id."""
    conn.execute(update(CrawlRun).where(CrawlRun.status == "running").values(
        status="killed", finish_reason="died_without_closing"))
    row = {"spider": spider_name, "started_at": datetime.now(UTC), "status": "running",
           "stats": {}}
    return conn.execute(insert(CrawlRun).values(row).returning(CrawlRun.id)).scalar_one()


def seed_history(conn: Connection, before: int, runs: int) -> list[dict[str, Any]]:
    """The per-seed reports (``crawl_runs.seeds``) of up to ``runs`` ended runs before
    run ``before``, newest first."""
    query = (select(CrawlRun.seeds).where(CrawlRun.id < before, CrawlRun.status != "running")
             .order_by(CrawlRun.id.desc()).limit(runs))
    return list(conn.execute(query).scalars())


def finish_run(conn: Connection, run_id: int, values: dict[str, Any]) -> None:
    """Write a finished run's columns (``status``, counts, ``stats``...) into its row."""
    conn.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(values))
