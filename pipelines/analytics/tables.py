"""The tables an export can write: which rows, in which typed (Arrow) schema.

Every table has ``change_seq``, the change number of its row's last change (for
``pair_mentions``, the highest of the articles counted in it): an incremental export
writes the rows numbered above the consumer's watermark and at most the highest number
its snapshot sees (``latest``). A later export's row for the same key supersedes an earlier one's.
Timestamps are UTC (``timestamp[us, tz=UTC]``); ``day`` is a UTC calendar date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa
from sqlalchemy import Connection, Select, column, func, select, table

from pipelines.storage.models import Article, Company, CompanyMention, Story

BATCH_ROWS = 1000
TIMESTAMP = pa.timestamp("us", tz="UTC")
Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class ExportTable:
    """One exportable table: its Arrow schema, its query and how its rows are completed."""

    name: str
    schema: pa.Schema
    query: Callable[[], Select[Any]]
    change_seq: Callable[[], Any]  # the query's change_seq column, to filter on
    source_seq: Callable[[], Any]  # the change_seq column of the table its rows come from
    complete: Callable[[Connection, Rows], Rows] = lambda _conn, rows: rows

    def latest(self, conn: Connection) -> int:
        """The highest change number of the rows' source table in ``conn``'s snapshot."""
        return conn.scalar(select(func.max(self.source_seq()))) or 0

    def batches(self, conn: Connection, since: int | None, upto: int) -> Iterator[pa.RecordBatch]:
        """Its rows as record batches: all of them (``since`` None) or those changed in
        (``since``, ``upto``]."""
        query = self.query()
        if since is not None:
            seq = self.change_seq()
            query = query.where(seq > since, seq <= upto)
        result = conn.execution_options(yield_per=BATCH_ROWS).execute(query)
        for partition in result.mappings().partitions():
            rows = self.complete(conn, [dict(row) for row in partition])
            yield pa.RecordBatch.from_pylist(rows, schema=self.schema)


ARTICLE_COLUMNS = ("id", "url", "title", "text", "authors", "published_at",
                   "published_precision", "modified_at",
                   "language", "site", "site_domain", "description", "seed", "relevant",
                   "relevance",
                   "first_seen_at", "last_seen_at", "updated_at", "story_id",
                   "near_duplicate_of", "near_duplicate_similarity", "change_seq")
ARTICLES_SCHEMA = pa.schema([
    ("id", pa.int64()), ("url", pa.string()), ("title", pa.string()), ("text", pa.string()),
    ("authors", pa.list_(pa.string())), ("published_at", TIMESTAMP),
    ("published_precision", pa.string()), ("modified_at", TIMESTAMP), ("language", pa.string()), ("site", pa.string()),
    ("site_domain", pa.string()), ("description", pa.string()), ("seed", pa.string()), ("relevant", pa.bool_()),
    ("relevance", pa.float64()), ("first_seen_at", TIMESTAMP), ("last_seen_at", TIMESTAMP),
    ("updated_at", TIMESTAMP), ("story_id", pa.int64()), ("near_duplicate_of", pa.int64()),
    ("near_duplicate_similarity", pa.float64()), ("companies", pa.list_(pa.string())),
    ("change_seq", pa.int64()),
])


def _articles_query() -> Select[Any]:
    return select(*(getattr(Article, name) for name in ARTICLE_COLUMNS)).order_by(Article.id)


def _with_companies(conn: Connection, rows: Rows) -> Rows:
    """Add each article's companies (names, sorted) from the same snapshot."""
    names: dict[int, list[str]] = {row["id"]: [] for row in rows}
    query = (select(CompanyMention.article_id, Company.name).join(Company)
             .where(CompanyMention.article_id.in_(list(names))).order_by(Company.name))
    for article_id, name in conn.execute(query):
        names[article_id].append(name)
    for row in rows:
        row["companies"] = names[row["id"]]
    return rows


STORY_COLUMNS = ("id", "headline", "first_published_at", "last_published_at", "articles",
                 "sites", "companies", "relevant", "created_at", "updated_at", "change_seq")
STORIES_SCHEMA = pa.schema([
    ("id", pa.int64()), ("headline", pa.string()), ("first_published_at", TIMESTAMP),
    ("last_published_at", TIMESTAMP), ("articles", pa.int64()), ("sites", pa.int64()),
    ("outlets", pa.list_(pa.string())), ("companies", pa.list_(pa.string())),
    ("relevant", pa.bool_()), ("created_at", TIMESTAMP), ("updated_at", TIMESTAMP),
    ("change_seq", pa.int64()),
])


def _stories_query() -> Select[Any]:
    return select(*(getattr(Story, name) for name in STORY_COLUMNS)).order_by(Story.id)


def _with_outlets(conn: Connection, rows: Rows) -> Rows:
    """Add each story's outlets: the sites of its articles (sorted, once each)."""
    outlets: dict[int, list[str]] = {row["id"]: [] for row in rows}
    query = (select(Article.story_id, Article.site).distinct()
             .where(Article.story_id.in_(list(outlets)), Article.site.is_not(None))
             .order_by(Article.site))
    for story_id, site in conn.execute(query):
        outlets[story_id].append(site)
    for row in rows:
        row["outlets"] = outlets[row["id"]]
    return rows


PAIR_MENTIONS_VIEW = table("pair_mentions", column("day"), column("automaker"),
                           column("technology_company"), column("articles"),
                           column("stories"), column("change_seq"))
PAIR_MENTIONS_SCHEMA = pa.schema([
    ("day", pa.date32()), ("automaker", pa.string()), ("technology_company", pa.string()),
    ("articles", pa.int64()), ("stories", pa.int64()), ("change_seq", pa.int64()),
])


def _pair_mentions_query() -> Select[Any]:
    view = PAIR_MENTIONS_VIEW
    return select(view).order_by(view.c.day, view.c.automaker, view.c.technology_company)


def _with_dates(_conn: Connection, rows: Rows) -> Rows:
    """SQLite gives a view's ``date()`` as ISO text; PostgreSQL as a date."""
    for row in rows:
        if isinstance(row["day"], str):
            row["day"] = date.fromisoformat(row["day"])
    return rows


TABLES = {
    "articles": ExportTable("articles", ARTICLES_SCHEMA, _articles_query,
                            lambda: Article.change_seq, lambda: Article.change_seq,
                            _with_companies),
    "stories": ExportTable("stories", STORIES_SCHEMA, _stories_query,
                           lambda: Story.change_seq, lambda: Story.change_seq, _with_outlets),
    "pair_mentions": ExportTable("pair_mentions", PAIR_MENTIONS_SCHEMA, _pair_mentions_query,
                                 lambda: PAIR_MENTIONS_VIEW.c.change_seq,
                                 lambda: Article.change_seq, _with_dates),
}
