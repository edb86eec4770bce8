"""The story step's reads and writes: articles to place, near-duplicate collisions,
signatures, index rows, story rows (candidates are read by ``candidates``).

Every function takes an open connection and leaves the transaction to its caller. Rows
are found through indexes (LSH bands, story_pairs, story_keys, primary keys), never by
scanning the articles table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import combinations
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Connection,
    Dialect,
    Select,
    Subquery,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.orm import aliased

from pipelines.stated_day import day_end
from pipelines.storage.database import insert_rows
from pipelines.storage.models import (
    Article,
    ArticleBand,
    ArticleParagraph,
    ArticleSignature,
    Company,
    CompanyMention,
    Story,
    StoryKey,
    StoryPair,
)
from pipelines.storage.run_lock import hold_until_commit, placing_key
from pipelines.stories.features import Features

_CLOCK = func.coalesce(Article.published_at, Article.first_seen_at)  # an article's story clock


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
    current: bool = False  # placed, with the text it has now: nothing to do
    day_only: bool = False  # its page (and listing) stated only the day: ``at`` is 00:00



@dataclass(frozen=True, slots=True)
class Collision:
    """A stored article sharing an LSH band with the one being placed."""

    id: int
    minhash: bytes
    near_duplicate_of: int | None
    story_id: int | None
    companies: dict[str, float]
    at: datetime  # its story clock (UTC)
    day_only: bool = False  # its page stated only the day (``ArticleRow.day_only``)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A placed article near the one being placed, with what tells whether one copies
    the other: its MinHash bytes, number of distinct shingles (None: placed before they
    were stored) and the article it copies."""

    id: int
    at: datetime
    story_id: int
    features: Features
    minhash: bytes
    shingles: int | None
    near_duplicate_of: int | None
    day_only: bool = False  # its page stated only the day (``ArticleRow.day_only``)


class Signature(NamedTuple):
    """An article's near-duplicate signature as the batch stores it: MinHash bytes, LSH
    band keys, company bits (:func:`company_bits`), number of distinct shingles and
    paragraph keys (``paragraphs.paragraph_hashes``)."""

    minhash: bytes
    bands: list[int]
    companies: int
    shingles: int
    paragraphs: list[int]


def hold_placing_lock(conn: Connection) -> None:
    """Wait for the placing lock, held until the transaction ends (PostgreSQL advisory
    lock ``run_lock.placing_key``; SQLite has one writer per database already).

    Placing is one writer at a time per database. The processes of a shared run place
    what they stored at the same time, and each would see none of the other's
    uncommitted rows: two copies of one story would open two stories, and an article
    both found pending would be placed twice.
    """
    if conn.dialect.name == "postgresql":
        hold_until_commit(conn, placing_key())


