"""A batch of articles being placed: what it decided, kept until it is written at once.

Nothing is written before the end, so a batch holds SQLite's write lock only while it
writes; new stories have provisional negative ids until then. Articles placed earlier
in the batch are found by later ones through ``candidates`` and ``collisions``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from pipelines.stories import records
from pipelines.stories.features import Features
from pipelines.stories.near_duplicates import Shingled, from_bytes, jaccard


@dataclass(slots=True)
class Batch:
    """What a batch placed so far, written in one go at its end."""

    ids: frozenset[int]  # the articles of the batch
    new_stories: dict[int, tuple[str, datetime]] = field(default_factory=dict)
    replaced: set[int] = field(default_factory=set)  # placed before: old rows to delete
    signatures: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    by_paragraph: dict[int, list[int]] = field(default_factory=dict)  # key -> article ids
    paragraph_keys: dict[int, set[int]] = field(default_factory=dict)  # article id -> keys
    texts: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> title, text
    shingled: dict[int, Shingled] = field(default_factory=dict)  # id -> its paragraphs' shingles
    by_band: dict[int, list[records.Collision]] = field(default_factory=dict)
    placed: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> placement
    fresh: dict[int, list[records.Candidate]] = field(default_factory=dict)  # by company
    key_counts: dict[int, int] = field(default_factory=dict)  # article id -> its keys
    touched: set[int] = field(default_factory=set)  # stories joined or left
    merged: dict[int, int] = field(default_factory=dict)  # story -> the one it merged into
    suspects: dict[int, set[int]] = field(default_factory=dict)  # id -> opening keys spread
    minhashes: dict[int, bytes] = field(default_factory=dict)  # id -> its MinHash bytes
    # stored original -> (the article of this batch it copies, similarity): see recopy
    recopied: dict[int, tuple[int, float]] = field(default_factory=dict)

    def add(self, row: records.ArticleRow, signature: records.Signature,
            found: Features, keys: list[int], story_id: int, near: tuple[int, float] | None
            ) -> None:
        """Record a placed article: its signature, features, candidate keys, story and
        near-duplicate (original id, similarity)."""
        minhash, bands, companies, shingles, paragraphs = signature
        self.signatures.append({"article_id": row.id, "fingerprint": row.fingerprint,
                                "minhash": minhash, "shingles": shingles,
                                "features": found.as_json(), "published_at": row.at})
        hour = records.clock_hour(row.at)
        self.bands += [{"article_id": row.id, "band": band, "companies": companies,
                        "hour": hour} for band in set(bands)]
        for key in paragraphs:
            self.by_paragraph.setdefault(key, []).append(row.id)
        self.paragraph_keys[row.id] = set(paragraphs)
        self.texts[row.id] = (row.title, row.text)
        self.minhashes[row.id] = minhash
        collision = records.Collision(row.id, minhash, near[0] if near else None, story_id,
                                      found.companies, row.at, row.day_only)
        for band in bands:
            self.by_band.setdefault(band, []).append(collision)
        self.keys += [{"article_id": row.id, "company_id": k, "published_at": row.at}
                      for k in keys]
        of, similarity = near if near else (None, None)
        self.placed[row.id] = {"b_id": row.id, "b_story": story_id, "b_of": of,
                               "b_similarity": similarity}
        candidate = records.Candidate(row.id, row.at, story_id, found, minhash, shingles,
                                      near[0] if near else None, row.day_only)
        for key in keys:
            self.fresh.setdefault(key, []).append(candidate)
        self.key_counts[row.id] = len(keys)
        self.touched |= {story_id} | ({row.story_id} if row.story_id else set())
        if row.signed:
            self.replaced.add(row.id)

    def recopy(self, copy_id: int, original_id: int, similarity: float) -> None:
        """Mark ``copy_id``, a stored article placed as an original, as the copy of
        ``original_id``, an article of this batch published before it (a crawl met the
        copy first); the articles marked as its copies are marked as copies of
        ``original_id`` when the batch is written."""
        self.recopied[copy_id] = (original_id, similarity)

    def original_of(self, article_id: int) -> int | None:
        """The article of this batch that ``article_id`` turned out to copy, if any."""
        found = self.recopied.get(article_id)
        return found[0] if found else None

    def story_of(self, story_id: int) -> int:
        """The story ``story_id`` is now: itself, or the one it was merged into."""
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id

    def stories_of(self, candidates: list[records.Candidate]) -> set[int]:
        """The stories of ``candidates``: each as stored (or provisional) and as it is now
        (``story_of``), so a lookup of either kind of id finds it."""
        return {s for c in candidates for s in (c.story_id, self.story_of(c.story_id))}

    def merge(self, stories: set[int]) -> int:
        """Merge ``stories`` (current ids, as ``story_of`` gives them) into the oldest:
        the stored one opened first, else the one this batch opened first. Return it."""
        stored = [s for s in stories if s > 0]
        survivor = min(stored) if stored else max(stories)  # provisional: -1 opened first
        for story_id in stories - {survivor}:
            self.merged[story_id] = survivor
        self.touched |= stories
        return survivor

    def open_story(self, title: str, at: datetime) -> int:
        provisional = -1 - len(self.new_stories)
        self.new_stories[provisional] = (title, at)
        return provisional

    def candidates(self, keys: list[int], start: datetime, end: datetime
                   ) -> list[records.Candidate]:
        """Articles of this batch between ``start`` and ``end`` sharing two of ``keys``,
        or under one of them alone (any under the one, when there is one): the rule of
        ``candidates.StoredCandidates``, so an article finds the same candidates whether they
        were placed in its batch or before."""
        found: dict[int, records.Candidate] = {}
        shared: Counter[int] = Counter()
        for key in keys:
            for candidate in self.fresh.get(key, ()):
                if start <= candidate.at <= end:
                    found[candidate.id] = candidate
                    shared[candidate.id] += 1
        return [c for c in found.values()
                if shared[c.id] >= min(2, len(keys)) or self.key_counts[c.id] == 1]

    def collisions(self, bands: list[int]) -> list[records.Collision]:
        """Articles of this batch sharing a band with ``bands``."""
        found = {c.id: c for band in bands for c in self.by_band.get(band, ())}
        return list(found.values())

    def boilerplate(self, keys: set[int], stories: set[int], skip: set[int]) -> set[int]:
        """Of the paragraph keys ``keys``, those an article of this batch (other than
        ``skip``) has whose story is none of ``stories``: ``records.boilerplate`` for the
        articles not yet written."""
        return {key for key in keys for article_id in self.by_paragraph.get(key, ())
                if article_id not in skip
                and self.story_of(self.placed[article_id]["b_story"]) not in stories}

    def write(self, conn: Connection) -> None:
        """Write the batch: forget re-placed articles' rows, open stories, place articles."""
        records.forget(conn, sorted(self.replaced))
        now = datetime.now(UTC)
        provisional = [p for p in sorted(self.new_stories, reverse=True)  # -1, -2, ...
                       if p not in self.merged]  # opening order; a merged one is never opened
        opened = records.open_stories(conn, [self.new_stories[p] for p in provisional], now)
        real = dict(zip(provisional, opened, strict=True))

        def final(story_id: int) -> int:
            current = self.story_of(story_id)
            return real.get(current, current)

        placements = [{**p, "b_story": final(p["b_story"])} for p in self.placed.values()]
        paragraphs = [{"hash": key, "article_id": article_id}
                      for article_id, keys in self.paragraph_keys.items() for key in keys]
        records.write(conn, self.signatures, self.keys, self.bands, paragraphs, placements)
        self._write_recopied(conn)
        records.merge_stories(conn, {s: final(s) for s in self.merged if s > 0})
        records.refresh_stories(conn, {s for s in map(final, self.touched) if s > 0}
                                | {s for s in self.merged if s > 0}, now)

    def _write_recopied(self, conn: Connection) -> None:
        """Mark the recopied articles, and the copies that took one of them for their
        original (stored, or of this batch, written just before), with their similarity
        to the original now found (estimated Jaccard)."""
        if not self.recopied:
            return
        marks = [{"b_id": copy_id, "b_of": original_id, "b_similarity": similarity}
                 for copy_id, (original_id, similarity) in self.recopied.items()]
        for copy_id, of, minhash in records.copies_of(conn, sorted(self.recopied)):
            original_id = self.recopied[of][0]
            similarity = jaccard(from_bytes(minhash), from_bytes(self.minhashes[original_id]))
            marks.append({"b_id": copy_id, "b_of": original_id, "b_similarity": similarity})
        records.mark_copies(conn, marks)
