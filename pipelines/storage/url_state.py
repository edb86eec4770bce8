"""What the crawler knows about each URL, kept in the ``url_state`` table between runs.

Seeds and listings (feeds, sitemaps, topic pages) keep their validators (ETag,
Last-Modified, a hash of the body), so the next run asks with conditional headers and
skips what did not change. An article URL is recorded as *pending* (``next_fetch_at``
due) the moment it is discovered, before it is requested; only the transaction that
stores the article (``pipelines.storage.articles``) moves it on. A run that dies therefore
leaves its unfinished work due for the next run, and nothing is fetched twice.

These functions are synchronous and run in worker threads, never on the reactor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, select, update

from pipelines.storage.database import dialect_module
from pipelines.storage.models import UrlState
from pipelines.storage.revisit import Schedule

SEED, LISTING, ARTICLE = "seed", "listing", "article"
_TABLE: Table = UrlState.__table__  # type: ignore[assignment]
_CHUNK = 500
# Built once: a statement built per row costs more CPU than the database spends on it.
_UPDATE_STATE = update(_TABLE).where(_TABLE.c.url == bindparam("state_url"))
_KNOWN_ARTICLES = select(UrlState.url, UrlState.seed, UrlState.etag, UrlState.last_modified,
                         UrlState.fetch_url, UrlState.last_fetched_at).where(
    UrlState.url.in_(bindparam("urls", expanding=True)), UrlState.kind == ARTICLE,
    UrlState.outcome.in_(("stored", "not_modified")))


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional request sends, and the hash of the body last seen."""

    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    kind: str | None = None  # a listing's detected kind (rss, sitemap_index, html, ...)
    next_url: str | None = None  # a paginated listing's next page

    def headers(self) -> dict[str, str]:
        """The conditional request headers these validators allow."""
        headers = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in headers.items() if value}


@dataclass(frozen=True, slots=True)
class DueUrl:
    """An article URL to fetch: pending, to be retried, revisited, or announced as edited.

    ``url`` is the canonical key; ``fetch_url`` the URL as the site wrote it, which is
    what is requested (empty for rows stored before it was kept: then the key);
    ``listed_at`` the publication time the listing that gave it this run states (aware
    UTC), the article's time where its page states none.
    """

    url: str
    seed: str
    validators: Validators
    fetch_url: str = ""
    listed_at: datetime | None = None

    @property
    def request_url(self) -> str:
        return self.fetch_url or self.url


@dataclass(frozen=True, slots=True)
class ListedUrl:
    """An article URL a listing gives: its canonical key, the URL as written, its dates.

    ``published_at`` is the listed publication date (or its only date), ``changed_at``
    the latest date listed for it (an edit the site announces), ``stated_at`` its
    publication date where the listing states one apart from a last-modified date; all
    aware UTC datetimes or None.
    """

    url: str
    fetch_url: str
    published_at: datetime | None = None
    changed_at: datetime | None = None
    stated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """How fetching an article URL ended, when no article was stored from it."""

    url: str
    seed: str
    result: str  # failed, gone, robots, not_article, not_modified
    status: int | None = None


def _insert(conn: Connection) -> Any:
    return dialect_module(conn).insert(_TABLE)


def load_validators(engine: Engine) -> dict[str, Validators]:
    """Validators of every seed and listing URL, for the run's conditional requests."""
    query = select(UrlState.url, UrlState.etag, UrlState.last_modified, UrlState.content_hash,
                   UrlState.outcome, UrlState.next_url).where(UrlState.kind.in_((SEED, LISTING)))
    with engine.connect() as conn:
        return {url: Validators(*values) for url, *values in conn.execute(query)}


def due_articles(engine: Engine, now: datetime) -> list[DueUrl]:
    """Article URLs whose next fetch is due, oldest first."""
    query = (select(UrlState.url, UrlState.seed, UrlState.etag, UrlState.last_modified,
                    UrlState.fetch_url)
             .where(UrlState.kind == ARTICLE, UrlState.next_fetch_at <= now)
             .order_by(UrlState.next_fetch_at, UrlState.id))
    with engine.connect() as conn:
        return [DueUrl(url, seed, Validators(etag, modified), fetch_url or "")
                for url, seed, etag, modified, fetch_url in conn.execute(query)]


def admit(engine: Engine, links: Sequence[ListedUrl], seed: str,
          now: datetime) -> list[ListedUrl]:
    """Record newly discovered article URLs as pending; return those that were new.

    A URL already known (stored, pending, gone, or claimed by another process) is not
    returned.
    """
    new: set[str] = set()
    with engine.begin() as conn:
        for start in range(0, len(links), _CHUNK):
            rows = [{"url": link.url, "fetch_url": link.fetch_url, "kind": ARTICLE, "seed": seed,
                     "first_seen_at": now, "next_fetch_at": now, "published_at": link.published_at,
                     "failures": 0, "revisits": 0, "outcome": "pending"}
                    for link in links[start:start + _CHUNK]]
            statement = _insert(conn).on_conflict_do_nothing().returning(_TABLE.c.url)
            new.update(conn.execute(statement, rows).scalars())
    return [link for link in links if link.url in new]


def _edited(row: Any, link: ListedUrl) -> bool:
    """Whether the listing dates the page after our last fetch of it."""
    fetched = row.last_fetched_at
    if fetched is None or link.changed_at is None:
        return fetched is None
    return edited_since(link.changed_at, fetched if fetched.tzinfo else fetched.replace(tzinfo=UTC))


