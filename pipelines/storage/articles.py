"""Writing articles: idempotent inserts that let the database's unique constraints decide.

These functions run in a worker thread, one transaction per batch. An item whose URL
or any alias is known, or whose fingerprint is known, is merged into the existing
article (its new URLs become aliases); otherwise it is inserted. Two processes racing
to insert the same article both end up with one row, because the insert ignores
conflicts and the loser re-reads the winner's row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from itertools import groupby
from typing import cast

from sqlalchemy import Connection, Engine, Table, bindparam, delete, insert, select, update
from sqlalchemy.sql.dml import Insert

from pipelines.dedupe.urls import site_of
from pipelines.items import ArticleItem
from pipelines.stated_day import day_end, on_day
from pipelines.storage.database import insert_ignoring_conflicts, upsert
from pipelines.storage.models import (
    Article,
    ArticleSignature,
    ArticleUrl,
    ArticleVersion,
    Company,
    CompanyMention,
    UrlState,
)
from pipelines.storage.revisit import Schedule
from pipelines.storage.url_state import StoredPage, Validators, mark_all_stored
from pipelines.topics.catalog import Catalog

DEFAULT_SCHEDULE = Schedule()
# Built once and executed with parameters: building a statement per article costs more CPU
# than running it, and that CPU is taken from the reactor's process.
_ALIASES_OF = select(ArticleUrl.article_id, ArticleUrl.url).where(
    ArticleUrl.url.in_(bindparam("urls", expanding=True)))
_BY_FINGERPRINT = select(Article.id).where(Article.fingerprint == bindparam("print"))
_KNOWN_PRINTS = select(Article.fingerprint).where(
    Article.fingerprint.in_(bindparam("prints", expanding=True)))


class Outcome(str, Enum):
    NEW = "new"  # a new article row
    UPDATED = "updated"  # the article's own page now has other text: row updated, old kept
    KNOWN = "known"  # already stored under all of these URLs: nothing new
    DUPLICATE = "duplicate"  # an article already stored, reached under a new URL: a new alias


@dataclass(frozen=True, slots=True)
class Inserts:
    """Conflict-ignoring INSERT statements for one engine's dialect."""

    article: Insert  # returns the new row's id
    alias: Insert
    mention: Insert
    articles: Insert  # many rows: returns (fingerprint, id) of each row inserted

    @classmethod
    def for_engine(cls, engine: Engine) -> Inserts:
        tables = (Article, ArticleUrl, CompanyMention)
        article, *others = (insert_ignoring_conflicts(engine, cast(Table, t.__table__))
                            for t in tables)
        columns = Article.__table__.c
        return cls(article.returning(columns.id), *others,
                   article.returning(columns.fingerprint, columns.id))


def sync_companies(engine: Engine, catalog: Catalog) -> dict[str, int]:
    """Mirror the catalog's companies into ``companies`` (a new row, or the kinds of a known
    one brought up to date); return name -> id."""
    rows = [{"name": name, "kind": kind,
             "also_kind": next(iter(sorted(catalog.roles[name] - {kind})), None)}
            for name, kind in sorted(catalog.kinds.items())]
    with engine.begin() as conn:
        conn.execute(upsert(engine, cast(Table, Company.__table__), ("name",)), rows)
        result = conn.execute(select(Company.name, Company.id))
        return {name: company_id for name, company_id in result}


def _find(conn: Connection, item: ArticleItem) -> tuple[int | None, Outcome]:
    known = conn.execute(_ALIASES_OF, {"urls": item.aliases}).all()
    if known:
        # Nothing new when every URL of the item is already an alias; else new aliases to add.
        complete = {url for _, url in known} >= set(item.aliases)
        return known[0].article_id, Outcome.KNOWN if complete else Outcome.DUPLICATE
    return conn.scalar(_BY_FINGERPRINT, {"print": item.fingerprint}), Outcome.DUPLICATE


def _article_row(item: ArticleItem, now: datetime) -> dict[str, object]:
    return {
        "url": item.url, "fingerprint": item.fingerprint, "title": item.title,
        "text": item.text, "authors": item.authors, "published_at": item.published_at,
        "published_precision": item.published_precision,
        "modified_at": item.modified_at, "language": item.language, "site": item.site,
        "site_domain": site_of(item.url),
        "description": item.description, "seed": item.seed, "relevant": item.relevant,
        "relevance": item.relevance, "first_seen_at": now, "last_seen_at": now,
    }


def _insert_article(conn: Connection, inserts: Inserts, item: ArticleItem, now: datetime,
                    company_ids: dict[str, int]) -> int | None:
    article_id = conn.scalar(inserts.article, _article_row(item, now))
    if article_id is not None and item.companies:
        conn.execute(*_mentions(inserts, item, article_id, company_ids))
    return article_id


def _mentions(inserts: Inserts, item: ArticleItem, article_id: int,
              company_ids: dict[str, int]) -> tuple[Insert, list[dict[str, int]]]:
    return inserts.mention, _mention_rows(item, article_id, company_ids)