def prefer_index_lookups(conn: Connection) -> None:
    """For the rest of the transaction, no parallel workers on PostgreSQL: placing asks
    thousands of lookups of a few index rows each, and PostgreSQL plans some of them
    with parallel workers, whose start costs ~5 ms, 20 times the work."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def articles(conn: Connection, article_ids: list[int]) -> dict[int, ArticleRow]:
    """The articles ``article_ids`` that still exist, with their company mentions."""
    rows = conn.execute(select(
        Article.id, Article.title, Article.text, Article.fingerprint,
        _CLOCK, Article.story_id,
        ArticleSignature.article_id.is_not(None), ArticleSignature.fingerprint,
        Article.published_precision,
    ).outerjoin(ArticleSignature).where(Article.id.in_(article_ids))).all()
    counts: dict[int, dict[str, int]] = {row[0]: {} for row in rows}
    for article_id, name, mentions in conn.execute(
            select(CompanyMention.article_id, Company.name, CompanyMention.mentions)
            .join(Company, Company.id == CompanyMention.company_id)
            .where(CompanyMention.article_id.in_(article_ids))):
        counts[article_id][name] = mentions
    return {row[0]: ArticleRow(*row[:6], counts[row[0]], bool(row[6]),
                               row[7] == row[3] and row[5] is not None, row[8] == "day")
            for row in rows}


def ids_by_fingerprint(conn: Connection, fingerprints: list[str]) -> dict[str, int]:
    """Fingerprint -> id of the articles with these fingerprints (through their unique index)."""
    query = select(Article.fingerprint, Article.id).where(Article.fingerprint.in_(fingerprints))
    return dict(conn.execute(query).all())


def pending(conn: Connection) -> list[int]:
    """Ids of articles never placed, or edited since they were: oldest first."""
    query = (select(Article.id).outerjoin(ArticleSignature)
             .where(or_(ArticleSignature.article_id.is_(None), Article.story_id.is_(None),
                        ArticleSignature.fingerprint != Article.fingerprint))
             .order_by(_CLOCK, Article.id))
    return list(conn.scalars(query))


MAX_KEYS = 4  # companies an article is looked for under: its most weighty


def key_pairs(company_ids: list[int]) -> list[tuple[int, int]]:
    """The story_pairs rows (smaller id first) of an article's candidate keys
    ``company_ids``: each pair of them, or (id, id) for an article under one company, so
    that an article about two companies finds those under one of them (an early report
    that calls the partner "a tech giant") as they find it."""
    keys = company_ids[:MAX_KEYS]
    if len(keys) == 1:
        return [(keys[0], keys[0])]
    return [(min(a, b), max(a, b)) for a, b in combinations(keys, 2)]


COMPANY_BITS = 63  # bits of article_bands.companies used: a signed BIGINT's, sign bit aside


def company_bits(company_ids: Iterable[int] | None) -> int:
    """An article's companies as stored beside its bands: bit ``id % COMPANY_BITS`` of each
    company id; 0 for none; every bit (-1) when they are not all known (None), so the
    article passes every company filter. Companies whose ids are equal modulo
    COMPANY_BITS share a bit: a test on these bits can let a few more articles through,
    never fewer."""
    if company_ids is None:
        return -1
    bits = 0
    for company_id in company_ids:
        bits |= 1 << (company_id % COMPANY_BITS)
    return bits


@lru_cache(maxsize=64)
def _band_query(count: int, filtered: bool, none: bool) -> Select[Any]:
    # A fixed number of parameters per shape: compiled once, not at every execution.
    colliding = (select(ArticleBand.article_id).distinct()
                 .where(ArticleBand.band.in_([bindparam(f"b{i}") for i in range(count)]),
                        ArticleBand.article_id != bindparam("exclude"),
                        ArticleBand.hour.between(bindparam("start"), bindparam("end"))))
    if filtered:
        zero = literal_column("0")  # a literal, so every parameter is named
        colliding = colliding.where(
            ArticleBand.companies == zero if none
            else ArticleBand.companies.op("&")(bindparam("companies")) != zero)
    return (select(ArticleSignature.article_id, ArticleSignature.minhash)
            .where(ArticleSignature.article_id.in_(colliding)))


@lru_cache(maxsize=128)
def _driver_sql(build: Callable[..., Select[Any]], shape: tuple[Any, ...], dialect: Dialect
                ) -> tuple[str, tuple[str, ...] | None]:
    """``build(*shape)`` as the driver's SQL, with its parameters' order when the driver
    takes them by position (None: by name)."""
    compiled = build(*shape).compile(dialect=dialect)
    return str(compiled), tuple(compiled.positiontup or ()) if compiled.positional else None


def _driver_rows(conn: Connection, build: Callable[..., Select[Any]], shape: tuple[Any, ...],
                 named: dict[str, Any]) -> list[Any]:
    """The rows of ``build(*shape)`` with the parameters ``named``, run on the driver's own
    cursor: for lookups of integers and bytes, which need no conversion, where
    SQLAlchemy's handling of parameters and rows costs more than the query."""
    sql, order = _driver_sql(build, shape, conn.dialect)
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, named if order is None else tuple(named[n] for n in order))
        return cursor.fetchall()
    finally:
        cursor.close()


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def clock_hour(at: datetime) -> int:
    """An aware time as whole hours since 1970 (UTC), floored: ``article_bands.hour``.
    In whole numbers (a float timestamp rounds up the last microseconds of an hour from
    about the year 2514)."""
    return (at - _EPOCH) // timedelta(hours=1)


