"""The pieces the throughput benchmark runs: the site server, a fresh database, the two crawlers.

The site is served by :mod:`benchmarks.server` in its own process. The project's crawler
runs as the real ``scrapy crawl ev_partnerships`` with the project's pipelines; the only
settings changed are those a local benchmark needs (loopback allowed, no AutoThrottle,
more requests in flight to the one local site than politeness allows a real one).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from benchmarks.measure import Measurement, run_measured
from pipelines.storage.database import create_db_engine, normalise_url
from pipelines.storage.models import Article, CrawlRun

ROOT = Path(__file__).resolve().parent.parent
LOCAL_SETTINGS = ("SSRF_ALLOWED_NETWORKS=127.0.0.0/8", "AUTOTHROTTLE_ENABLED=False",
                  "CONCURRENT_REQUESTS_PER_DOMAIN=16", "LOG_LEVEL=INFO")


@dataclass(frozen=True)
class CrawlResult:
    """A measured crawl and what it left in its database."""

    measurement: Measurement
    stored: int  # article rows in the database after the run
    pages: int  # responses received, as the run counted them
    crawl_seconds: float  # from the spider's start to its end, as the run recorded them


def environment(**extra: str) -> dict[str, str]:
    """This process's environment without proxies (the site is local), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(extra)
    return env


@contextmanager
def served(root: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """The benchmark server over ``root`` in a child process, and its port."""
    server = subprocess.Popen([sys.executable, "-m", "benchmarks.server", str(root)], cwd=ROOT,
                              stdout=subprocess.PIPE, env=environment())
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        yield server, port
    finally:
        server.kill()
        server.wait()
        if server.stdout is not None:
            server.stdout.close()


@contextmanager
def fresh_database(url: str, folder: Path) -> Iterator[str]:
    """An empty database: a new SQLite file in ``folder``, or a new PostgreSQL database on
    the server ``url`` names, dropped afterwards (other databases there are left alone)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        yield f"sqlite:///{folder / f'crawl-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"evp_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_crawler(seeds: Path, database_url: str, log: Path, settings: Sequence[str]) -> CrawlResult:
    """``scrapy crawl ev_partnerships`` on ``seeds``, measured; what it stored."""
    command = [sys.executable, "-m", "scrapy", "crawl", "ev_partnerships", "-a", f"seeds={seeds}"]
    for setting in (*LOCAL_SETTINGS, *settings):
        command += ["-s", setting]
    measurement = run_measured(command, log, cwd=ROOT, env=environment(DATABASE_URL=database_url))
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(Article)).scalar_one()
            run = conn.execute(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()
    finally:
        engine.dispose()
    elapsed = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0.0
    return CrawlResult(measurement, stored, run.pages_fetched or 0, elapsed)


def run_naive(start_url: str, database: Path, log: Path,
              article_paths: frozenset[str]) -> CrawlResult:
    """The naive spider from the home page, measured; how many article pages it stored."""
    command = [sys.executable, "-m", "benchmarks.naive", start_url, str(database)]
    measurement = run_measured(command, log, cwd=ROOT, env=environment())
    with sqlite3.connect(database) as conn:
        urls = [row[0] for row in conn.execute("SELECT url FROM pages")]
    stored = sum(1 for url in urls if urlsplit(url).path in article_paths)
    return CrawlResult(measurement, stored, _responses(log), measurement.wall)


def _responses(log: Path) -> int:
    """Scrapy's response count from the stats it dumps at the end of its log."""
    for line in reversed(log.read_text(errors="replace").splitlines()):
        if "'response_received_count':" in line:
            return int(line.split(":")[1].strip().rstrip(","))
    return 0
