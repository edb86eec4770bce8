"""What the report shows, read from the database in one snapshot; counted in Python.

Days and weeks are UTC calendar days and ISO weeks (starting on Monday). An article's
day is its publication day, else the day it was first seen (as in ``pair_mentions``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select, text

from pipelines.storage.models import Article, CrawlRun, Story

LAST_RUNS = 20


@dataclass
class ReportData:
    """The figures of one report; keys are plain values, ready for charting."""

    since: date
    stories_per_week: Counter[date] = field(default_factory=Counter)
    articles_per_week: Counter[date] = field(default_factory=Counter)
    pairs: Counter[str] = field(default_factory=Counter)  # "Ford – Xiaomi" -> articles
    per_source_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    seed_health: list[dict[str, Any]] = field(default_factory=list)  # source_health rows
    runs: list[dict[str, Any]] = field(default_factory=list)  # newest last


def week_of(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def _day(value: Any) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.astimezone(UTC).date() if isinstance(value, datetime) else value


def _stories_and_articles(conn: Connection, data: ReportData, cutoff: datetime) -> None:
    day = func.coalesce(Story.first_published_at, Story.created_at)
    for (when,) in conn.execute(select(day).where(Story.relevant, day >= cutoff)):
        data.stories_per_week[week_of(_day(when))] += 1
    seen = func.coalesce(Article.published_at, Article.first_seen_at)
    for when, site, relevant in conn.execute(
            select(seen, Article.site, Article.relevant).where(seen >= cutoff)):
        data.per_source_day[(site or "(unknown)", _day(when))] += 1
        if relevant:
            data.articles_per_week[week_of(_day(when))] += 1


def _pairs(conn: Connection, data: ReportData) -> None:
    query = text("SELECT day, automaker, technology_company, articles FROM pair_mentions")
    for day, automaker, technology, articles in conn.execute(query):
        if _day(day) >= data.since:
            data.pairs[f"{automaker} – {technology}"] += articles


def _runs(conn: Connection, data: ReportData) -> None:
    recent = select(CrawlRun.id).order_by(CrawlRun.id.desc()).limit(LAST_RUNS).subquery()
    columns = (CrawlRun.id, CrawlRun.started_at, CrawlRun.status, CrawlRun.finish_reason,
               CrawlRun.articles_new, CrawlRun.articles_updated, CrawlRun.errors)
    query = select(*columns).where(CrawlRun.id.in_(select(recent.c.id))).order_by(CrawlRun.id)
    data.runs = [dict(row) for row in conn.execute(query).mappings()]
    if data.runs:
        health = text("SELECT run_id, seed, articles_found, articles_new, failures, silent, "
                      "silent_flagged FROM source_health WHERE run_id >= :first "
                      "ORDER BY run_id, seed")
        rows = conn.execute(health, {"first": data.runs[0]["id"]}).mappings()
        data.seed_health = [dict(row) for row in rows]


def load(conn: Connection, days: int, now: datetime | None = None) -> ReportData:
    """The report's figures for the last ``days`` days (UTC) before ``now``."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    data = ReportData(since=cutoff.date())
    _stories_and_articles(conn, data, cutoff)
    _pairs(conn, data)
    _runs(conn, data)
    return data