def colliding(conn: Connection, bands: list[int], exclude: int, window: tuple[datetime, datetime],
              companies: list[int] | None = None) -> list[tuple[int, bytes]]:
    """(id, MinHash bytes) of the stored articles sharing an LSH band with ``bands`` (other
    than ``exclude``) whose story clock is within ``window`` (start, end; aware, both
    included). Only the signatures: on one beat, texts cast in a common mould collide by
    the hundred, and only the few that are close need the rest (:func:`collisions`).
    The window is tested on the band rows, in whole hours (``article_bands.hour``: the
    hours the window touches, so a few articles just outside it may pass), so the
    lookup reads the articles of those days, however long the table.

    ``companies``: ids of the companies the article names. Only articles naming one of
    them are returned (none: only articles naming no company), since a copy is about the
    companies of its original (``assign``) and an article's companies are those of its
    mention rows (``features.features``); None returns every colliding article. The
    test is on the company bits stored beside each band (:func:`company_bits`: a few
    articles about other companies may pass, none about these is kept out), before
    the signatures are read: it drops two thirds of the collisions of a templated site.

    Run on the driver's own cursor: the rows are integers and bytes, which need no
    conversion, and SQLAlchemy's handling of parameters and rows cost more than the
    query itself where hundreds of articles collide (2.0-2.3 against 1.5 ms for 660
    rows on SQLite).
    """
    filtered, none = companies is not None, not companies
    named: dict[str, int] = {f"b{i}": band for i, band in enumerate(bands)}
    named["exclude"] = exclude
    named["start"], named["end"] = map(clock_hour, window)
    if companies:
        named["companies"] = company_bits(companies)
    rows = _driver_rows(conn, _band_query, (len(bands), filtered, none), named)
    return [(i, bytes(data)) for i, data in rows]


_COLLISIONS = (select(Article.id, ArticleSignature.minhash, Article.near_duplicate_of,
                      Article.story_id, ArticleSignature.features, ArticleSignature.published_at,
                      Article.published_precision == "day")
               .join(ArticleSignature, ArticleSignature.article_id == Article.id)
               .where(Article.id.in_(bindparam("ids", expanding=True)))
               .order_by(Article.id))


def collisions(conn: Connection, ids: list[int]) -> list[Collision]:
    """The stored articles ``ids`` as near-duplicate candidates (in id order)."""
    if not ids:
        return []
    rows = conn.execute(_COLLISIONS, {"ids": ids})
    return [Collision(i, data, of, story, features.get("companies", {}), at, bool(day_only))
            for i, data, of, story, features, at, day_only in rows]


def forget(conn: Connection, article_ids: list[int]) -> None:
    """Delete articles' signature and index rows (before placing them again)."""
    if article_ids:
        for table in (ArticleSignature, StoryKey, StoryPair, ArticleBand, ArticleParagraph):
            conn.execute(delete(table).where(table.article_id.in_(article_ids)))


SLOTS = 16  # boilerplate() asks in statements of 16, 32, 48... keys and stories

# Keys per statement of the paragraph lookups: SQLite takes at most 500 SELECTs in a
# UNION, and PostgreSQL plans 256 four times as long as 64.
KEY_CHUNK = 64


def _asked_keys(keys: int) -> Subquery:
    """The paragraph keys asked, parameters ``h0``... ``h{keys-1}``, as a subquery of one
    ``hash`` column. Plain parameters: expanding lists cost more to render than the
    query takes."""
    return union_all(*(select(cast(bindparam(f"h{i}"), BigInteger).label("hash"))
                       for i in range(keys))).subquery()


def _keys_found(conn: Connection, build: Callable[..., Select[Any]], keys: list[int],
                shape: tuple[Any, ...], named: dict[str, int]) -> set[int]:
    """The keys among ``keys`` that ``build(chunk length, *shape)`` returns, asked in
    statements of KEY_CHUNK keys at most, each with the parameters ``named`` too."""
    found: set[int] = set()
    for start in range(0, len(keys), KEY_CHUNK):  # a liveblog has thousands of paragraphs
        chunk = keys[start:start + KEY_CHUNK]
        asked = {f"h{i}": key for i, key in enumerate(chunk)}
        rows = _driver_rows(conn, build, (len(chunk), *shape), {**named, **asked})
        found.update(key for (key,) in rows)
    return found


@lru_cache(maxsize=64)
def _boilerplate_query(keys: int, stories: int) -> Select[Any]:
    # One row per asked key, tested by EXISTS: it stops at the first article of another
    # story, where a boilerplate line can be under thousands of articles.
    asked = _asked_keys(keys)
    elsewhere = (select(ArticleParagraph.article_id)
                 .join(Article, Article.id == ArticleParagraph.article_id)
                 .where(ArticleParagraph.hash == asked.c.hash,
                        Article.story_id.not_in([bindparam(f"s{i}") for i in range(stories)]),
                        ArticleParagraph.article_id != bindparam("a0"),
                        ArticleParagraph.article_id != bindparam("a1")))
    return select(asked.c.hash).where(elsewhere.exists())


