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
from pipelines.stories.features import Features, signals
from pipelines.stories.near_duplicates import NearDuplicateIndex, minhash_of, to_bytes
from pipelines.stories.similarity import StorySettings, company_similarity, pair_score
from pipelines.topics.catalog import Catalog

logger = logging.getLogger(__name__)
BATCH = 200  # articles per transaction when placing many


@dataclass(slots=True)
class _Batch:
    """What a batch placed so far, written in one go at its end.

    Nothing is written before the end, so a batch holds SQLite's write lock only while
    it writes: new stories have provisional negative ids until then.
    """

    ids: frozenset[int]  # the articles of the batch
    new_stories: dict[int, tuple[str, datetime]] = field(default_factory=dict)
    replaced: set[int] = field(default_factory=set)  # placed before: old rows to delete
    signatures: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)
    placed: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> placement
    fresh: dict[int, list[records.Candidate]] = field(default_factory=dict)  # by company
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
                               "b_similarity": similarity, "companies": found.companies}
        candidate = records.Candidate(row.id, row.at, story_id, found)
        for key in keys:
            self.fresh.setdefault(key, []).append(candidate)
        self.touched |= {story_id} | ({row.story_id} if row.story_id else set())
        if row.signed:
            self.replaced.add(row.id)

    def open_story(self, title: str, at: datetime) -> int:
        provisional = -1 - len(self.new_stories)
        self.new_stories[provisional] = (title, at)
        return provisional

    def candidates(self, keys: list[int], start: datetime, end: datetime
                   ) -> list[records.Candidate]:
        found = {c.id: c for key in keys for c in self.fresh.get(key, ()) if start <= c.at <= end}
        return list(found.values())

    def write(self, conn: Connection) -> None:
        """Write the batch: forget re-placed articles' rows, open stories, place articles."""
        for article_id in sorted(self.replaced):
            records.forget(conn, article_id)
        now = datetime.now(UTC)
        provisional = sorted(self.new_stories, reverse=True)  # -1, -2, ...: opening order
        opened = records.open_stories(conn, [self.new_stories[p] for p in provisional], now)
        real = dict(zip(provisional, opened, strict=True))
        placements = [{**p, "b_story": real.get(p["b_story"], p["b_story"])}
                      for p in self.placed.values()]
        records.write(conn, self.signatures, self.keys, [
            {k: v for k, v in p.items() if k.startswith("b_")} for p in placements])
        records.refresh_stories(conn, {real.get(s, s) for s in self.touched}, now)


class StoryAssigner:
    """Places stored articles in stories; holds the near-duplicate index between batches."""

    def __init__(self, catalog: Catalog, company_ids: dict[str, int],
                 settings: StorySettings) -> None:
        self.catalog = catalog
        self.company_ids = company_ids  # company name -> companies.id
        self.settings = settings
        self.index = NearDuplicateIndex(settings.near_duplicate_threshold, settings.num_perm)

    def place_all(self, engine: Engine, article_ids: Iterable[int],
                  computed: dict[int, dict[str, Any]] | None = None) -> int:
        """Place these articles in order, one transaction per BATCH; return how many.

        ``computed``: article id -> its ``features.signals`` as the extraction worker made
        them; signals of other articles (or of another shingle size) are computed here.
        """
        ids = list(article_ids)
        for start in range(0, len(ids), BATCH):
            with engine.begin() as conn:
                self._place_batch(conn, ids[start:start + BATCH], computed or {})
        return len(ids)

    def _place_batch(self, conn: Connection, ids: list[int],
                     computed: dict[int, dict[str, Any]]) -> None:
        self.index.refresh(conn)
        rows, batch = records.articles(conn, ids), _Batch(frozenset(ids))
        for article_id in ids:
            if article_id in rows:
                row = rows[article_id]
                known = computed.get(article_id)
                if not known or known.get("shingle_size") != self.settings.shingle_size:
                    known = signals(row.title, row.text, row.companies, self.catalog,
                                    self.settings.shingle_size)
                self.place(conn, row, known, batch)
        batch.write(conn)

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

    def place(self, conn: Connection, row: records.ArticleRow, known: dict[str, Any],
              batch: _Batch) -> None:
        """Place one article, given its signals: as a copy, in a candidate's story, or in a
        new story."""
        self.index.remove(row.id)
        signature = minhash_of(known["shingles"], self.settings.num_perm)
        found = Features.from_json(known["features"])
        keys = self._keys(found)
        near = self._near_duplicate(conn, row.id, signature, found.companies, batch)
        story_id = near[2] if near else None
        if story_id is None:
            story_id = self._best_story(conn, row, found, keys, batch)
        if story_id is None:
            story_id = batch.open_story(row.title, row.at)
        batch.add(row, to_bytes(signature), found, keys, story_id, near[:2] if near else None)
        self.index.add(row.id, signature)

    def _keys(self, found: Features) -> list[int]:
        """Ids of the companies the article is found under: weighty enough, top MAX_KEYS."""
        weighty = sorted(((-weight, name) for name, weight in found.companies.items()
                          if weight >= self.settings.min_key_weight and name in self.company_ids))
        return [self.company_ids[name] for _, name in weighty[:records.MAX_KEYS]]

    def _near_duplicate(self, conn: Connection, article_id: int, signature: MinHash,
                        companies: dict[str, float], batch: _Batch
                        ) -> tuple[int, float, int | None] | None:
        """(original id, similarity, its story) of the article this one copies, if any.

        A copy is about the companies its original is about: texts cast in one mould
        about other companies (press releases of one template) are no copies.
        """
        similar = self.index.similar(article_id, signature)
        if not similar:
            return None
        known = records.roots(conn, [other for other, _ in similar])
        known.update({i: (p["b_of"], p["b_story"], p["companies"])
                      for i, p in batch.placed.items()})
        for other, similarity in similar:
            if other not in known or not self._same_companies(companies, known[other][2]):
                continue
            root, story_id, _ = known[other]
            if root is not None and root != article_id and root in self.index.signatures:
                root_similarity = signature.jaccard(self.index.signatures[root])
                if root_similarity >= self.settings.near_duplicate_threshold:
                    return root, root_similarity, story_id  # a copy of a copy: the original
            return other, similarity, story_id
        return None

    def _same_companies(self, a: dict[str, float], b: dict[str, float]) -> bool:
        return (not a and not b) or (
            company_similarity(a, b) >= self.settings.min_company_similarity)

    def _best_story(self, conn: Connection, row: records.ArticleRow, found: Features,
                    keys: list[int], batch: _Batch) -> int | None:
        """The story of the best-scoring candidate from the threshold, if any."""
        window = timedelta(hours=self.settings.window_hours)
        start, end = row.at - window, row.at + window
        best, best_score = None, self.settings.threshold
        stored = [c for c in records.candidates(conn, keys, start, end, row.id)
                  if c.id not in batch.ids]  # the batch's own are in batch.candidates
        for candidate in [*stored, *batch.candidates(keys, start, end)]:
            score = pair_score(found, row.at, candidate.features, candidate.at, self.settings)
            if score >= best_score:
                best, best_score = candidate.story_id, score
        return best