def _mention_rows(item: ArticleItem, article_id: int,
                  company_ids: dict[str, int]) -> list[dict[str, int]]:
    return [{"article_id": article_id, "company_id": company_ids[name], "mentions": count}
            for name, count in item.companies.items() if name in company_ids]


def _alias_rows(item: ArticleItem, article_id: int, now: datetime) -> list[dict[str, object]]:
    return [{"article_id": article_id, "url": url, "first_seen_at": now} for url in item.aliases]


def store_item(conn: Connection, inserts: Inserts, item: ArticleItem, now: datetime,
               company_ids: dict[str, int]) -> Outcome:
    """Store one item in the open transaction ``conn``; say what became of it."""
    article_id, outcome = _find(conn, item)
    if article_id is None:
        article_id = _insert_article(conn, inserts, item, now, company_ids)
        outcome = Outcome.NEW
        if article_id is None:  # another process inserted it first
            article_id, outcome = _find(conn, item)
    if article_id is None:
        raise RuntimeError(f"article {item.url} neither inserted nor found")
    conn.execute(inserts.alias, _alias_rows(item, article_id, now))
    if outcome is not Outcome.NEW:
        if revise(conn, inserts, item, article_id, now, company_ids):
            outcome = Outcome.UPDATED
        elif outcome is Outcome.DUPLICATE:
            adopt_earlier(conn, inserts, item, article_id, company_ids)
        conn.execute(update(Article).where(Article.id == article_id).values(last_seen_at=now))
    return outcome


def store_batch(engine: Engine, inserts: Inserts, items: Iterable[ArticleItem], now: datetime,
                company_ids: dict[str, int], schedule: Schedule = DEFAULT_SCHEDULE
                ) -> list[Outcome]:
    """Store ``items`` in one transaction, with their URLs' state; all of them or none.

    Return each item's outcome, in order. Runs of items that are new to the database
    and to the rest of the batch are written a few statements for all of them, with
    what storing them one by one would write (ids in the same order); the others are
    stored one by one, in order.
    """
    items = list(items)
    outcomes: list[Outcome] = []
    with engine.begin() as conn:
        state_urls = [item.state_url for item in items if item.state_url]
        if len(set(state_urls)) < len(state_urls):  # one page twice: strictly in turn
            return _store_in_turn(conn, inserts, items, now, company_ids, schedule)
        fresh = _fresh(conn, items)
        for is_fresh, run in groupby(range(len(items)), key=fresh.__contains__):
            chunk = [items[index] for index in run]
            if is_fresh:
                outcomes += _insert_fresh(conn, inserts, chunk, now, company_ids)
            else:
                outcomes += [store_item(conn, inserts, item, now, company_ids) for item in chunk]
        mark_all_stored(conn, [_page(item) for item in items if item.state_url], schedule, now)
    return outcomes


def _store_in_turn(conn: Connection, inserts: Inserts, items: list[ArticleItem], now: datetime,
                   company_ids: dict[str, int], schedule: Schedule) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for item in items:
        outcomes.append(store_item(conn, inserts, item, now, company_ids))
        if item.state_url:
            mark_all_stored(conn, [_page(item)], schedule, now)
    return outcomes


def _page(item: ArticleItem) -> StoredPage:
    return StoredPage(item.state_url, item.seed, item.published_at,
                      Validators(item.etag, item.last_modified, item.fingerprint))


def _urls(item: ArticleItem) -> set[str]:
    return {item.url, *item.aliases}


def _fresh(conn: Connection, items: list[ArticleItem]) -> set[int]:
    """Indices of the items whose URLs and fingerprint are in neither the database nor
    another item of the batch: storing them depends on nothing else."""
    prints = Counter(item.fingerprint for item in items)
    urls = Counter(url for item in items for url in _urls(item))
    alone = [index for index, item in enumerate(items) if prints[item.fingerprint] == 1
             and all(urls[url] == 1 for url in _urls(item))]
    if not alone:
        return set()
    known_urls = {url for _, url in conn.execute(_ALIASES_OF, {
        "urls": sorted({url for index in alone for url in _urls(items[index])})})}
    known_prints = set(conn.scalars(_KNOWN_PRINTS, {
        "prints": sorted({items[index].fingerprint for index in alone})}))
    return {index for index in alone if items[index].fingerprint not in known_prints
            and not _urls(items[index]) & known_urls}


def _insert_fresh(conn: Connection, inserts: Inserts, items: list[ArticleItem], now: datetime,
                  company_ids: dict[str, int]) -> list[Outcome]:
    """Insert items ``_fresh`` found new, with their company mentions and aliases; an item
    another process stored meanwhile is stored like any other."""
    inserted = dict(conn.execute(inserts.articles, [_article_row(i, now) for i in items]).all())
    outcomes, mentions, aliases = [], [], []
    for item in items:
        article_id = inserted.get(item.fingerprint)
        if article_id is None:
            outcomes.append(store_item(conn, inserts, item, now, company_ids))
            continue
        outcomes.append(Outcome.NEW)
        mentions += _mention_rows(item, article_id, company_ids)
        aliases += _alias_rows(item, article_id, now)
    if mentions:
        conn.execute(inserts.mention, mentions)
    if aliases:
        conn.execute(inserts.alias, aliases)
    return outcomes


