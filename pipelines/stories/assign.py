"""Placing articles in stories, incrementally: one article at a time, in one transaction.

An article is placed by, in order:

1. its near-duplicates (``near_duplicates``): a lightly edited copy joins the story of
   the article it copies, and records which one and how similar;
2. its candidates (``records.candidates``): placed articles sharing a company within the
   time window; it joins the story of the best-scoring one (``similarity.pair_score``)
   when the score reaches the threshold;
3. otherwise it opens a new story.

A story keeps its id as it grows. An article placed again (its text was edited) leaves
its story first and may join another; a story left empty is deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from datasketch import MinHash
from sqlalchemy import Connection, Engine

from pipelines.stories import records
from pipelines.stories.features import Features, features
from pipelines.stories.near_duplicates import NearDuplicateIndex, minhash, to_bytes
from pipelines.stories.similarity import StorySettings, pair_score
from pipelines.topics.catalog import Catalog

logger = logging.getLogger(__name__)
BATCH = 200  # articles per transaction when placing many


@dataclass(slots=True)
class _Batch:
    """What a batch placed so far, written in one go at its end."""

    signatures: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)
    placed: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> placement
    fresh: list[tuple[records.Candidate, frozenset[int]]] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)  # stories joined or left

    def add(self, row: records.ArticleRow, signature: bytes, found: Features, keys: list[int],
            story_id: int, near: tuple[int, float] | None) -> None:
        self.signatures.append({"article_id": row.id, "fingerprint": row.fingerprint,
                                "minhash": signature, "features": found.as_json(),
                                "published_at": row.at})
        self.keys += [{"article_id": row.id, "company_id": k, "published_at": row.at}
                      for k in keys]
        of, similarity = near if near else (None, None)
        self.placed[row.id] = {"b_id": row.id, "b_story": story_id, "b_of": of,
                               "b_similarity": similarity}
        self.fresh.append((records.Candidate(row.id, row.at, story_id, found), frozenset(keys)))
        self.touched |= {story_id} | ({row.story_id} if row.story_id else set())

    def candidates(self, keys: list[int], start: datetime, end: datetime
                   ) -> list[records.Candidate]:
        return [c for c, its_keys in self.fresh
                if start <= c.at <= end and its_keys.intersection(keys)]


class StoryAssigner:
    """Places stored articles in stories; holds the near-duplicate index between batches."""

    def __init__(self, catalog: Catalog, company_ids: dict[str, int],
                 settings: StorySettings) -> None:
        self.catalog = catalog
        self.company_ids = company_ids  # company name -> companies.id
        self.settings = settings
        self.index = NearDuplicateIndex(settings.near_duplicate_threshold, settings.num_perm)

    def place_all(self, engine: Engine, article_ids: Iterable[int]) -> int:
        """Place these articles in order, one transaction per BATCH; return how many."""
        ids = list(article_ids)
        for start in range(0, len(ids), BATCH):
            with engine.begin() as conn:
                self._place_batch(conn, ids[start:start + BATCH])
        return len(ids)

    def _place_batch(self, conn: Connection, ids: list[int]) -> None:
        self.index.refresh(conn)
        rows, batch = records.articles(conn, ids), _Batch()
        for article_id in ids:
            if article_id in rows:
                self.place(conn, rows[article_id], batch)
        records.write(conn, batch.signatures, batch.keys, list(batch.placed.values()))
        now = datetime.now(UTC)
        for story_id in sorted(batch.touched):
            records.refresh_story(conn, story_id, now)

    def place_pending(self, engine: Engine) -> int:
        """Place every article never placed or edited since: the catch-up after a run."""
        with engine.connect() as conn:
            ids = records.pending(conn)
        return self.place_all(engine, ids)

    def rebuild(self, engine: Engine) -> int:
        """Forget every story and near-duplicate, then place the whole table again."""
        with engine.begin() as conn:
            records.clear(conn)
        self.index = NearDuplicateIndex(self.settings.near_duplicate_threshold,
                                        self.settings.num_perm)
        return self.place_pending(engine)

    def place(self, conn: Connection, row: records.ArticleRow, batch: _Batch) -> None:
        """Place one article: as a copy, in a candidate's story, or in a new story."""
        if row.signed:
            records.forget(conn, row.id)
        self.index.remove(row.id)
        signature = minhash(f"{row.title}\n{row.text}", self.settings.shingle_size,
                            self.settings.num_perm)
        found = features(row.title, row.text, row.companies, self.catalog)
        keys = sorted(self.company_ids[name] for name, weight in found.companies.items()
                      if weight >= self.settings.min_key_weight and name in self.company_ids)
        near = self._near_duplicate(conn, row.id, signature, batch)
        story_id = near[2] if near else None
        if story_id is None:
            story_id = self._best_story(conn, row, found, keys, batch)
        if story_id is None:
            story_id = records.open_story(conn, row.title, row.at, datetime.now(UTC))
        batch.add(row, to_bytes(signature), found, keys, story_id, near[:2] if near else None)
        self.index.add(row.id, signature)

    def _near_duplicate(self, conn: Connection, article_id: int, signature: MinHash,
                        batch: _Batch) -> tuple[int, float, int | None] | None:
        """(original id, similarity, its story) of the article this one copies, if any."""
        similar = self.index.similar(article_id, signature)
        if not similar:
            return None
        known = records.roots(conn, [other for other, _ in similar])
        known.update({i: (p["b_of"], p["b_story"]) for i, p in batch.placed.items()})
        for other, similarity in similar:
            if other not in known:
                continue
            root, story_id = known[other]
            if root is not None and root != article_id and root in self.index.signatures:
                root_similarity = signature.jaccard(self.index.signatures[root])
                if root_similarity >= self.settings.near_duplicate_threshold:
                    return root, root_similarity, story_id  # a copy of a copy: the original
            return other, similarity, story_id
        return None

    def _best_story(self, conn: Connection, row: records.ArticleRow, found: Features,
                    keys: list[int], batch: _Batch) -> int | None:
        """The story of the best-scoring candidate from the threshold, if any."""
        window = timedelta(hours=self.settings.window_hours)
        start, end = row.at - window, row.at + window
        best, best_score = None, self.settings.threshold
        for candidate in [*records.candidates(conn, keys, start, end, row.id),
                          *batch.candidates(keys, start, end)]:
            score = pair_score(found, row.at, candidate.features, candidate.at, self.settings)
            if score >= best_score:
                best, best_score = candidate.story_id, score
        return best
