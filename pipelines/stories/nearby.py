"""The stored articles near a batch being placed, read once for the whole batch.

Placing an article looks up the stored articles that share an LSH band with it (its
possible copies) and the placed articles keyed under its companies within the time
window (its candidates). Nothing stored changes while a batch is placed (the batch is
written at its end), so the lookups of all its articles are answered from two reads
made at its start: a handful of statements per batch instead of two per article, which
matters most where each statement is a round trip (PostgreSQL).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from pipelines.storage.models import Article, ArticleBand, ArticleSignature, StoryKey
from pipelines.stories.features import Features
from pipelines.stories.records import Candidate

_BANDS = (select(ArticleBand.band, ArticleBand.article_id, ArticleSignature.minhash)
          .join(ArticleSignature, ArticleSignature.article_id == ArticleBand.article_id)
          .where(ArticleBand.band.in_(bindparam("bands", expanding=True))))
_KEYS = (select(StoryKey.article_id, StoryKey.company_id, StoryKey.published_at)
         .where(StoryKey.company_id.in_(bindparam("keys", expanding=True)),
                StoryKey.published_at.between(bindparam("start"), bindparam("end"))))
_PLACED = (select(ArticleSignature.article_id, ArticleSignature.published_at, Article.story_id,
                  ArticleSignature.features)
           .join(Article, Article.id == ArticleSignature.article_id)
           .where(ArticleSignature.article_id.in_(bindparam("ids", expanding=True)),
                  Article.story_id.is_not(None)))


@dataclass
class Nearby:
    """Stored articles (other than the batch's own) by LSH band and by company key."""

    by_band: dict[int, list[int]] = field(default_factory=dict)  # band key -> article ids
    minhashes: dict[int, bytes] = field(default_factory=dict)  # article id -> MinHash bytes
    keyed: dict[int, list[tuple[int, datetime]]] = field(default_factory=dict)  # company ->
    placed: dict[int, Candidate] = field(default_factory=dict)  # article id -> candidate

    @classmethod
    def read(cls, conn: Connection, bands: set[int], keys: set[int],
             window: tuple[datetime, datetime], batch: frozenset[int]) -> Nearby:
        """The stored articles sharing one of ``bands``, and those keyed under one of
        ``keys`` between the window's start and end (times as stored, UTC)."""
        nearby = cls()
        if bands:
            for band, article_id, minhash in conn.execute(_BANDS, {"bands": sorted(bands)}):
                if article_id not in batch:
                    nearby.by_band.setdefault(band, []).append(article_id)
                    nearby.minhashes[article_id] = minhash
        if keys:
            nearby._read_candidates(conn, keys, window, batch)
        return nearby

    def _read_candidates(self, conn: Connection, keys: set[int],
                         window: tuple[datetime, datetime], batch: frozenset[int]) -> None:
        start, end = window
        ids: set[int] = set()
        for article_id, company_id, at in conn.execute(
                _KEYS, {"keys": sorted(keys), "start": start, "end": end}):
            if article_id not in batch:
                self.keyed.setdefault(company_id, []).append((article_id, at))
                ids.add(article_id)
        if ids:
            rows = conn.execute(_PLACED, {"ids": sorted(ids)})
            self.placed = {i: Candidate(i, at, story, Features.from_json(data))
                           for i, at, story, data in rows}

    def colliding(self, bands: list[int], exclude: int) -> list[tuple[int, bytes]]:
        """(id, MinHash bytes) of the stored articles sharing a band with ``bands``."""
        ids = sorted({i for band in bands for i in self.by_band.get(band, ()) if i != exclude})
        return [(i, self.minhashes[i]) for i in ids]

    def candidates(self, keys: list[int], start: datetime, end: datetime,
                   exclude: int) -> list[Candidate]:
        """Placed articles keyed under ``keys`` between ``start`` and ``end``: under two of
        them (under the one, when there is one)."""
        shared = min(2, len(keys))
        counts: Counter[int] = Counter(i for key in keys for i, at in self.keyed.get(key, ())
                                       if start <= at <= end and i != exclude)
        return [self.placed[i] for i, n in sorted(counts.items())
                if n >= shared and i in self.placed]
