"""The throughput benchmark's own parts: the generated site, its server, the naive spider and
the process-tree measurement. The benchmark itself is run by hand (benchmarks/throughput.py)."""

from __future__ import annotations

import gzip
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit

import pytest
from parsel import Selector

from benchmarks.measure import run_measured
from benchmarks.runs import ROOT, environment, served
from benchmarks.site import GeneratedSite, generate
from crawler.discovery.feeds import read_listing
from crawler.discovery.links import article_links, next_page_link
from pipelines.extract import extract_article
from pipelines.topics.catalog import load_catalog
from pipelines.topics.relevance import tag

ARTICLES = 45


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GeneratedSite, str]]:
    root = tmp_path_factory.mktemp("bench-site")
    with served(root) as (_, port):
        base = f"http://127.0.0.1:{port}"
        yield generate(root, ARTICLES, base, datetime.now(UTC)), base


def get(url: str, **headers: str) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except HTTPError as error:
        return error.code, b"", dict(error.headers)


def _sitemap_urls(base: str) -> set[str]:
    found: set[str] = set()
    for link in read_listing(get(base + "/sitemap_index.xml")[1], base).links:
        body = get(link.url)[1]
        body = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
        found |= {urlsplit(entry.url).path for entry in read_listing(body, base).links}
    return found


def test_every_article_is_in_a_sitemap_and_on_its_topic_pages(
        site: tuple[GeneratedSite, str]) -> None:
    generated, base = site
    assert len(generated.article_paths) == ARTICLES
    assert _sitemap_urls(base) >= generated.article_paths
    on_topics: set[str] = set()
    for seed in generated.seed_paths:
        url: str | None = base + seed
        while url and "/topics/" in url:
            page = Selector(text=get(url)[1].decode())
            on_topics |= {urlsplit(u).path for u in article_links(page, url)}
            url = next_page_link(page, url)
    assert on_topics == generated.article_paths
    feed = read_listing(get(base + "/feed.xml")[1], base).links
    assert feed and {urlsplit(link.url).path for link in feed} <= generated.article_paths


def test_article_pages_are_realistic_and_on_topic(site: tuple[GeneratedSite, str]) -> None:
    generated, base = site
    sizes, relevant = [], 0
    for url_path in sorted(generated.article_paths)[:12]:
        status, body, _ = get(base + url_path)
        assert status == 200
        sizes.append(len(body))
        article = extract_article(body.decode(), base + url_path)
        assert article is not None and len(article.text) > 1500
        relevant += tag(load_catalog(), article.text).relevant
    assert 40_000 < sum(sizes) / len(sizes) < 55_000
    assert relevant >= 9


def test_server_answers_conditional_requests(site: tuple[GeneratedSite, str]) -> None:
    _, base = site
    status, _, headers = get(base + "/feed.xml")
    assert status == 200 and headers["Content-Type"] == "application/xml"
    assert get(base + "/feed.xml", **{"If-None-Match": headers["ETag"]})[0] == 304
    assert get(base + "/feed.xml", **{"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert get(base + "/no/such/page")[0] == 404


def test_naive_spider_stores_every_article(site: tuple[GeneratedSite, str], tmp_path: Path) -> None:
    generated, base = site
    database = tmp_path / "naive.db"
    command = [sys.executable, "-m", "benchmarks.naive", base + "/", str(database)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=120,
                   env=environment())
    with sqlite3.connect(database) as conn:
        stored = {urlsplit(url).path for (url,) in conn.execute("SELECT url FROM pages")}
    assert stored >= generated.article_paths


def test_measurement_sums_the_memory_of_child_processes(tmp_path: Path) -> None:
    touch = "b[::4096] = b'x' * len(b[::4096])"  # pages are resident only once written
    child = f"import time; b = bytearray(120_000_000); {touch}; time.sleep(1)"
    parent = (f"import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', {child!r}]);"
              f" b = bytearray(60_000_000); {touch}; p.wait()")
    measured = run_measured([sys.executable, "-c", parent], tmp_path / "log")
    assert measured.returncode == 0
    assert measured.peak_mb > 180
    assert measured.wall >= 1 and measured.cpu > 0


def test_the_benchmark_refuses_a_keep_folder_that_exists(tmp_path: Path) -> None:
    """``--keep`` names a new folder: one that exists is a usage error (exit 2), not a
    traceback, and nothing in it is touched."""
    (tmp_path / "earlier.db").write_text("kept")
    done = subprocess.run([sys.executable, "-m", "benchmarks.throughput", "--articles", "10",
                           "--keep", str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and f"--keep {tmp_path}: already exists" in done.stderr
    assert "Traceback" not in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["earlier.db"]
