"""Layer 4: a database that is missing at the start or lost mid-run fails the run loudly and
loses nothing: what was not stored is fetched again by the next run."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pipelines.storage.database import create_db_engine
from tests.helpers import (
    POSTGRES_URL,
    assert_site_stored_correctly,
    crawl,
    crawl_until_served,
    last_run,
    rows,
    scrapy_command,
)
from tests.site.server import FixtureSite


@pytest.mark.e2e
def test_sqlite_file_that_cannot_be_created_fails_before_fetching(site: FixtureSite,
                                                                   tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    result = crawl(site.seed_urls(), f"sqlite:///{blocker / 'crawl.db'}", tmp_path)
    assert result.returncode == 1
    assert "cannot create the folder of SQLite database" in result.stderr
    assert site.requests == []


@pytest.mark.e2e
@pytest.mark.parametrize("command", [["crawl", "ev_partnerships"], ["stories"],
                                     ["export", "--format", "csv", "--output", "{out}"],
                                     ["report", "--output", "{out}"]])
def test_a_database_url_that_is_no_url_is_named_without_a_traceback(
        command: list[str], tmp_path: Path) -> None:
    args = [part.format(out=tmp_path / "out") for part in command]
    result = scrapy_command(args, "no-such-scheme")
    assert result.returncode == 1, result.stderr
    assert "DATABASE_URL 'no-such-scheme'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def _connections(database: str, allowed: bool) -> None:
    """Open or close the database to new connections; closing also cuts the open ones."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allowed).lower()}'))
        if not allowed:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :name"), {"name": database})
    admin.dispose()


@pytest.mark.e2e
@pytest.mark.postgres
def test_database_lost_mid_run_fails_the_run_and_the_next_run_stores_everything(
        site: FixtureSite, postgres_url: str, tmp_path: Path) -> None:
    database = make_url(postgres_url).database
    assert database is not None
    process = crawl_until_served(site, postgres_url, tmp_path, 0.4, served=3)
    _connections(database, allowed=False)
    try:
        _, stderr = process.communicate(timeout=180)
    finally:
        _connections(database, allowed=True)
    assert process.returncode == 1, stderr[-3000:]
    assert "database_error" in stderr.strip().splitlines()[-1]
    assert "retry" in stderr  # writes were retried before the run gave up

    site.article_delay = 0.0
    result = crawl(site.seed_urls(), postgres_url, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    engine = create_db_engine(postgres_url)
    assert_site_stored_correctly(site, rows(engine))
    assert last_run(engine).status == "finished"
    engine.dispose()