def edited_since(stated: datetime, fetched: datetime) -> bool:
    """Whether a change a listing dates at ``stated`` may be later than our fetch at ``fetched``
    (both aware).

    A listing states its dates to the second (RFC 822, most feeds) or the minute; an edit
    made in the same second or minute as our fetch, after it, is dated no later than the
    fetch. So the fetch time is cut to the precision of the stated date and a tie counts as
    an edit: at worst one conditional request that is answered 304.
    """
    if stated.microsecond:
        return stated > fetched
    if stated.second:
        return stated >= fetched.replace(microsecond=0)
    return stated >= fetched.replace(second=0, microsecond=0)


def announced_edits(engine: Engine, links: Sequence[ListedUrl], now: datetime) -> list[DueUrl]:
    """Stored articles whose listing dates them after our last fetch: due now, whatever
    their age or revisit schedule, to be asked for conditionally.

    A listed date later than ``now`` announces nothing. The rows are made due in the
    database too, so a run that dies before fetching them leaves them to the next.
    """
    dated = {link.url: link for link in links
             if link.changed_at is not None and link.changed_at <= now}
    urls = list(dated)
    edited: list[DueUrl] = []
    with engine.begin() as conn:
        for start in range(0, len(urls), _CHUNK):
            rows = conn.execute(_KNOWN_ARTICLES, {"urls": urls[start:start + _CHUNK]}).all()
            due = [DueUrl(row.url, row.seed, Validators(row.etag, row.last_modified),
                          row.fetch_url or "") for row in rows if _edited(row, dated[row.url])]
            if due:
                conn.execute(update(_TABLE).where(_TABLE.c.url.in_([d.url for d in due]))
                             .values(next_fetch_at=now))
            edited.extend(due)
    return edited


def record_listing(engine: Engine, url: str, kind: str, seed: str, status: int,
                   validators: Validators, now: datetime) -> None:
    """Remember a seed's or listing's last fetch and its validators (upsert)."""
    values: dict[str, Any] = {"last_fetched_at": now, "last_status": status, "failures": 0}
    if status != 304:  # a 304 keeps the validators and the kind it confirmed
        values.update(etag=validators.etag, last_modified=validators.last_modified,
                      content_hash=validators.content_hash, outcome=validators.kind,
                      next_url=validators.next_url)
    row = {"url": url, "kind": kind, "seed": seed, "first_seen_at": now, "revisits": 0, **values}
    with engine.begin() as conn:
        conn.execute(_insert(conn).values(row).on_conflict_do_update(
            index_elements=[_TABLE.c.url], set_=values))


def record_outcomes(engine: Engine, outcomes: Iterable[Outcome], schedule: Schedule,
                    now: datetime) -> None:
    """Move article URLs on after a fetch that stored nothing, in one transaction."""
    with engine.begin() as conn:
        for outcome in outcomes:
            row = conn.execute(select(UrlState).where(UrlState.url == outcome.url)).first()
            values = _after(outcome, row, schedule, now)
            if row is None:
                conn.execute(_insert(conn).values(
                    url=outcome.url, kind=ARTICLE, seed=outcome.seed, first_seen_at=now,
                    revisits=0, **values).on_conflict_do_nothing())
            else:
                conn.execute(update(UrlState).where(UrlState.url == outcome.url).values(values))


def _after(outcome: Outcome, row: Any, schedule: Schedule, now: datetime) -> dict[str, Any]:
    values: dict[str, Any] = {"last_fetched_at": now, "last_status": outcome.status,
                              "outcome": outcome.result}
    if outcome.result == "not_modified" and row is not None:
        values.update(revisits=row.revisits + 1, failures=0, last_status=304,
                      next_fetch_at=schedule.next_revisit(row.published_at, row.first_seen_at,
                                                          row.revisits + 1, now))
    elif outcome.result == "failed":
        failures = (row.failures if row is not None else 0) + 1
        values.update(failures=failures, next_fetch_at=schedule.next_retry(failures, now))
    else:  # gone, robots, not_article: never again
        values.update(failures=row.failures if row is not None else 0, next_fetch_at=None)
    return values


@dataclass(frozen=True, slots=True)
class StoredPage:
    """An article page stored in the current transaction: its URL's state key, seed,
    publication time (UTC, if known) and the validators of the response."""

    url: str
    seed: str
    published_at: datetime | None
    validators: Validators


_STATES_OF = select(UrlState).where(UrlState.url.in_(bindparam("urls", expanding=True)))


def mark_all_stored(conn: Connection, pages: Sequence[StoredPage], schedule: Schedule,
                    now: datetime) -> None:
    """Inside the transaction that stored articles from ``pages`` (distinct URLs): their
    URLs are done until their revisits. One read and at most two writes."""
    if not pages:
        return
    rows = {row.url: row for row in conn.execute(_STATES_OF, {"urls": [p.url for p in pages]})}
    updates, inserts = [], []
    for page in pages:
        row = rows.get(page.url)
        before = row.published_at if row is not None else None
        revisited = row is not None and row.outcome in ("stored", "not_modified")
        revisits = row.revisits + 1 if revisited else 0
        first_seen = row.first_seen_at if row is not None else now
        values = {"last_fetched_at": now, "last_status": 200, "etag": page.validators.etag,
                  "last_modified": page.validators.last_modified,
                  "content_hash": page.validators.content_hash, "failures": 0,
                  "revisits": revisits, "outcome": "stored",
                  "published_at": page.published_at or before,
                  "next_fetch_at": schedule.next_revisit(page.published_at, first_seen,
                                                         revisits, now)}
        if row is None:
            inserts.append({"url": page.url, "kind": ARTICLE, "seed": page.seed,
                            "first_seen_at": now, **values})
        else:
            updates.append({"state_url": page.url, **values})
    if inserts:
        conn.execute(_insert(conn).on_conflict_do_nothing(), inserts)
    if updates:
        conn.execute(_UPDATE_STATE, updates)
