"""Layer 3: change numbers (``change_seq``) only go up, whatever is deleted in between.

Incremental exports send the rows numbered above a consumer's watermark; a number handed
out again after a delete would be below it and the change never sent.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select, update

from pipelines.storage.models import Story

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _story(conn, headline: str) -> int:  # type: ignore[no-untyped-def]
    row = {"headline": headline, "first_published_at": NOW, "last_published_at": NOW,
           "articles": 1, "sites": 1, "companies": ["Ford"], "relevant": True,
           "created_at": NOW, "updated_at": NOW}
    return conn.execute(insert(Story).values(row).returning(Story.id)).scalar_one()


def _seq(conn, story_id: int) -> int:  # type: ignore[no-untyped-def]
    return conn.execute(select(Story.change_seq).where(Story.id == story_id)).scalar_one()


def test_a_change_after_the_newest_row_was_deleted_gets_a_higher_number(engine: Engine) -> None:
    with engine.begin() as conn:
        first, newest = _story(conn, "Ford and Xiaomi talk"), _story(conn, "Ford and Xiaomi sign")
        watermark = _seq(conn, newest)  # a consumer exported everything up to here
        conn.execute(delete(Story).where(Story.id == newest))  # an emptied story goes
        later = _story(conn, "Toyota and Huawei sign")
        assert _seq(conn, later) > watermark
        conn.execute(update(Story).where(Story.id == first).values(articles=2))
        assert _seq(conn, first) > _seq(conn, later)
