"""Helpers shared by the test modules: service discovery, crawl subprocesses, stored rows.

Test modules import from here, never from each other.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine, select

from pipelines.storage.models import Article, ArticleUrl, Company, CompanyMention, CrawlRun
from tests.site.server import FixtureSite

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    """Skip a test whose service is missing; under CI=true, fail it."""
    if IN_CI:
        pytest.fail(f"{reason} (under CI=true this is a failure, not a skip)")
    pytest.skip(reason)


FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "EXTRACT_WORKERS=2",
        "-s", "SSRF_ALLOWED_NETWORKS=127.0.0.0/8",
        "-s", "STORE_BATCH_MAX_DELAY=0.2", "-s", "LOG_LEVEL=INFO"]


def crawl_environment(database_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment for a crawl subprocess: no proxies (the site is local)
    and no shared run (``REDIS_URL``) unless ``extra`` sets them, and the database."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.lower().endswith("_proxy") and k != "REDIS_URL"}
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
        url_path(a.url): {"row": a, "aliases": {url_path(u) for u in aliases.get(i, ())},
                       "companies": companies.get(i, set())}
        for i, a in articles.items()
    }


def url_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def canonical_path(path: str) -> str:
    return path.rstrip("/") or "/"


def find_stored(stored: dict[str, Any], path: str) -> dict[str, Any]:
    """The stored article reached under ``path``; a syndicated copy fetched first may own it."""
    matches = [entry for entry in stored.values() if canonical_path(path) in entry["aliases"]]
    assert len(matches) == 1, f"{path}: stored {len(matches)} times"
    return matches[0]


def assert_site_stored_correctly(site: FixtureSite, stored: dict[str, Any]) -> None:
    expected = site.expected["articles"]
    assert len(stored) == len(expected), sorted(stored)
    for path, truth in expected.items():
        got = find_stored(stored, path)
        row = got["row"]
        assert row.title == truth["title"], path
        assert row.text.splitlines()[0] == truth["title"], path
        assert truth["first_paragraph"] in row.text, path
        assert row.relevant is truth["relevant"], path
        assert set(truth["companies"]) <= got["companies"], path
        assert {canonical_path(a) for a in truth["aliases"]} == got["aliases"], path
        assert row.authors == truth["authors"], path
        want = datetime.fromisoformat(truth["published_at"])
        assert row.published_at == want, path
        for phrase in site.expected["chrome_phrases"]:
            assert phrase not in row.text, (path, phrase)


def last_run(engine: Engine) -> CrawlRun:
    with engine.connect() as conn:
        return conn.execute(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()



def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the crawl"
        time.sleep(0.05)


def start_crawl(site: FixtureSite, database_url: str, tmp_path: Path,
                env: dict[str, str] | None = None, args: tuple[str, ...] = (),
                log: Path | None = None) -> subprocess.Popen[str]:
    """A crawl of ``site`` in a subprocess, running; its stderr is piped, or written to
    ``log`` (several crawls at once: a full pipe would stall a crawl)."""
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("".join(f"{s}\n" for s in site.seed_urls()))
    command = [sys.executable, "-m", "scrapy", "crawl", "ev_partnerships", "-a",
               f"seeds={seeds}", *FAST, *args]
    stderr = subprocess.PIPE if log is None else log.open("w")
    try:
        return subprocess.Popen(command, cwd=ROOT, env=crawl_environment(database_url, env),
                                stdout=subprocess.DEVNULL, stderr=stderr, text=True,
                                start_new_session=True)
    finally:
        if log is not None:
            stderr.close()


def articles_served(site: FixtureSite) -> int:
    return sum(1 for r in site.requests if r.path in site.article_paths)


def crawl_until_served(site: FixtureSite, database_url: str, tmp_path: Path, delay: float,
                        served: int) -> subprocess.Popen[str]:
    """A crawl of a slow site, running once ``served`` article pages were requested."""
    site.article_delay = delay
    process = start_crawl(site, database_url, tmp_path)
    wait_for(lambda: articles_served(site) >= served)
    return process


def scrapy_command(args: list[str], database_url: str,
                   **popen: Any) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy <args>`` (export, report, ...) on ``database_url``; return how it ended."""
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT,
                          env=crawl_environment(database_url), capture_output=True, text=True,
                          timeout=300, check=False, **popen)