def _slotted(values: list[int], slots: int = SLOTS) -> list[int]:
    """``values`` padded with their first to a multiple of ``slots``: few shapes to
    compile."""
    return values + values[:1] * (-len(values) % slots)


def boilerplate(conn: Connection, keys: Iterable[int], stories: Iterable[int],
                pair: tuple[int, int]) -> set[int]:
    """Of the paragraph keys ``keys``, those a stored article has whose story is none of
    ``stories``, the two articles ``pair`` aside (the pair compared: their
    stored rows may be those of an earlier text). Unplaced articles count for no story."""
    # Story ids start at 1: 0 stands for none, so every statement has a story slot.
    asked, known = _slotted(sorted(set(keys))), _slotted(sorted(set(stories)) or [0])
    named = {f"s{i}": story for i, story in enumerate(known)} | {"a0": pair[0], "a1": pair[1]}
    return _keys_found(conn, _boilerplate_query, asked, (len(known),), named)


@lru_cache(maxsize=32)
def _spread_query(keys: int, stories: int) -> Select[Any]:
    # An article with the key in another story than the key's first article's, neither
    # story one of those set aside: read in the key's index order, it stops at the first
    # such article, where a background line is under hundreds of articles. Without the
    # OFFSET, PostgreSQL makes the EXISTS a semi-join and reads the whole paragraph
    # index for a batch's keys.
    asked = _asked_keys(keys)
    aside = [bindparam(f"s{i}") for i in range(stories)]
    first, first_article = aliased(ArticleParagraph), aliased(Article)
    first_story = (select(first_article.story_id)
                   .join(first, first.article_id == first_article.id)
                   .where(first.hash == ArticleParagraph.hash,
                          first_article.story_id.is_not(None),
                          first_article.story_id.not_in(aside))
                   .order_by(first.article_id)
                   .limit(literal_column("1")).offset(literal_column("0"))
                   .scalar_subquery())
    other = (select(ArticleParagraph.article_id)
             .join(Article, Article.id == ArticleParagraph.article_id)
             .where(ArticleParagraph.hash == asked.c.hash, Article.story_id != first_story,
                    Article.story_id.not_in(aside))
             .limit(literal_column("1")).offset(literal_column("0")))
    return select(asked.c.hash).where(other.exists())


def spread(conn: Connection, keys: Iterable[int], aside: Iterable[int] = ()) -> set[int]:
    """Of the paragraph keys ``keys``, those that stored articles of two stories or more
    have, the stories ``aside`` not counted: boilerplate whatever the story (a
    company's "About" section, an outlet's subheading), as the story features see it.
    Unplaced articles count for none."""
    # Full statements of KEY_CHUNK keys: one shape per number of stories set aside.
    asked, known = _slotted(sorted(set(keys)), KEY_CHUNK), _slotted(sorted(set(aside)) or [0])
    named = {f"s{i}": story for i, story in enumerate(known)}
    return _keys_found(conn, _spread_query, asked, (len(known),), named)


@lru_cache(maxsize=16)
def _paragraph_keys_query(count: int) -> Select[Any]:
    return (select(ArticleParagraph.article_id, ArticleParagraph.hash)
            .where(ArticleParagraph.article_id.in_([bindparam(f"a{i}")
                                                     for i in range(count)])))


def paragraph_keys(conn: Connection, article_ids: list[int]) -> dict[int, set[int]]:
    """Id -> the paragraph keys stored for the articles ``article_ids`` that have any."""
    found: dict[int, set[int]] = defaultdict(set)
    if article_ids:
        asked = _slotted(sorted(set(article_ids)))
        named = {f"a{i}": article_id for i, article_id in enumerate(asked)}
        for article_id, key in _driver_rows(conn, _paragraph_keys_query, (len(asked),), named):
            found[article_id].add(key)
    return found