def _page_changed(conn: Connection, item: ArticleItem) -> bool:
    """Whether the page ``item`` was fetched from gave other text the last time it was stored."""
    query = select(UrlState.content_hash).where(UrlState.url == item.state_url)
    before = conn.scalar(query) if item.state_url else None
    return before is not None and before != item.fingerprint


_PAGE_COLUMNS = ("url", "title", "text", "authors", "published_at", "published_precision",
                 "modified_at", "language", "site", "site_domain", "description", "seed")


def adopt_earlier(conn: Connection, inserts: Inserts, item: ArticleItem, article_id: int,
                  company_ids: dict[str, int]) -> bool:
    """Make the stored article ``item``'s page when that is an earlier publication of the
    same text (one fingerprint) under another URL (``_published_before``): a
    syndicator's unedited copy met before the wire story it copies. The article takes the
    earlier page's URL, headline, site, authors and times; every URL stays an alias. Its
    story signature is marked stale, so the story step places it again with its new
    time (``stories.records.pending``: at the end of the run, or ``scrapy stories``).
    Return whether it did."""
    stored = conn.execute(select(Article.url, Article.published_at, Article.published_precision,
                                 Article.fingerprint).where(Article.id == article_id)).one()
    if (stored.fingerprint != item.fingerprint or stored.url == item.url
            or not _published_before(item.published_at, item.published_precision,
                                     stored.published_at, stored.published_precision)):
        return False
    row = _article_row(item, datetime.now(UTC))
    conn.execute(update(Article).where(Article.id == article_id)
                 .values(**{column: row[column] for column in _PAGE_COLUMNS}))
    conn.execute(delete(CompanyMention).where(CompanyMention.article_id == article_id))
    if item.companies:
        conn.execute(*_mentions(inserts, item, article_id, company_ids))
    conn.execute(update(ArticleSignature).where(ArticleSignature.article_id == article_id)
                 .values(fingerprint=""))
    return True


def _published_before(at: datetime | None, precision: str | None, other: datetime | None,
                      other_precision: str | None) -> bool:
    """Whether a page published ``at`` came out before one published ``other``: a date
    known against none, or an earlier one, a day stated alone (00:00 UTC, precision
    "day") counting until it ends in every time zone (``stated_day.day_end``), so a syndicator
    showing only its date comes after the wire story of that day."""
    if at is None or other is None:
        return at is not None
    end = day_end(at) if precision == "day" else at
    other_end = day_end(other) if other_precision == "day" else other
    return end < other_end


def _republished(stored: datetime | None, precision: str | None, item: ArticleItem) -> bool:
    """Whether an edited article takes the publication time its page states now over the
    stored one: when none was stored, when it is earlier (a correction), or when only the
    day was stored and it states a time of that day (in some time zone). A later time
    is not taken: a CMS that stamps edits as publications would otherwise date the
    original after its copies; the edit's time is ``modified_at``. No time stated now
    keeps the stored one too (a listing dated the page, and the revisit came from none)."""
    new = item.published_at
    if new is None or stored is None:
        return new is not None
    if new < stored:
        return True
    return precision == "day" and item.published_precision == "time" and on_day(new, stored)


def revise(conn: Connection, inserts: Inserts, item: ArticleItem, article_id: int, now: datetime,
           company_ids: dict[str, int]) -> bool:
    """Update a stored article whose page now has other text; keep the old version.

    Only a page whose own text changed since it was last stored from can change the
    article: an unchanged syndicated copy of the old text, revisited after the original
    was edited, never turns the article back. A new text that states no publication
    time, or a later one, keeps the stored one (``_republished``).
    """
    stored = conn.execute(select(Article).where(Article.id == article_id)).one()
    if stored.fingerprint == item.fingerprint or not _page_changed(conn, item):
        return False
    taken = select(Article.id).where(Article.fingerprint == item.fingerprint)
    if conn.scalar(taken) is not None:  # the new text is another stored article's
        return False
    conn.execute(insert(ArticleVersion).values(
        article_id=article_id, title=stored.title, text=stored.text,
        fingerprint=stored.fingerprint, modified_at=stored.modified_at, replaced_at=now))
    row = _article_row(item, now)
    kept = ("url", "seed", "first_seen_at")
    if not _republished(stored.published_at, stored.published_precision, item):
        kept += ("published_at", "published_precision")
    for column in kept:
        del row[column]
    conn.execute(update(Article).where(Article.id == article_id).values(**row, updated_at=now))
    conn.execute(delete(CompanyMention).where(CompanyMention.article_id == article_id))
    if item.companies:
        conn.execute(*_mentions(inserts, item, article_id, company_ids))
    return True
