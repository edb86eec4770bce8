"""Layer 4: the real ``scrapy crawl ev_partnerships`` against the local fixture site.

Each test starts the fixture site on a free port, runs the crawl in a subprocess and
asserts on the rows in the database, on the run's record and on the site's request log.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from pipelines.database import create_db_engine
from pipelines.models import Article, ArticleUrl, Company, CompanyMention, CrawlRun
from tests.site.server import FixtureSite

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "EXTRACT_WORKERS=2",
        "-s", "SSRF_ALLOWED_NETWORKS=127.0.0.0/8",
        "-s", "STORE_BATCH_MAX_DELAY=0.2", "-s", "LOG_LEVEL=INFO"]


def crawl_environment(database_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment for a crawl subprocess: no proxies (the site is local)
    unless ``extra`` sets one, and the database to write to."""
    environment = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    environment.update({"DATABASE_URL": database_url, **(extra or {})})
    return environment


def crawl(seeds: list[str] | str, database_url: str, tmp_path: Path,
          env: dict[str, str] | None = None, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real crawl in a subprocess; return its exit status and output."""
    seeds_file = tmp_path / "seeds.txt"
    text = seeds if isinstance(seeds, str) else "".join(f"{s}  # test seed\n" for s in seeds)
    seeds_file.write_text(text)
    environment = crawl_environment(database_url, env)
    command = [sys.executable, "-m", "scrapy", "crawl", "ev_partnerships",
               "-a", f"seeds={seeds_file}", *FAST, *args]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=300, check=False)


def rows(engine: Engine) -> dict[str, Any]:
    """The stored articles by URL path, with their aliases and companies."""
    with engine.connect() as conn:
        articles = {a.id: a for a in conn.execute(select(Article))}
        aliases: dict[int, set[str]] = {}
        for article_id, url in conn.execute(select(ArticleUrl.article_id, ArticleUrl.url)):
            aliases.setdefault(article_id, set()).add(url)
        companies: dict[int, set[str]] = {}
        query = select(CompanyMention.article_id, Company.name).join(Company)
        for article_id, name in conn.execute(query):
            companies.setdefault(article_id, set()).add(name)
    return {
        _path(a.url): {"row": a, "aliases": {_path(u) for u in aliases.get(i, ())},
                       "companies": companies.get(i, set())}
        for i, a in articles.items()
    }


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _canonical_path(path: str) -> str:
    return path.rstrip("/") or "/"


def _find(stored: dict[str, Any], path: str) -> dict[str, Any]:
    """The stored article reached under ``path``; a syndicated copy fetched first may own it."""
    matches = [entry for entry in stored.values() if _canonical_path(path) in entry["aliases"]]
    assert len(matches) == 1, f"{path}: stored {len(matches)} times"
    return matches[0]


def assert_site_stored_correctly(site: FixtureSite, stored: dict[str, Any]) -> None:
    expected = site.expected["articles"]
    assert len(stored) == len(expected), sorted(stored)
    for path, truth in expected.items():
        got = _find(stored, path)
        row = got["row"]
        assert row.title == truth["title"], path
        assert row.text.splitlines()[0] == truth["title"], path
        assert truth["first_paragraph"] in row.text, path
        assert row.relevant is truth["relevant"], path
        assert set(truth["companies"]) <= got["companies"], path
        assert {_canonical_path(a) for a in truth["aliases"]} == got["aliases"], path
        assert row.authors == truth["authors"], path
        want = datetime.fromisoformat(truth["published_at"])
        assert row.published_at == want, path
        for phrase in site.expected["chrome_phrases"]:
            assert phrase not in row.text, (path, phrase)


def last_run(engine: Engine) -> CrawlRun:
    with engine.connect() as conn:
        return conn.execute(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()


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
    assert run.stats.get("extract/dropped/no_article_text", 0) >= len(site.expected["no_article"])
    assert run.stats.get("robotstxt/forbidden", 0) >= 1  # the disallowed article was linked

    again = crawl(site.seed_urls(), database_url, tmp_path)
    assert again.returncode == 0, again.stderr[-3000:]
    assert len(rows(engine)) == len(site.expected["articles"])
    assert last_run(engine).articles_new == 0
    engine.dispose()


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
        result = crawl(dead, sqlite_url, tmp_path)
    assert result.returncode == 1
    assert "all_seeds_failed" in result.stderr.splitlines()[-1]
    engine = create_db_engine(sqlite_url)
    run = last_run(engine)
    engine.dispose()
    assert (run.status, run.finish_reason) == ("failed", "all_seeds_failed")
