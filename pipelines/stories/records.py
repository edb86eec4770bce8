"""The story step's reads and writes: articles to place, candidates, signatures, story rows.

Every function takes an open connection and leaves the transaction to its caller.
Candidates are read through ``story_keys`` (index on company and time) and the
articles' primary key, never by scanning the articles table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, update

from pipelines.storage.models import (
    Article,
    ArticleSignature,
    Company,
    CompanyMention,
    Story,
    StoryKey,
)
from pipelines.stories.features import Features


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What the story step needs of a stored article; ``at`` is its story clock (UTC)."""

    id: int
    title: str
    text: str
    fingerprint: str
    at: datetime
    story_id: int | None
    companies: dict[str, int]  # name -> mentions
    signed: bool  # it has a stored signature (it was placed before)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A placed article near the one being placed."""

    id: int
    at: datetime
    story_id: int
    features: Features


def articles(conn: Connection, article_ids: list[int]) -> dict[int, ArticleRow]:
    """The articles ``article_ids`` that still exist, with their company mentions."""
    rows = conn.execute(select(
        Article.id, Article.title, Article.text, Article.fingerprint,
        func.coalesce(Article.published_at, Article.first_seen_at), Article.story_id,
        ArticleSignature.article_id.is_not(None),
    ).outerjoin(ArticleSignature).where(Article.id.in_(article_ids))).all()
    counts: dict[int, dict[str, int]] = {row[0]: {} for row in rows}
    for article_id, name, mentions in conn.execute(
            select(CompanyMention.article_id, Company.name, CompanyMention.mentions)
            .join(Company, Company.id == CompanyMention.company_id)
            .where(CompanyMention.article_id.in_(article_ids))):
        counts[article_id][name] = mentions
    return {row[0]: ArticleRow(*row[:6], counts[row[0]], bool(row[6])) for row in rows}


def ids_by_fingerprint(conn: Connection, fingerprints: list[str]) -> list[int]:
    """Ids of the articles with these fingerprints (through their unique index)."""
    query = select(Article.id).where(Article.fingerprint.in_(fingerprints)).order_by(Article.id)
    return list(conn.scalars(query))


def pending(conn: Connection) -> list[int]:
    """Ids of articles never placed, or edited since they were: oldest first."""
    query = (select(Article.id).outerjoin(ArticleSignature)
             .where(or_(ArticleSignature.article_id.is_(None), Article.story_id.is_(None),
                        ArticleSignature.fingerprint != Article.fingerprint))
             .order_by(func.coalesce(Article.published_at, Article.first_seen_at), Article.id))
    return list(conn.scalars(query))


def candidates(conn: Connection, company_ids: list[int], start: datetime, end: datetime,
               exclude: int) -> list[Candidate]:
    """Placed articles keyed under any of ``company_ids`` between ``start`` and ``end``."""
    if not company_ids:
        return []
    near = (select(StoryKey.article_id).distinct()
            .where(StoryKey.company_id.in_(company_ids),
                   StoryKey.published_at.between(start, end), StoryKey.article_id != exclude))
    query = (select(ArticleSignature.article_id, ArticleSignature.published_at,
                    Article.story_id, ArticleSignature.features)
             .join(Article, Article.id == ArticleSignature.article_id)
             .where(ArticleSignature.article_id.in_(near), Article.story_id.is_not(None)))
    return [Candidate(i, at, story, Features.from_json(data))
            for i, at, story, data in conn.execute(query)]


def roots(conn: Connection, article_ids: list[int]) -> dict[int, tuple[int | None, int | None]]:
    """Article id -> (near_duplicate_of, story_id) of these articles."""
    query = select(Article.id, Article.near_duplicate_of, Article.story_id).where(
        Article.id.in_(article_ids))
    return {i: (of, story) for i, of, story in conn.execute(query)}


def forget(conn: Connection, article_id: int) -> None:
    """Delete an article's signature and candidate-index keys (before placing it again)."""
    conn.execute(delete(ArticleSignature).where(ArticleSignature.article_id == article_id))
    conn.execute(delete(StoryKey).where(StoryKey.article_id == article_id))


_PLACE = (update(Article).where(Article.id == bindparam("b_id"))
          .values(story_id=bindparam("b_story"), near_duplicate_of=bindparam("b_of"),
                  near_duplicate_similarity=bindparam("b_similarity")))


def write(conn: Connection, signatures: list[dict[str, Any]], keys: list[dict[str, Any]],
          placements: list[dict[str, Any]]) -> None:
    """Write a batch: signature rows, story_keys rows, and placements (``b_id``, ``b_story``,
    ``b_of``, ``b_similarity``)."""
    if signatures:
        conn.execute(insert(ArticleSignature), signatures)
    if keys:
        conn.execute(insert(StoryKey), keys)
    if placements:
        conn.execute(_PLACE, placements)


def clear(conn: Connection) -> None:
    """Forget every story, near-duplicate mark, signature and candidate key."""
    conn.execute(update(Article).values(story_id=None, near_duplicate_of=None,
                                        near_duplicate_similarity=None))
    for table in (StoryKey, ArticleSignature, Story):
        conn.execute(delete(table))


def open_story(conn: Connection, title: str, at: datetime, now: datetime) -> int:
    """A new story row (its figures are set by ``refresh_story``); return its id."""
    return int(conn.scalar(insert(Story).values(
        headline=title, first_published_at=at, last_published_at=at, articles=0, sites=0,
        companies=[], relevant=False, created_at=now, updated_at=now).returning(Story.id)))


def refresh_story(conn: Connection, story_id: int, now: datetime) -> None:
    """Recompute a story's figures from its articles; delete it when it has none left."""
    clock = func.coalesce(Article.published_at, Article.first_seen_at)
    rows = conn.execute(select(Article.id, Article.title, Article.site, Article.relevant, clock)
                        .where(Article.story_id == story_id).order_by(clock, Article.id)).all()
    if not rows:
        conn.execute(delete(Story).where(Story.id == story_id))
        return
    counts: Counter[str] = Counter()
    for name, mentions in conn.execute(
            select(Company.name, CompanyMention.mentions).join(CompanyMention).join(
                Article, and_(Article.id == CompanyMention.article_id,
                              Article.story_id == story_id))):
        counts[name] += mentions
    conn.execute(update(Story).where(Story.id == story_id).values(
        headline=rows[0].title, first_published_at=rows[0][4],
        last_published_at=rows[-1][4], articles=len(rows),
        sites=len({r.site or "" for r in rows}), relevant=any(r.relevant for r in rows),
        companies=[name for name, _ in sorted(counts.items(), key=lambda c: (-c[1], c[0]))],
        updated_at=now))