def texts(conn: Connection, article_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Id -> (title, text) of the stored articles ``article_ids``."""
    if not article_ids:
        return {}
    rows = conn.execute(select(Article.id, Article.title, Article.text)
                        .where(Article.id.in_(article_ids)))
    return {i: (title, text) for i, title, text in rows}


_PLACE = (update(Article).where(Article.id == bindparam("b_id"))
          .values(story_id=bindparam("b_story"), near_duplicate_of=bindparam("b_of"),
                  near_duplicate_similarity=bindparam("b_similarity")))


def write(conn: Connection, signatures: list[dict[str, Any]], keys: list[dict[str, Any]],
          bands: list[dict[str, Any]], paragraphs: list[dict[str, Any]],
          placements: list[dict[str, Any]]) -> None:
    """Write a batch: signature rows, story_keys rows (``article_id``, ``company_id``,
    ``published_at``) and the story_pairs rows they make, article_bands rows,
    article_paragraphs rows (``hash``, ``article_id``) and placements (``b_id``,
    ``b_story``, ``b_of``, ``b_similarity``)."""
    if signatures:
        conn.execute(insert(ArticleSignature), signatures)
    insert_rows(conn, StoryKey.__table__, keys)
    insert_rows(conn, StoryPair.__table__, _pair_rows(keys))
    insert_rows(conn, ArticleBand.__table__, bands)
    insert_rows(conn, ArticleParagraph.__table__, paragraphs)
    if placements:
        conn.execute(_PLACE, placements)


_COPIES_OF = (select(Article.id, Article.near_duplicate_of, ArticleSignature.minhash)
              .join(ArticleSignature, ArticleSignature.article_id == Article.id)
              .where(Article.near_duplicate_of.in_(bindparam("ids", expanding=True))))
_MARK = (update(Article).where(Article.id == bindparam("b_id"))
         .values(near_duplicate_of=bindparam("b_of"),
                 near_duplicate_similarity=bindparam("b_similarity")))


def copies_of(conn: Connection, article_ids: list[int]) -> list[tuple[int, int, bytes]]:
    """(id, original id, MinHash bytes) of the placed articles marked as copies of these."""
    if not article_ids:
        return []
    return [(i, of, bytes(data)) for i, of, data in conn.execute(_COPIES_OF, {"ids": article_ids})]


def story_size(conn: Connection, story_id: int, aside: int) -> int:
    """How many articles story ``story_id`` has, article ``aside`` not counted."""
    return conn.scalar(select(func.count()).select_from(Article).where(
        Article.story_id == story_id, Article.id != aside)) or 0


def mark_copies(conn: Connection, marks: list[dict[str, Any]]) -> None:
    """Set articles' near-duplicate marks, their stories unchanged: ``b_id``, ``b_of``
    (the article it copies) and ``b_similarity``."""
    if marks:
        conn.execute(_MARK, marks)


def _pair_rows(keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """story_pairs rows of story_keys rows: each pair of one article's companies."""
    by_article: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for key in keys:
        by_article[key["article_id"]].append(key)
    return [{"article_id": article_id, "company_a": a, "company_b": b,
             "published_at": rows[0]["published_at"]}
            for article_id, rows in by_article.items()
            for a, b in key_pairs([row["company_id"] for row in rows])]


_MERGE = (update(Article).where(Article.story_id == bindparam("b_from"))
          .values(story_id=bindparam("b_into")))


def merge_stories(conn: Connection, moves: dict[int, int]) -> None:
    """Move every article of story ``from`` to story ``into``, for each item of ``moves``
    (the emptied stories are deleted by ``refresh_stories``)."""
    if moves:
        conn.execute(_MERGE, [{"b_from": a, "b_into": b} for a, b in moves.items()])


def clear(conn: Connection) -> None:
    """Forget every story, near-duplicate mark, signature and candidate key."""
    conn.execute(update(Article).values(story_id=None, near_duplicate_of=None,
                                        near_duplicate_similarity=None))
    for table in (StoryKey, StoryPair, ArticleBand, ArticleParagraph, ArticleSignature, Story):
        conn.execute(delete(table))


def open_stories(conn: Connection, stories: list[tuple[str, datetime]], now: datetime
                 ) -> list[int]:
    """New story rows for (headline, time) pairs, figures set by ``refresh_stories``;
    return their ids in the same order."""
    if not stories:
        return []
    rows = [{"headline": title, "first_published_at": at, "last_published_at": at,
             "articles": 0, "sites": 0, "companies": [], "relevant": False,
             "created_at": now, "updated_at": now} for title, at in stories]
    query = insert(Story).returning(Story.id, sort_by_parameter_order=True)
    return list(conn.scalars(query, rows))


_REFRESH = (update(Story).where(Story.id == bindparam("b_id")).values(
    headline=bindparam("b_headline"), first_published_at=bindparam("b_first"),
    last_published_at=bindparam("b_last"), articles=bindparam("b_articles"),
    sites=bindparam("b_sites"), relevant=bindparam("b_relevant"),
    companies=bindparam("b_companies"), updated_at=bindparam("b_now")))


def _companies(conn: Connection, story_ids: list[int]) -> dict[int, list[str]]:
    """Story id -> company names, most mentioned over its articles first."""
    total = func.sum(CompanyMention.mentions)
    query = (select(Article.story_id, Company.name, total)
             .join(CompanyMention, CompanyMention.article_id == Article.id)
             .join(Company, Company.id == CompanyMention.company_id)
             .where(Article.story_id.in_(story_ids)).group_by(Article.story_id, Company.name)
             .order_by(Article.story_id, total.desc(), Company.name))
    names: dict[int, list[str]] = defaultdict(list)
    for story_id, name, _ in conn.execute(query):
        names[story_id].append(name)
    return names


_FIGURES = (select(Article.story_id, func.count(), func.max(_CLOCK),
                   func.count(func.distinct(func.coalesce(Article.site_domain, ""))),
                   func.max(case((Article.relevant, 1), else_=0)))
            .where(Article.story_id.in_(bindparam("ids", expanding=True)))
            .group_by(Article.story_id))
_DAY_ONLY = func.coalesce(Article.published_precision == "day", False)
_FIRST = (select(Article.story_id, _DAY_ONLY.label("day_only"), func.min(_CLOCK).label("first"))
          .where(Article.story_id.in_(bindparam("ids", expanding=True)))
          .group_by(Article.story_id, _DAY_ONLY).subquery())
# The articles at their story's earliest clock, of those dated by a day alone and of the
# others (read from ix_articles_story_figures), then only their titles: ranking every
# article of a story read each article row.
_EARLIEST = (select(Article.story_id, _FIRST.c.day_only, _FIRST.c.first, Article.title)
             .join(_FIRST, and_(Article.story_id == _FIRST.c.story_id,
                                _DAY_ONLY == _FIRST.c.day_only, _CLOCK == _FIRST.c.first))
             .order_by(Article.story_id.desc(), Article.id.desc()))


def _earliest(conn: Connection, story_ids: list[int]) -> dict[int, tuple[datetime, str]]:
    """Story id -> (time, headline) of its first article. A day stated alone, stored as
    00:00 UTC, comes first only when it has ended everywhere before the first time
    stated (``stated_day.day_end``): "November 4" is no earlier than 08:00 UTC that day.
    Of several articles at that time, the first stored."""
    found: dict[int, dict[bool, tuple[datetime, str]]] = defaultdict(dict)
    for story_id, day_only, first, title in conn.execute(_EARLIEST, {"ids": story_ids}):
        found[story_id][bool(day_only)] = (first, title)  # the lowest id comes last
    return {story_id: _first_of(kinds) for story_id, kinds in found.items()}


def _first_of(kinds: dict[bool, tuple[datetime, str]]) -> tuple[datetime, str]:
    """The first of a story's earliest day-only article (key True) and earliest other."""
    timed, day = kinds.get(False), kinds.get(True)
    if day is not None and (timed is None or day_end(day[0]) < timed[0]):
        return day
    assert timed is not None  # a story has one article at least
    return timed


def refresh_stories(conn: Connection, story_ids: set[int], now: datetime) -> None:
    """Recompute these stories' figures from their articles; delete those left empty.

    The figures are aggregated by the database (one row per story): a story of hundreds
    of articles, touched by every batch that adds one, is not read row by row."""
    ids = sorted(story_ids)
    if not ids:
        return
    figures = {row[0]: row[1:] for row in conn.execute(_FIGURES, {"ids": ids}).all()}
    if empty := [story_id for story_id in ids if story_id not in figures]:
        conn.execute(delete(Story).where(Story.id.in_(empty)))
    if not figures:
        return
    earliest = _earliest(conn, list(figures))
    names = _companies(conn, list(figures))
    conn.execute(_REFRESH, [
        {"b_id": story_id, "b_headline": earliest[story_id][1], "b_first": earliest[story_id][0],
         "b_last": last, "b_articles": count, "b_sites": sites, "b_relevant": bool(relevant),
         "b_companies": names.get(story_id, []), "b_now": now}
        for story_id, (count, last, sites, relevant) in figures.items()])
