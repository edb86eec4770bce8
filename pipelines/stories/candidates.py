"""Story candidates of a whole batch of articles, read in a few statements.

An article's candidates are the placed articles within its time window that share two
of its candidate keys (its most weighty companies, at most ``MAX_KEYS``) or were placed
under one of them alone (``story_pairs``); for an article under one company, every
placed article under it (``story_keys``). So two articles find each other whichever is
placed first, and an article about Ford and Xiaomi is not looked for among every
article about Ford.

A batch's lookups are answered together (:class:`StoredCandidates`): its articles'
windows are merged into intervals, each interval costs one range read of each index
for the batch's companies (``company_a IN (...) AND company_b IN (...) AND
published_at BETWEEN``, which both databases answer from the index on company, company
and time), each article's own candidates are picked from those rows, and the details
of every candidate of the batch (features, MinHash) are read once. Reading per article
cost two statements and one decoding of each candidate's features per article that
found it.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Text, bindparam, cast, select

from pipelines.storage.models import Article, ArticleSignature, StoryKey, StoryPair
from pipelines.stories.features import Features
from pipelines.stories.records import MAX_KEYS, Candidate, key_pairs

_ONE = -1  # the second term of a story_keys entry: "under this company, with any other"


class Lookup(NamedTuple):
    """One article's candidate lookup: its id, its candidate keys (company ids, most
    weighty first) and its time window (UTC, both ends included)."""

    article_id: int
    keys: list[int]
    start: datetime
    end: datetime


def _terms(keys: list[int]) -> list[tuple[int, int]]:
    """The index entries an article with ``keys`` looks under: its pairs and each key's
    own pair in story_pairs, or (key, _ONE) for story_keys when it has one key."""
    if len(keys) == 1:
        return [(keys[0], _ONE)]
    keys = keys[:MAX_KEYS]
    return key_pairs(keys) + [(k, k) for k in keys]


def _intervals(lookups: list[Lookup]) -> list[tuple[datetime, datetime]]:
    """The lookups' windows merged where they overlap, in time order."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted((lookup.start, lookup.end) for lookup in lookups):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_PAIR_ROWS = (select(StoryPair.company_a, StoryPair.company_b, StoryPair.published_at,
                     StoryPair.article_id)
              .where(StoryPair.company_a.in_(bindparam("firsts", expanding=True)),
                     StoryPair.company_b.in_(bindparam("seconds", expanding=True)),
                     StoryPair.published_at.between(bindparam("start"), bindparam("end"))))
_KEY_ROWS = (select(StoryKey.company_id, StoryKey.published_at, StoryKey.article_id)
             .where(StoryKey.company_id.in_(bindparam("companies", expanding=True)),
                    StoryKey.published_at.between(bindparam("start"), bindparam("end"))))


def _index_rows(conn: Connection, lookups: list[Lookup]
                ) -> dict[tuple[int, int], list[tuple[datetime, int]]]:
    """Index term -> (time, article id) of the rows under it in the lookups' intervals,
    in time order. The companies' cross product may read a few pairs no lookup asked
    for; they are never picked."""
    terms = {term for lookup in lookups for term in _terms(lookup.keys)}
    pairs = [term for term in terms if term[1] != _ONE]
    ones = sorted({a for a, b in terms if b == _ONE})
    found: dict[tuple[int, int], list[tuple[datetime, int]]] = defaultdict(list)
    for start, end in _intervals(lookups):
        window = {"start": start, "end": end}
        if pairs:
            for a, b, at, article_id in conn.execute(_PAIR_ROWS, {
                    **window, "firsts": sorted({a for a, _ in pairs}),
                    "seconds": sorted({b for _, b in pairs})}).all():
                found[(a, b)].append((at, article_id))
        if ones:
            for company, at, article_id in conn.execute(
                    _KEY_ROWS, {**window, "companies": ones}).all():
                found[(company, _ONE)].append((at, article_id))
    for rows in found.values():
        rows.sort()
    return found


def _near_ids(index: dict[tuple[int, int], list[tuple[datetime, int]]], lookup: Lookup
              ) -> set[int]:
    """Ids of the articles under the lookup's terms within its window, itself aside."""
    near: set[int] = set()
    for term in _terms(lookup.keys):
        rows = index.get(term, [])
        low = bisect_left(rows, (lookup.start, -1))
        high = bisect_right(rows, (lookup.end, float("inf")))
        near.update(article_id for _, article_id in rows[low:high])
    near.discard(lookup.article_id)
    return near


_DETAILS = (select(ArticleSignature.article_id, ArticleSignature.published_at,
                   Article.story_id, cast(ArticleSignature.features, Text),
                   ArticleSignature.minhash, ArticleSignature.shingles, Article.near_duplicate_of,
                   Article.published_precision == "day")
            .join(Article, Article.id == ArticleSignature.article_id)
            .where(ArticleSignature.article_id.in_(bindparam("ids", expanding=True)),
                   Article.story_id.is_not(None)))
_CHUNK = 900  # ids per statement: under SQLite's oldest limit of 999 parameters
DECODED = 1024  # candidates kept decoded at a time (about 3.6 KB each)


class StoredCandidates:
    """The stored candidates of a batch's articles (``lookups``), read in a few statements.

    ``of(article_id)`` gives an article's candidates in id order. The rows are read at
    once, but a candidate's features are decoded only when an article first asks for
    it, and only the DECODED most recently asked are kept decoded: articles ask in time
    order and neighbours share most candidates, while a batch at the end of the
    benchmark's 20,000 articles reads 4,000 of them (23 MB decoded at once).
    Articles in ``skip`` (the batch's own, placed again) are never candidates.

    Raises what the connection raises (``sqlalchemy.exc.SQLAlchemyError``)."""

    def __init__(self, conn: Connection, lookups: list[Lookup], skip: Iterable[int] = ()
                 ) -> None:
        asking = [lookup for lookup in lookups if lookup.keys]
        index = _index_rows(conn, asking) if asking else {}
        skipped = set(skip)
        self._near = {lookup.article_id: sorted(_near_ids(index, lookup) - skipped)
                      for lookup in asking}
        ordered = sorted(set().union(*self._near.values()))
        self._rows: dict[int, tuple[Any, ...]] = {}
        for at in range(0, len(ordered), _CHUNK):
            self._rows.update((row[0], tuple(row)) for row in conn.execute(
                _DETAILS, {"ids": ordered[at:at + _CHUNK]}).all())
        self._decoded: OrderedDict[int, Candidate] = OrderedDict()

    def of(self, article_id: int) -> list[Candidate]:
        """The article's stored candidates, placed ones only, in id order."""
        return [self._candidate(i) for i in self._near.get(article_id, ()) if i in self._rows]

    def _candidate(self, article_id: int) -> Candidate:
        found = self._decoded.get(article_id)
        if found is not None:
            self._decoded.move_to_end(article_id)
            return found
        _, at, story, data, minhash, shingles, of, day_only = self._rows[article_id]
        found = Candidate(article_id, at, story, Features.from_json(json.loads(data)), minhash,
                          shingles, of, bool(day_only))
        self._decoded[article_id] = found
        if len(self._decoded) > DECODED:
            self._decoded.popitem(last=False)
        return found
