"""Placing articles in stories, incrementally: batches of articles, oldest first, each
batch in one transaction.

An article is placed by, in order:

1. its near-duplicates (``near_duplicates``): a lightly edited copy about the same
   companies, published within days of its original (proposed through the LSH bands
   by Jaccard similarity, or among its candidates by containment, both estimated from
   MinHashes, then read exactly on the two articles' own text, boilerplate paragraphs
   aside: ``paragraphs``), joins the story of the article it copies, and records which
   one and how similar;
2. its candidates (``candidates.StoredCandidates``, read for the whole batch at once):
   placed articles sharing its companies within the time window; it joins the story
   of the best-scoring one (``similarity.pair_score``) when the score reaches the
   threshold, and merges the other stories it scores ``merge_threshold`` with into
   the oldest;
3. otherwise it opens a new story.

A story keeps its id as it grows (one merged into an older one is deleted). An article
placed again (its text was edited) leaves its story first and may join another; a
story left empty is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import Connection, Engine

from pipelines.stated_day import day_end
from pipelines.stories import records
from pipelines.stories.batch import Batch
from pipelines.stories.candidates import Lookup, StoredCandidates
from pipelines.stories.features import (
    Features,
    opening_keys,
    signals,
    term_giving,
    without_boilerplate,
)
from pipelines.stories.near_duplicates import (
    Shingled,
    band_keys,
    band_ranges,
    close_signatures,
    containment,
    from_bytes,
    jaccard,
    kept_in_order,
    minhash_of,
    own_containment,
    own_jaccard,
    own_sequence,
    paragraph_shingles,
    to_bytes,
)
from pipelines.stories.paragraphs import keyed
from pipelines.stories.partners import partners_differ
from pipelines.stories.similarity import StorySettings, company_similarity, pair_score
from pipelines.topics.catalog import Catalog

BATCH = 200  # articles per transaction when placing many
COPY_LENGTH_RATIO = 2.5  # a copy's own text is rarely 2.5 times its original's
# An edited copy of a short report (a new intro and outro, a sentence reworded, a
# paragraph cut) keeps at least half of the shorter own text's paragraphs word for word
# and in their order, and about three quarters of its shingles in order: under
# near_duplicate_containment, but read with its Jaccard similarity.
KEPT_SHARE = 0.5
EDITED_SHARE = 0.7
PROPOSAL_SHARE = 0.5  # of near_duplicate_containment: estimated, a candidate copy is read


class Prepared(NamedTuple):
    """An article's signals as placing uses them: its MinHash values (``num_perm``
    unsigned 32-bit integers), number of distinct shingles, LSH band keys, features,
    candidate keys (company ids, most weighty first) and paragraph keys."""

    minhash: np.ndarray
    shingles: int
    bands: list[int]
    features: Features
    keys: list[int]
    paragraphs: list[int]  # keys of its paragraphs: ``paragraphs.paragraph_hashes``


_EARLIEST, _LATEST = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)


def around(at: datetime, span: timedelta) -> tuple[datetime, datetime]:
    """(at - span, at + span), cut to the range of datetimes: an article dated in the
    year 1 or 9999 (a page's bad date) is placed like any other."""
    try:
        start = at - span
    except OverflowError:
        start = _EARLIEST
    try:
        end = at + span
    except OverflowError:
        end = _LATEST
    return start, end


Proposal = tuple[float, "records.Collision | records.Candidate"]  # (similarity, article)


def _published(article: records.ArticleRow | records.Collision | records.Candidate
               ) -> datetime:
    """When an article counts as published when copies are told from originals: its
    story clock, or for an article dated only by its day, the end of that day in the
    last zone to end it (``stated_day.day_end``), after every time that can fall on it. A
    syndicator that shows only its local date would otherwise come first, and the
    original would be marked as the copy of its copy."""
    return day_end(article.at) if article.day_only else article.at


def _batch_original(article_id: int, values: np.ndarray, batch: Batch
                    ) -> tuple[int, float] | None:
    """(original id, similarity to ``values``) when ``article_id``, stored, was found in
    this batch to copy one of its articles (``Batch.original_of``), else None."""
    original = batch.original_of(article_id)
    if original is None:
        return None
    return original, jaccard(values, from_bytes(batch.minhashes[original]))


def _met_before_its_original(other: records.Collision | records.Candidate,
                             row: records.ArticleRow) -> bool:
    """Whether ``other``, placed as an original, was published after ``row``, whose text
    it shares: a copy the crawl met first."""
    return other.near_duplicate_of is None and _published(other) > _published(row)


def _placing_order(row: records.ArticleRow) -> tuple[datetime, int]:
    """An article's place in its batch: as the events unfolded (``_published``)."""
    return _published(row), row.id


def _by_preference(found: list[Proposal]) -> list[Proposal]:
    """(similarity, article) pairs in the order a copy's original is chosen among them:
    an original (one that copies none) before a copy, then the most similar, then the
    oldest id."""
    return sorted(found, key=lambda pair: (pair[1].near_duplicate_of is not None, -pair[0],
                                           pair[1].id))


class StoryAssigner:
    """Places stored articles in stories (all its state is in the database)."""

    def __init__(self, catalog: Catalog, company_ids: dict[str, int],
                 settings: StorySettings) -> None:
        self.catalog = catalog
        self.company_ids = company_ids  # company name -> companies.id
        self.settings = settings
        self.bands = band_ranges(settings.near_duplicate_threshold, settings.num_perm)

    def place_all(self, engine: Engine, article_ids: Iterable[int],
                  computed: dict[int, dict[str, Any]] | None = None) -> int:
        """Place these articles in order, one transaction per BATCH; return how many it placed.
        Articles already placed with their current text are left as they are. One process
        places at a time (``records.hold_placing_lock``).

        ``computed``: article id -> its ``features.signals`` as the extraction worker made
        them; signals of other articles (or of another shingle size) are computed here.
        """
        ids, placed = list(article_ids), 0
        for start in range(0, len(ids), BATCH):
            with engine.begin() as conn:
                records.hold_placing_lock(conn)
                records.prefer_index_lookups(conn)
                placed += self._place_batch(conn, ids[start:start + BATCH], computed or {})
        return placed

    def _place_batch(self, conn: Connection, ids: list[int],
                     computed: dict[int, dict[str, Any]]) -> int:
        # Another process of a shared run may have placed some since they were queued.
        rows = {i: row for i, row in records.articles(conn, ids).items() if not row.current}
        batch = Batch(frozenset(rows))
        # Oldest first, as the events unfolded: a crawl stores them in no particular order.
        ordered = sorted(rows.values(), key=_placing_order)
        prepared = [self._prepare(row, computed.get(row.id)) for row in ordered]
        batch.suspects = self._suspects(conn, ordered, prepared)
        stored = StoredCandidates(
            conn, [Lookup(row.id, article.keys, *self._window(row))
                   for row, article in zip(ordered, prepared, strict=True)], skip=batch.ids)
        for row, article in zip(ordered, prepared, strict=True):
            self.place(conn, row, article, stored.of(row.id), batch)
        batch.write(conn)
        return len(rows)

    def _prepare(self, row: records.ArticleRow, known: dict[str, Any] | None) -> Prepared:
        """The article's signature, features and keys, from the signals its extraction
        worker computed (those of another shingle size are computed again here)."""
        if (not known or known.get("shingle_size") != self.settings.shingle_size
                or "paragraphs" not in known):  # queued by a worker of an older release
            known = signals(row.title, row.text, row.companies, self.catalog,
                            self.settings.shingle_size)
        values = minhash_of(known["shingles"], self.settings.num_perm)
        found = Features.from_json(known["features"])
        return Prepared(values, len(known["shingles"]), band_keys(values, self.bands), found,
                        self._keys(found), list(known["paragraphs"]))

    def _suspects(self, conn: Connection, rows: list[records.ArticleRow],
                  prepared: list[Prepared]) -> dict[int, set[int]]:
        """Article id -> the keys of its opening paragraphs that stored articles of two
        stories or more have (``records.spread``: one lookup for the batch), for the
        articles where one of them gave the features a term (``features.term_giving``).
        Articles of this batch are not counted: their stories are not settled."""
        opening = [opening_keys(row.text) for row in rows]
        common = records.spread(conn, set().union(*opening))
        return {row.id: mine for row, article, keys in zip(rows, prepared, opening, strict=True)
                if (mine := common & keys)
                and term_giving(article.features, row.text, mine, self.catalog)}

    def _own_features(self, conn: Connection, row: records.ArticleRow, found: Features,
                      stories: set[int], batch: Batch) -> Features:
        """The article's features without the terms only its boilerplate gave them:
        paragraphs that articles of two stories or more have, besides its candidates'
        stories (``records.spread``; ``features.without_boilerplate``). A report of the
        same event, or a digest that quotes the event's lead, is no evidence that the
        lead is boilerplate: once an event is split, its reports would otherwise lose
        what could bring them together. ``stories``: those of its candidates
        (``Batch.stories_of``)."""
        suspects = batch.suspects.get(row.id)
        if not suspects:
            return found
        stored = {s for s in stories if s > 0}  # stories this batch opened have no rows yet
        common = records.spread(conn, suspects, stored) if stored else suspects
        if not common:
            return found
        return without_boilerplate(found, row.title, row.text, common, self.catalog)

    def _window(self, row: records.ArticleRow) -> tuple[datetime, datetime]:
        """The article's candidate window: ``window_hours`` either side of its clock."""
        return around(row.at, timedelta(hours=self.settings.window_hours))

    def place_pending(self, engine: Engine) -> int:
        """Place every article never placed or edited since: the catch-up after a run."""
        with engine.connect() as conn:
            ids = records.pending(conn)
        return self.place_all(engine, ids)

    def rebuild(self, engine: Engine) -> int:
        """Forget every story and near-duplicate, then place the whole table again."""
        with engine.begin() as conn:
            records.clear(conn)
        return self.place_pending(engine)

    def place(self, conn: Connection, row: records.ArticleRow, article: Prepared,
              stored: list[records.Candidate], batch: Batch) -> None:
        """Place one article, given its prepared signals and its stored candidates
        (``candidates.StoredCandidates``): as a copy, in a candidate's story, or in a new
        story."""
        values, size, bands, found, keys, paragraphs = article
        near_by = [*stored, *batch.candidates(keys, *self._window(row))]
        stories = batch.stories_of(near_by)
        found = self._own_features(conn, row, found, stories, batch)
        same_texts = self._same_texts(conn, row, article, near_by, stories, batch)
        copied = next(same_texts, None)
        near = self._copy_mark(conn, row, values, copied, batch) if copied else None
        if copied and near is None:
            self._recopy_later(row, copied, same_texts, batch)
        story_id = None
        if copied and copied[1].story_id is not None:
            story_id = batch.story_of(copied[1].story_id)
        if story_id is None:
            story_id = self._best_story(row, found, near_by, batch)
        if story_id is None:
            story_id = self._story_alone_in(conn, row, batch) or batch.open_story(row.title,
                                                                                  row.at)
        bits = records.company_bits(self._company_ids(row.companies))
        batch.add(row, records.Signature(to_bytes(values), bands, bits, size, paragraphs),
                  found, keys, story_id, near)

    def _story_alone_in(self, conn: Connection, row: records.ArticleRow, batch: Batch
                        ) -> int | None:
        """The story of an article placed again (after an edit) that joins no other, when
        it was that story's only article: it keeps the story and its id, so a consumer
        sees the story change, not go and a new one come."""
        old = row.story_id
        if (old is None or batch.story_of(old) != old
                or any(placed["b_story"] == old for placed in batch.placed.values())):
            return None
        return old if records.story_size(conn, old, aside=row.id) == 0 else None

    def _keys(self, found: Features) -> list[int]:
        """Ids of the companies the article is found under: weighty enough, top MAX_KEYS."""
        weighty = sorted(((-weight, name) for name, weight in found.companies.items()
                          if weight >= self.settings.min_key_weight and name in self.company_ids))
        return [self.company_ids[name] for _, name in weighty[:records.MAX_KEYS]]

    def _same_texts(self, conn: Connection, row: records.ArticleRow, article: Prepared,
                    candidates: list[records.Candidate], stories: set[int], batch: Batch
                    ) -> Iterator[Proposal]:
        """(similarity, article) of the articles whose text is one with this one's (it
        copies them, or they copy it: ``_copy_mark`` tells), lazily, in order of
        preference; ``stories``: those of its candidates (``Batch.stories_of``).

        The proposals are the colliding articles from the Jaccard threshold
        (:meth:`_colliding`), then the candidates that may contain it or be contained
        (:meth:`_containing`), each in order of preference (``_by_preference``); those
        whose own text agrees (:meth:`_copies`) are given, the first being the original
        of a copy. The similarity is the estimated Jaccard.
        """
        proposals = [*((pair, True) for pair in _by_preference(
                         self._colliding(conn, row, article, batch))),
                     *((pair, False) for pair in _by_preference(
                         self._containing(row, article, candidates)))]
        stored = records.paragraph_keys(conn, sorted({other.id for (_, other), _ in proposals
                                                      if other.id not in batch.ids}))
        keys, given = set(article.paragraphs), set()
        for (similarity, other), by_jaccard in proposals:
            theirs = batch.paragraph_keys.get(other.id) or stored.get(other.id)
            if other.id not in given and self._copies(conn, (row, keys), (other, theirs),
                                                      stories, batch, by_jaccard):
                given.add(other.id)
                yield similarity, other

    def _copy_mark(self, conn: Connection, row: records.ArticleRow, values: np.ndarray,
                   copied: Proposal, batch: Batch) -> tuple[int, float] | None:
        """The near-duplicate mark (original id, similarity) of an article whose text is
        one with ``copied`` (similarity, article), or None when it is the original;
        ``values``: its MinHash.

        A crawl stores its sites' pages in no particular order, so the other may be a
        copy placed first, published after this article (``_published``): it is then
        marked as this article's copy (``Batch.recopy``), and so is the original it was
        taken for a copy of, when that too was published after this one. The other may
        also be its copy already (the article is placed again after an edit), or have
        been found to copy an article of this batch, whose copy this one is then too.
        """
        similarity, other = copied
        if (found := _batch_original(other.id, values, batch)) is not None:
            return found
        if other.near_duplicate_of == row.id:
            return None
        if other.near_duplicate_of is not None:
            return self._copy_of_copy_mark(conn, row, values, copied, other.near_duplicate_of,
                                           batch)
        if _met_before_its_original(other, row):
            batch.recopy(other.id, row.id, similarity)
            return None
        return other.id, similarity

    def _copy_of_copy_mark(self, conn: Connection, row: records.ArticleRow,
                           values: np.ndarray, copied: Proposal, root: int, batch: Batch
                           ) -> tuple[int, float] | None:
        """The mark of an article whose text is one with a copy (``copied``) of ``root``:
        the copy, unless ``root`` was published after this article, which is then the
        original of both (met last, as a crawl may meet them)."""
        similarity, other = copied
        if (found := _batch_original(root, values, batch)) is not None:
            return found
        if root not in batch.ids:
            for stored in records.collisions(conn, [root]):
                if _met_before_its_original(stored, row):
                    batch.recopy(root, row.id, jaccard(values, from_bytes(stored.minhash)))
                    return None
        return other.id, similarity

    def _recopy_later(self, row: records.ArticleRow, copied: Proposal,
                      same_texts: Iterator[Proposal], batch: Batch) -> None:
        """This article being the original of ``copied`` (its first same text), mark as
        its copies the other stored articles of that story whose text is one with it and
        which were taken for originals though published after it: several syndicators'
        copies met before the original they were all made from."""
        story = copied[1].story_id
        for similarity, other in same_texts:
            if (other.id not in batch.ids and other.id not in batch.recopied
                    and other.story_id == story and _met_before_its_original(other, row)):
                batch.recopy(other.id, row.id, similarity)

    def _shingled(self, conn: Connection, article_id: int, batch: Batch,
                  text: tuple[str, str] | None = None) -> Shingled:
        """An article's paragraphs' keys and shingles, kept for the batch (an original
        is compared with each of its copies); ``text``: its (title, text) when at hand."""
        if article_id not in batch.shingled:
            title, body = (text or batch.texts.get(article_id)
                           or records.texts(conn, [article_id])[article_id])
            batch.shingled[article_id] = paragraph_shingles(keyed(title, body),
                                                            self.settings.shingle_size)
        return batch.shingled[article_id]

    def _colliding(self, conn: Connection, row: records.ArticleRow, article: Prepared,
                   batch: Batch) -> list[Proposal]:
        """(similarity, article) of the articles sharing an LSH band with this one whose
        estimated Jaccard similarity reaches ``near_duplicate_threshold``.

        A copy is about the companies its original is about, and published within
        ``near_duplicate_days`` of it: texts cast in one mould (press releases of one
        template, whose boilerplate can be half their words) are no copies when they
        are about other companies or another month.
        """
        values, bands, companies = article.minhash, article.bands, article.features.companies
        article_id, window = row.id, timedelta(days=self.settings.near_duplicate_days)
        named = records.colliding(conn, bands, article_id, around(row.at, window),
                                  self._company_ids(companies))
        stored = records.collisions(conn, close_signatures(
            values, [(i, data) for i, data in named if i not in batch.ids],
            self.settings.near_duplicate_threshold))
        found = []
        for other in [*stored, *batch.collisions(bands)]:
            similarity = jaccard(values, from_bytes(other.minhash))
            if (other.id != article_id and similarity >= self.settings.near_duplicate_threshold
                    and abs(other.at - row.at) <= window
                    and self._same_companies(companies, other.companies)):
                found.append((similarity, other))
        return found

    def _company_ids(self, companies: Mapping[str, float]) -> list[int] | None:
        """Ids of the companies an article names, or None when one has no id (the
        catalog changed): only then are copies looked for among all collisions."""
        if any(name not in self.company_ids for name in companies):
            return None
        return sorted(self.company_ids[name] for name in companies)

    def _same_companies(self, a: dict[str, float], b: dict[str, float]) -> bool:
        """Whether a copy and its original may be about these companies: none, or the
        same ones (``similarity.company_similarity``) led by the same partners
        (``partners.partners_differ``)."""
        return (not a and not b) or (
            company_similarity(a, b) >= self.settings.min_company_similarity
            and not partners_differ(a, b, self.catalog.roles))

    def _containing(self, row: records.ArticleRow, article: Prepared,
                    candidates: list[records.Candidate]) -> list[Proposal]:
        """(similarity, candidate) of the candidates this article may copy with text added
        or cut (a new intro or outro, a paragraph dropped or replaced), whose Jaccard
        similarity can fall under the threshold though one contains most of the other.

        Candidates about the same companies, published within ``near_duplicate_days``,
        whose containment estimated from the MinHashes (``near_duplicates.containment``)
        reaches PROPOSAL_SHARE of ``near_duplicate_containment``. Articles placed before
        shingle counts were stored are left out.
        """
        values, size = article.minhash, article.shingles
        window = timedelta(days=self.settings.near_duplicate_days)
        bar = PROPOSAL_SHARE * self.settings.near_duplicate_containment
        found = []
        for other in candidates:
            if (not other.shingles or len(other.minhash) != 4 * len(values)
                    or abs(other.at - row.at) > window):
                continue
            similarity = jaccard(values, from_bytes(other.minhash))
            if (containment(similarity, size, other.shingles) >= bar
                    and self._same_companies(article.features.companies,
                                             other.features.companies)):
                found.append((similarity, other))
        return found

    def _copies(self, conn: Connection, article: tuple[records.ArticleRow, set[int]],
                proposed: tuple[records.Collision | records.Candidate, set[int] | None],
                stories: set[int], batch: Batch, by_jaccard: bool) -> bool:
        """Whether the two articles' own texts are near-duplicates: their Jaccard
        similarity reaches ``near_duplicate_threshold`` and, for a pair proposed by
        containment (not ``by_jaccard``), they read as an edited copy
        (:meth:`_edited_copy`); or one contains the other's in its order.

        ``article`` and ``proposed``: each article with its paragraph keys (None for an
        article placed before they were stored: read from its text). Own text: the
        paragraphs that no article outside ``stories`` (those of this article's
        candidates) and the other's story has; those are boilerplate
        (``records.boilerplate``, and ``Batch.boilerplate`` for the articles of this
        batch). A report of the same event placed in a story of its own is a candidate,
        so its paragraphs are no boilerplate. A copy with text added or cut keeps some
        of its original's own paragraphs word for word: without one, a pair proposed by
        containment is not read (on a templated site most are proposed by the template's
        words; one proposed by Jaccard similarity may have every paragraph edited). Read
        exactly, on the shingles; the MinHash estimates only proposed the pair: the
        MinHash of a short copy's whole text, its new intro and outro included, can miss
        the threshold its own text reaches."""
        (row, mine), (other, theirs) = article, proposed
        if not theirs:
            theirs = {key for key, _ in self._shingled(conn, other.id, batch) if key is not None}
        near = stories | ({other.story_id, batch.story_of(other.story_id)}
                          if other.story_id is not None else set())
        shared = mine & theirs  # asked first: most pairs proposed by containment end here
        common = self._boilerplate(conn, shared, near, (row.id, other.id), batch)
        if not by_jaccard and not shared - common:
            return False
        common |= self._boilerplate(conn, (mine | theirs) - shared, near, (row.id, other.id),
                                    batch)
        texts = (self._shingled(conn, row.id, batch, (row.title, row.text)),
                 self._shingled(conn, other.id, batch))
        ours, its = (own_sequence(text, common) for text in texts)
        similar = own_jaccard(ours, its) >= self.settings.near_duplicate_threshold
        if by_jaccard or similar and self._edited_copy(texts, (ours, its), common):
            return similar
        return self._contains(ours, its)

    @staticmethod
    def _edited_copy(texts: tuple[Shingled, Shingled], own: tuple[list[int], list[int]],
                     boilerplate: set[int]) -> bool:
        """Whether two similar own texts read as an edited copy, not as reports written
        from the same sentences: KEPT_SHARE of the shorter's own paragraphs are the
        other's word for word, in the same order (``near_duplicates.kept_in_order``), and
        EDITED_SHARE of its shingles are the other's in order. ``texts``: the two
        articles' paragraphs (``near_duplicates.paragraph_shingles``); ``own``: their own
        shingle sequences (``near_duplicates.own_sequence``)."""
        return (kept_in_order(*texts, boilerplate) >= KEPT_SHARE
                and own_containment(*own, EDITED_SHARE) >= EDITED_SHARE)

    def _contains(self, ours: list[int], its: list[int]) -> bool:
        """Whether one own text holds ``near_duplicate_containment`` of the shorter in its
        order (``near_duplicates.own_containment``), neither being more than
        COPY_LENGTH_RATIO times the other (a brief quoted whole in a long analysis is no
        copy)."""
        if max(len(ours), len(its)) > COPY_LENGTH_RATIO * min(len(ours), len(its)):
            return False
        threshold = self.settings.near_duplicate_containment
        return own_containment(ours, its, threshold) >= threshold

    @staticmethod
    def _boilerplate(conn: Connection, keys: set[int], near: set[int], pair: tuple[int, int],
                     batch: Batch) -> set[int]:
        """``records.boilerplate`` and ``Batch.boilerplate`` of ``keys``."""
        if not keys:
            return set()
        return (records.boilerplate(conn, keys, near, pair)
                | batch.boilerplate(keys, near, set(pair)))

    def _best_story(self, row: records.ArticleRow, found: Features,
                    candidates: list[records.Candidate], batch: Batch) -> int | None:
        """The story of the candidates from the threshold, if any. When they are in
        several stories, the article links them (single link): they are merged into the
        oldest, which keeps its id (``Batch.merge``), so reports of one event end in one
        story whatever order they were placed in. Only stories whose best candidates are
        about the partnership of the joined story's (``_one_partnership``) are merged: a
        briefing that reports two deals of the day scores with both, and would otherwise
        chain them into one."""
        best: dict[int, tuple[float, records.Candidate]] = {}  # story -> best from threshold
        for candidate in candidates:
            score = pair_score(found, row.at, candidate.features, candidate.at, self.settings,
                               self.catalog.roles)
            story = batch.story_of(candidate.story_id)
            if score >= max(self.settings.threshold, best.get(story, (0.0,))[0]):
                best[story] = score, candidate
        if not best:
            return None
        joined = max(best, key=lambda story: best[story][0])
        companies = best[joined][1].features.companies
        merged = {story for story, (score, candidate) in best.items()
                  if score >= self.settings.merge_threshold
                  and self._one_partnership(candidate.features.companies, companies)}
        return batch.merge(merged | {joined})

    def _one_partnership(self, a: dict[str, float], b: dict[str, float]) -> bool:
        """Whether two articles may be about one partnership: they share a company (or
        name none) and are not led by other partners (``partners.partners_differ``).
        Their weights may differ more than ``_same_companies`` allows: each agreed with
        the article that links them, and one report may dwell on either partner."""
        return bool(a.keys() & b.keys() or not a and not b) and not partners_differ(
            a, b, self.catalog.roles)
