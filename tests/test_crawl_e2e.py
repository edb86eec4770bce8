"""Layer 4: the real ``scrapy crawl ev_partnerships`` against the local fixture site.

Each test starts the fixture site on a free port, runs the crawl in a subprocess and
asserts on the rows in the database, on the run's record and on the site's request log.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.extract.results import NO_ARTICLE_REASONS
from pipelines.storage.database import create_db_engine
from tests.helpers import assert_site_stored_correctly, crawl, last_run, rows, scrapy_command
from tests.site.server import FixtureSite


@pytest.mark.e2e
def test_full_crawl_stores_every_article_once(site: FixtureSite, database_url: str,
                                              tmp_path: Path) -> None:
    result = crawl(site.seed_urls(), database_url, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    engine = create_db_engine(database_url)
    assert_site_stored_correctly(site, rows(engine))

    requested = site.requested_paths()
    assert not requested & set(site.expected["not_requested"])
    assert set(site.expected["no_article"]) <= requested
    run = last_run(engine)
    assert run.status == "finished" and run.finish_reason == "finished"
    assert run.articles_new == len(site.expected["articles"])
    no_article = sum(run.stats.get(f"extract/dropped/{reason}", 0) for reason in NO_ARTICLE_REASONS)
    assert no_article >= len(site.expected["no_article"])
    assert run.stats.get("robotstxt/forbidden", 0) >= 1  # the disallowed article was linked

    again = crawl(site.seed_urls(), database_url, tmp_path)
    assert again.returncode == 0, again.stderr[-3000:]
    assert len(rows(engine)) == len(site.expected["articles"])
    assert last_run(engine).articles_new == 0
    engine.dispose()


@pytest.mark.e2e
def test_the_last_partial_batch_is_stored_without_waiting_for_the_maximum_delay(
        site: FixtureSite, sqlite_url: str, tmp_path: Path) -> None:
    """Batches that never fill (a small site) are written once nothing else can join them:
    with a 100-second delay the run would otherwise wait that long for its last items."""
    result = crawl(site.seed_urls(), sqlite_url, tmp_path, None,
                   "-s", "STORE_BATCH_SIZE=10000", "-s", "STORE_BATCH_MAX_DELAY=100")
    assert result.returncode == 0, result.stderr[-3000:]
    engine = create_db_engine(sqlite_url)
    assert_site_stored_correctly(site, rows(engine))
    run = last_run(engine)
    engine.dispose()
    assert run.finished_at is not None
    assert (run.finished_at - run.started_at).total_seconds() < 100


@pytest.mark.e2e
def test_crawl_through_http_proxy_with_fictitious_host(sqlite_url: str, tmp_path: Path) -> None:
    with FixtureSite(host="news.example-auto.test") as site:
        proxy = f"http://127.0.0.1:{site.port}"
        result = crawl(site.seed_urls(), sqlite_url, tmp_path, {"http_proxy": proxy})
        assert result.returncode == 0, result.stderr[-3000:]
        engine = create_db_engine(sqlite_url)
        stored = rows(engine)
        engine.dispose()
        assert_site_stored_correctly(site, stored)
        assert all(r["row"].url.startswith("http://news.example-auto.test/") for r in stored.values())
        assert {r.host for r in site.requests} == {"news.example-auto.test"}


@pytest.mark.e2e
def test_bad_seed_file_names_every_bad_line_and_fetches_nothing(site: FixtureSite,
                                                               sqlite_url: str,
                                                               tmp_path: Path) -> None:
    seeds = f"{site.seed_urls()[0]}  # ok\nnot a url\n{site.seed_urls()[0]}  # again\n"
    result = crawl(seeds, sqlite_url, tmp_path)
    assert result.returncode == 2
    assert "line 2" in result.stderr and "duplicate of line 1" in result.stderr
    assert site.requests == []


def test_an_unknown_spider_is_named_and_exits_2(sqlite_url: str) -> None:
    result = scrapy_command(["crawl", "ev_partnership"], sqlite_url)
    assert result.returncode == 2, result.stderr
    assert "ev_partnership" in result.stderr and "ev_partnerships" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.e2e
def test_dead_database_fails_loudly_before_fetching(site: FixtureSite, tmp_path: Path) -> None:
    result = crawl(site.seed_urls(), "postgresql://postgres@127.0.0.1:1/nowhere", tmp_path)
    assert result.returncode == 1
    assert "cannot connect to take the run lock" in result.stderr
    assert site.requests == []


@pytest.mark.e2e
def test_every_seed_failing_fails_the_run(sqlite_url: str, tmp_path: Path) -> None:
    with FixtureSite() as site:
        dead = [f"{site.base_url}/gone-feed.xml", f"{site.base_url}/gone-topic/"]
        result = crawl(dead, sqlite_url, tmp_path, None, "-s", "LOG_LEVEL=WARNING")
    assert result.returncode == 1
    assert "all_seeds_failed" in result.stderr.splitlines()[-1]  # also in a WARNING log
    engine = create_db_engine(sqlite_url)
    run = last_run(engine)
    engine.dispose()
    assert (run.status, run.finish_reason) == ("failed", "all_seeds_failed")
