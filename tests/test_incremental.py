"""Layer 4: cron-grade runs against the fixture site: incremental, updating, killed, stopped.

Each test runs the real ``scrapy crawl`` several times against one fixture site and
database, changing the site or interrupting the crawl in between.
"""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pipelines.storage.database import create_db_engine
from pipelines.storage.models import ArticleVersion, CrawlRun, UrlState
from tests.helpers import (
    assert_site_stored_correctly,
    crawl,
    crawl_until_served,
    find_stored,
    last_run,
    rows,
)
from tests.site import content as c
from tests.site.server import TOPIC, FixtureSite

LISTINGS = {"/robots.txt", "/feed.xml", "/atom.xml", "/sitemap_index.xml", "/sitemaps/news.xml.gz",
            f"{TOPIC}?page=2", f"{TOPIC}?page=3", f"{TOPIC}?page=4",
            TOPIC}
REVISIT_NOW = ["-s", "REVISIT_INTERVAL_HOURS=0"]
NEW_STORY = c.partnership("/news/2026/rivian-microsoft-cloud-software-deal", "Rivian",
                          "Microsoft", "cloud software", 0)


@pytest.mark.e2e
def test_second_run_asks_conditionally_and_fetches_no_known_article(
        site: FixtureSite, database_url: str, tmp_path: Path) -> None:
    first = crawl(site.seed_urls(), database_url, tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    before = len(site.requests)
    second = crawl(site.seed_urls(), database_url, tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]

    again = site.requests_since(before)
    assert {r.path for r in again} <= LISTINGS, sorted({r.path for r in again} - LISTINGS)
    feed = next(r for r in again if r.path == "/feed.xml")
    assert "If-None-Match" in feed.headers and feed.status == 304
    engine = create_db_engine(database_url)
    assert len(rows(engine)) == len(site.expected["articles"])
    run = last_run(engine)
    assert (run.status, run.articles_new, run.articles_updated) == ("finished", 0, 0)
    assert run.not_modified >= 3
    assert all(not seed["silent"] for seed in run.seeds.values())
    engine.dispose()


@pytest.mark.e2e
def test_edited_article_is_updated_with_its_history_and_a_new_one_is_added(
        site: FixtureSite, sqlite_url: str, tmp_path: Path) -> None:
    first = crawl(site.seed_urls(), sqlite_url, tmp_path, None, *REVISIT_NOW)
    assert first.returncode == 0, first.stderr[-3000:]
    correction = "Correction: an earlier version misstated the year the deal would take effect."
    edited = dataclasses.replace(c.FORD_XIAOMI,
                                 paragraphs=(*c.FORD_XIAOMI.paragraphs, correction))
    site.update(edits=[edited], published=[NEW_STORY])

    second = crawl(site.seed_urls(), sqlite_url, tmp_path, None, *REVISIT_NOW)
    assert second.returncode == 0, second.stderr[-3000:]
    engine = create_db_engine(sqlite_url)
    stored = rows(engine)
    assert len(stored) == len(site.expected["articles"]) + 1
    ford = find_stored(stored, c.FORD_XIAOMI.path)["row"]  # a syndicated copy may own the row
    assert correction in ford.text and ford.updated_at is not None
    with engine.connect() as conn:
        (version,) = conn.execute(select(ArticleVersion)).all()
    assert version.article_id == ford.id and correction not in version.text
    assert NEW_STORY.paragraphs[0] in stored[NEW_STORY.path]["row"].text
    run = last_run(engine)
    assert (run.articles_new, run.articles_updated) == (1, 1)
    assert run.stats.get("frontier/not_modified", 0) >= 1  # unchanged revisits cost a 304
    engine.dispose()


@pytest.mark.e2e
def test_edits_the_listings_announce_are_fetched_whatever_the_age(
        site: FixtureSite, database_url: str, tmp_path: Path) -> None:
    no_revisits = ["-s", "REVISIT_WINDOW_DAYS=0"]  # only what the listings announce
    first = crawl(site.seed_urls(), database_url, tmp_path, None, *no_revisits)
    assert first.returncode == 0, first.stderr[-3000:]
    note = "Update: both companies confirmed the deal in a joint statement on Friday."
    edited = [dataclasses.replace(story, paragraphs=(*story.paragraphs, note))
              for story in (c.GM_GOOGLE, c.HONDA_SONY)]  # sitemap lastmod, Atom updated
    site.update(edits=edited)

    before = len(site.requests)
    # since=1: both stories are older than a day, and still fetched, being announced.
    second = crawl(site.seed_urls(), database_url, tmp_path, None, *no_revisits,
                   "-a", "since=1")
    assert second.returncode == 0, second.stderr[-3000:]
    again = {r.path: r for r in site.requests_since(before)}
    assert set(again) - LISTINGS == {c.GM_GOOGLE.path, c.HONDA_SONY.path}
    assert all("If-None-Match" in again[s.path].headers for s in edited)
    engine = create_db_engine(database_url)
    stored = rows(engine)
    for story in edited:
        assert note in find_stored(stored, story.path)["row"].text
    with engine.connect() as conn:
        versions = conn.execute(select(ArticleVersion)).all()
    assert len(versions) == 2 and all(note not in v.text for v in versions)
    run = last_run(engine)
    assert (run.articles_new, run.articles_updated) == (0, 2)
    assert run.stats["discovery/announced_edits"] == 2

    before = len(site.requests)
    third = crawl(site.seed_urls(), database_url, tmp_path, None, *no_revisits)
    assert third.returncode == 0, third.stderr[-3000:]
    assert {r.path for r in site.requests_since(before)} <= LISTINGS
    assert (last_run(engine).articles_new, last_run(engine).articles_updated) == (0, 0)
    engine.dispose()


@pytest.mark.e2e
def test_killed_run_is_completed_by_the_next_without_loss_or_duplicates(
        site: FixtureSite, database_url: str, tmp_path: Path) -> None:
    process = crawl_until_served(site, database_url, tmp_path, 0.4, served=4)
    os.killpg(process.pid, signal.SIGKILL)  # the crawler and its extraction workers
    process.communicate(timeout=30)
    engine = create_db_engine(database_url)
    with engine.connect() as conn:
        pending = conn.scalar(select(func.count()).where(UrlState.outcome == "pending"))
    assert pending, "the kill came too late to leave discovered work behind"
    assert len(rows(engine)) < len(site.expected["articles"])

    site.article_delay = 0.0
    result = crawl(site.seed_urls(), database_url, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_site_stored_correctly(site, rows(engine))
    with engine.connect() as conn:
        statuses = conn.execute(select(CrawlRun.status).order_by(CrawlRun.id)).scalars().all()
        pending = conn.scalar(select(func.count()).where(UrlState.outcome == "pending"))
    assert statuses == ["killed", "finished"] and pending == 0
    engine.dispose()


@pytest.mark.e2e
def test_sigterm_stops_gracefully_keeps_what_was_extracted_and_exits_4(
        site: FixtureSite, sqlite_url: str, tmp_path: Path) -> None:
    process = crawl_until_served(site, sqlite_url, tmp_path, 0.5, served=6)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 4, stderr[-3000:]
    assert "interrupted" in stderr.strip().splitlines()[-1].lower()
    engine = create_db_engine(sqlite_url)
    run = last_run(engine)
    assert (run.status, run.finish_reason) == ("interrupted", "shutdown")
    stored_before = len(rows(engine))
    assert stored_before == run.articles_new > 0

    site.article_delay = 0.0
    result = crawl(site.seed_urls(), sqlite_url, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_site_stored_correctly(site, rows(engine))
    assert last_run(engine).articles_new == len(site.expected["articles"]) - stored_before
    engine.dispose()


@pytest.mark.e2e
def test_a_seed_silent_for_several_runs_is_flagged(site: FixtureSite, sqlite_url: str,
                                                    tmp_path: Path) -> None:
    dead = f"{site.base_url}/moved-feed.xml"
    for _ in range(2):
        result = crawl([*site.seed_urls(), dead], sqlite_url, tmp_path, None,
                       "-s", "SILENT_SEED_RUNS=2")
        assert result.returncode == 0, result.stderr[-3000:]
    engine = create_db_engine(sqlite_url)
    with engine.connect() as conn:
        runs = conn.execute(select(CrawlRun).order_by(CrawlRun.id)).all()
    engine.dispose()
    assert runs[0].silent_seeds == [] and runs[1].silent_seeds == [dead]
    assert runs[1].seeds[dead]["failures"] == 1
    assert f"seed {dead} yielded no articles in the last 2 runs" in result.stderr
    feed = site.seed_urls()[0]
    assert runs[0].seeds[feed]["found"] > 0 and runs[1].seeds[feed]["not_modified"] == 1

