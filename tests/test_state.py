"""Layer 3: the url_state table driven directly on a migrated database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from pipelines.storage import url_state as state
from pipelines.storage.database import create_db_engine, migrate
from pipelines.storage.models import UrlState
from pipelines.storage.revisit import Schedule
from pipelines.storage.url_state import ListedUrl, Outcome, StoredPage, Validators
from tests.helpers import crawl
from tests.site.server import FixtureSite

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
SEED = "https://s.example/feed"
SCHEDULE = Schedule(window=timedelta(days=3), interval=timedelta(hours=6),
                    retry_after=timedelta(hours=1), max_failures=2)


def _listed(url: str, published: datetime | None = None,
            changed: datetime | None = None) -> ListedUrl:
    return ListedUrl(url, url, published, changed or published)


def _row(engine: Engine, url: str) -> UrlState:
    with engine.connect() as conn:
        return conn.execute(select(UrlState).where(UrlState.url == url)).one()


def test_admit_returns_only_links_never_seen_and_makes_them_due(engine: Engine) -> None:
    links = [_listed(f"https://s.example/news/{n}") for n in range(1200)]  # several chunks
    assert len(state.admit(engine, links, SEED, NOW)) == 1200
    again = [*links[:3], _listed("https://s.example/news/new", NOW)]
    assert state.admit(engine, again, SEED, NOW) == [again[-1]]
    due = state.due_articles(engine, NOW)
    assert len(due) == 1201 and due[0].seed == SEED
    assert state.due_articles(engine, NOW - timedelta(seconds=1)) == []


def test_outcomes_schedule_retries_and_give_up_on_gone_pages(engine: Engine) -> None:
    urls = ["https://s.example/a", "https://s.example/gone", "https://s.example/pdf"]
    state.admit(engine, [_listed(u) for u in urls], SEED, NOW)
    state.record_outcomes(engine, [Outcome(urls[0], SEED, "failed", 503),
                                   Outcome(urls[1], SEED, "gone", 410),
                                   Outcome(urls[2], SEED, "not_article", 200)], SCHEDULE, NOW)
    failed = _row(engine, urls[0])
    assert (failed.failures, failed.next_fetch_at) == (1, NOW + timedelta(hours=1))
    assert _row(engine, urls[1]).next_fetch_at is None
    assert _row(engine, urls[2]).next_fetch_at is None
    state.record_outcomes(engine, [Outcome(urls[0], SEED, "failed")], SCHEDULE, NOW)
    assert _row(engine, urls[0]).next_fetch_at is None  # max_failures reached: given up


def test_stored_article_is_revisited_with_back_off_inside_the_window(engine: Engine) -> None:
    url = "https://s.example/news/fresh"
    state.admit(engine, [_listed(url, NOW)], SEED, NOW)
    with engine.begin() as conn:
        state.mark_all_stored(
            conn, [StoredPage(url, SEED, NOW, Validators('"v1"', None, "f1"))], SCHEDULE, NOW)
    row = _row(engine, url)
    assert (row.outcome, row.etag, row.revisits) == ("stored", '"v1"', 0)
    assert row.next_fetch_at == NOW + timedelta(hours=6)
    later = NOW + timedelta(hours=6)
    state.record_outcomes(engine, [Outcome(url, SEED, "not_modified", 304)], SCHEDULE, later)
    row = _row(engine, url)
    assert (row.revisits, row.next_fetch_at) == (1, later + timedelta(hours=12))
    (due,) = state.due_articles(engine, later + timedelta(hours=12))
    assert due.validators.headers() == {"If-None-Match": '"v1"'}


def test_listing_keeps_its_validators_across_a_304(engine: Engine) -> None:
    validators = Validators('"e1"', "Tue, 17 Nov 2026 08:00:00 GMT", "h1", "rss", None)
    state.record_listing(engine, SEED, state.SEED, SEED, 200, validators, NOW)
    state.record_listing(engine, SEED, state.SEED, SEED, 304, Validators(), NOW)
    assert state.load_validators(engine)[SEED] == validators
    assert validators.headers() == {"If-None-Match": '"e1"',
                                    "If-Modified-Since": "Tue, 17 Nov 2026 08:00:00 GMT"}


@pytest.mark.e2e
def test_a_page_gone_is_never_asked_for_again(site: FixtureSite, sqlite_url: str,
                                             tmp_path: Path) -> None:
    migrate(sqlite_url)
    engine = create_db_engine(sqlite_url)
    gone = f"{site.base_url}/news/2026/withdrawn-story-about-a-deal"
    state.admit(engine, [_listed(gone)], f"{site.base_url}/feed.xml", datetime.now(UTC))
    for _ in range(2):
        result = crawl([f"{site.base_url}/feed.xml"], sqlite_url, tmp_path)
        assert result.returncode == 0, result.stderr[-3000:]
    row = _row(engine, gone)
    engine.dispose()
    assert (row.outcome, row.last_status, row.next_fetch_at) == ("gone", 404, None)
    assert [r.path for r in site.requests].count("/news/2026/withdrawn-story-about-a-deal") == 1


def test_an_edit_the_listing_announces_makes_a_stored_article_due_now(engine: Engine) -> None:
    old, fresh, pending = ("https://s.example/news/old", "https://s.example/news/fresh",
                           "https://s.example/news/pending")
    state.admit(engine, [_listed(u, NOW - timedelta(days=400)) for u in (old, fresh, pending)],
                SEED, NOW)
    with engine.begin() as conn:  # stored long ago: outside every revisit window
        for url in (old, fresh):
            state.mark_all_stored(conn, [StoredPage(
                url, SEED, NOW - timedelta(days=400),
                Validators('"v1"', "Mon, 01 Jan 2025 00:00:00 GMT", "f1"))], SCHEDULE, NOW)
    assert _row(engine, old).next_fetch_at is None
    later = NOW + timedelta(days=1)
    listed = [_listed(old, NOW - timedelta(days=400), NOW + timedelta(hours=2)),  # edited
              _listed(fresh, NOW - timedelta(days=400), NOW - timedelta(hours=1)),  # not since
              _listed(pending, None, NOW + timedelta(hours=3)),  # not stored yet: already due
              _listed("https://s.example/news/unknown", None, NOW + timedelta(hours=3))]
    assert state.announced_edits(engine, [_listed(old, None, later + timedelta(days=1))],
                                 later) == []  # a date ahead of the clock announces nothing
    (edit,) = state.announced_edits(engine, listed, later)
    assert (edit.url, edit.fetch_url, edit.seed) == (old, old, SEED)
    assert edit.validators.headers() == {"If-None-Match": '"v1"',
                                         "If-Modified-Since": "Mon, 01 Jan 2025 00:00:00 GMT"}
    assert _row(engine, old).next_fetch_at == later  # due, should the run die before it
    assert {d.url for d in state.due_articles(engine, later)} == {old, pending}
    state.record_outcomes(engine, [Outcome(old, SEED, "not_modified", 304)], SCHEDULE, later)
    assert state.announced_edits(engine, listed, later + timedelta(hours=1)) == []


@pytest.mark.parametrize(("stated", "fetched", "edited"), [
    ("2026-03-01T10:15:42+00:00", "2026-03-01T10:15:42.600000+00:00", True),  # same second
    ("2026-03-01T10:15:00+00:00", "2026-03-01T10:15:30+00:00", True),  # minute precision
    ("2026-03-01T10:15:41+00:00", "2026-03-01T10:15:42.600000+00:00", False),
    ("2026-03-01T10:14:00+00:00", "2026-03-01T10:15:30+00:00", False),
    ("2026-03-01T10:15:42.100000+00:00", "2026-03-01T10:15:42.600000+00:00", False),
    ("2026-03-01T10:15:42.700000+00:00", "2026-03-01T10:15:42.600000+00:00", True),
    ("2026-03-01T12:15:42+02:00", "2026-03-01T10:15:42.600000+00:00", True),  # an offset
])
def test_an_edit_dated_within_the_second_or_minute_of_our_fetch_is_not_missed(
        stated: str, fetched: str, edited: bool) -> None:
    assert state.edited_since(datetime.fromisoformat(stated),
                              datetime.fromisoformat(fetched)) is edited


def test_due_articles_are_requested_as_the_site_wrote_them(engine: Engine) -> None:
    written = "https://s.example/News/Story/?b=2&a=1"
    state.admit(engine, [ListedUrl("https://s.example/News/Story?a=1&b=2", written)], SEED, NOW)
    (due,) = state.due_articles(engine, NOW)
    assert due.request_url == written and due.url == "https://s.example/News/Story?a=1&b=2"
