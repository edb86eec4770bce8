"""Layer 4: the real crawl against the hostile site; bounded, safe, and nothing lost uncounted.

One crawl walks every trap at once (they run side by side, as on the web); the tests
then read the site's request log, the stored rows and the run's stats.
"""

from __future__ import annotations

import json
import resource
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipelines.storage.database import create_db_engine
from tests.helpers import crawl, last_run, rows
from tests.hostile import pages
from tests.hostile.server import HONEST, SESSION_STORY, HostileSite

SECRET = "TOPSECRET-MARKER-7f3a"
CREDENTIALS = {"Authorization": "Bearer hostile-test-token", "Cookie": "session=hostile-cookie",
               "Proxy-Authorization": "Basic aG9zdGlsZTp0ZXN0"}
LIMITS = ["-s", "SSRF_ALLOWED_NETWORKS=127.0.0.2/32,127.0.0.3/32", "-s", "DOWNLOAD_TIMEOUT=3",
          "-s", "EXTRACT_TIMEOUT=3", "-s", "RETRY_AFTER_MAX=5", "-s", "CONCURRENT_REQUESTS=48",
          "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=48", "-s", "MEMUSAGE_CHECK_INTERVAL_SECONDS=0.5",
          "-s", f"DEFAULT_REQUEST_HEADERS={json.dumps(CREDENTIALS)}"]


@dataclass
class HostileRun:
    site: HostileSite
    elsewhere: HostileSite
    victim: HostileSite
    stored: dict[str, Any]
    stats: dict[str, Any]
    peak_rss_mb: float
    returncode: int
    stderr: str


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileRun]:
    tmp_path = tmp_path_factory.mktemp("hostile")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    for encoding in ("gzip", "deflate", "br", "nested"):
        pages.bomb(encoding)  # built before the crawl starts, so its clock does not run
    pages.sitemap_bomb()
    with HostileSite("127.0.0.1") as victim, HostileSite("127.0.0.3") as elsewhere:
        targets = {"elsewhere": elsewhere.base_url,
                   "internal": victim.base_url.replace("127.0.0.1", "localhost")}
        with HostileSite("127.0.0.2", targets, str(secret)) as site:
            port = victim.base_url.rsplit(":", 1)[1]
            seeds = [f"{site.base_url}/topic/", f"{site.base_url}/feed.xml",
                     f"{site.base_url}/sitemap.xml.gz", f"{elsewhere.base_url}/",
                     *(f"http://{host}:{port}/topic/" for host in
                       ("localhost", "127.1", "2130706433", "0x7f.1", "[::1]"))]
            database = f"sqlite:///{tmp_path / 'hostile.db'}"
            result = crawl(seeds, database, tmp_path, None, *LIMITS)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        engine = create_db_engine(database)
        stored, stats = rows(engine), last_run(engine).stats
        engine.dispose()
        yield HostileRun(site, elsewhere, victim, stored, stats, peak, result.returncode,
                         result.stderr)


def titles(run: HostileRun) -> set[str]:
    return {entry["row"].title for entry in run.stored.values()}


@pytest.mark.e2e
def test_the_run_finishes_and_stores_exactly_the_honest_articles(hostile_run: HostileRun) -> None:
    assert hostile_run.returncode == 0, hostile_run.stderr[-3000:]
    paths = set(hostile_run.stored)
    expected = {*HONEST, SESSION_STORY, "/news/feed-listed-story", "/news/cross-site-landing-story"}
    expected = (expected - {"/news/redirect-chain-story"}) | {"/news/chain-hops-target-story"}
    assert paths == expected


@pytest.mark.e2e
def test_bombs_and_oversized_bodies_are_cut_off_with_bounded_memory(hostile_run: HostileRun) -> None:
    stats, site = hostile_run.stats, hostile_run.site
    assert stats["download/dropped/decompressed_too_large"] == 4  # gzip, deflate, br, nested
    assert stats["discovery/skipped/sitemap_too_large"] == 1  # the .xml.gz sitemap bomb
    # 50 MB twice and the endless body are cut by size (or, on a crawled machine, by time);
    # the stalled and the 10-second page by time.
    cut = ("discovery/errors/DownloadCancelledError", "discovery/errors/DownloadTimeoutError")
    assert sum(stats.get(key, 0) for key in cut) == 5
    # Refused on its Content-Length: what was sent is what socket buffers took, not 50 MB.
    assert site.hits("/news/fifty-megabytes-story")[0].sent < 10 * (1 << 20)
    # Each bomb inflates to 512 MB; the crawl (about 125 MB idle) never held one. Its peak
    # RSS (Scrapy's memusage/max) stays under what a single inflated bomb would take.
    assert stats["memusage/max"] < 560 * 1024 * 1024, stats["memusage/max"]
    assert hostile_run.peak_rss_mb < 1024  # the largest process, extraction workers included
    print(f"peak RSS: crawl {stats['memusage/max'] / 2**20:.0f} MB, "
          f"largest child {hostile_run.peak_rss_mb:.0f} MB")


@pytest.mark.e2e
def test_stalls_slow_pages_and_broken_transfers_fail_after_bounded_retries(
        hostile_run: HostileRun) -> None:
    site, stats = hostile_run.site, hostile_run.stats
    for path in ("/news/stall-after-headers-story", "/news/ten-seconds-story",
                 "/news/truncated-body-story", "/news/broken-chunked-story",
                 "/news/connection-reset-story", "/news/server-error-story"):
        assert len(site.hits(path)) == 3, path  # RETRY_TIMES=2
    assert stats["discovery/errors/ResponseDataLossError"] == 3
    assert len(site.hits("/news/flaky-once-story")) == 2


@pytest.mark.e2e
def test_retry_after_is_honoured_up_to_its_bound(hostile_run: HostileRun) -> None:
    site, stats = hostile_run.site, hostile_run.stats
    for path in ("/news/retry-after-story", "/news/throttled-plain-text-story",
                 "/news/throttled-broken-gzip-story"):  # stored: see the test of what is stored
        first, second = site.hits(path)
        assert second.at - first.at >= 0.95, path
    assert len(site.hits("/news/retry-after-too-long-story")) == 1
    assert stats["retry_after/too_long"] == 1 and stats["retry_after/waited"] == 3
    assert "download/dropped/bad_encoding" not in stats


@pytest.mark.e2e
def test_redirect_loops_refresh_loops_calendars_and_session_ids_are_bounded(
        hostile_run: HostileRun) -> None:
    site = hostile_run.site
    assert len(site.hits("/hop/many/")) == 10  # REDIRECT_MAX_TIMES
    assert not site.hits("/news/many-hops-target-story")
    assert len(site.hits("/refresh/")) <= 10
    assert len(site.hits("/news/redirect-loop-story")) == len(site.hits("/loop/back")) == 1
    assert len(site.hits("/archive/")) == 3  # DISCOVERY_PAGINATION_DEPTH
    assert len(site.hits(SESSION_STORY)) == 1


@pytest.mark.e2e
def test_binaries_behind_article_urls_are_not_downloaded(hostile_run: HostileRun) -> None:
    site, stats = hostile_run.site, hostile_run.stats
    assert stats["discovery/skipped/content_type/application/pdf"] == 1
    assert stats["discovery/skipped/content_type/image/jpeg"] == 1
    assert stats["discovery/skipped/attachment"] == 1
    for path in ("/news/annual-report-story", "/news/photo-gallery-story"):
        (record,) = site.hits(path)
        assert record.sent < 10 * (1 << 20), (path, record.sent)  # of 20 MB


@pytest.mark.e2e
def test_a_page_that_hangs_extraction_is_dropped_and_the_crawl_goes_on(
        hostile_run: HostileRun) -> None:
    assert hostile_run.stats["extract/dropped/timeout"] == 1
    assert "Broken markup story" in titles(hostile_run)


@pytest.mark.e2e
def test_nothing_reaches_the_local_network(hostile_run: HostileRun) -> None:
    assert hostile_run.victim.requests == []
    assert hostile_run.stats["ssrf/blocked/loopback"] >= 6  # five seeds and one redirect
    assert not hostile_run.site.hits("/xxe-probe")
    assert all(SECRET not in e["row"].text for e in hostile_run.stored.values())


@pytest.mark.e2e
def test_credentials_do_not_follow_a_redirect_to_another_site(hostile_run: HostileRun) -> None:
    own = hostile_run.site.hits("/news/plain-control-story")[0].headers
    assert own["Authorization"] == CREDENTIALS["Authorization"]
    assert own["Cookie"] == CREDENTIALS["Cookie"]
    (landing,) = hostile_run.elsewhere.hits("/news/cross-site-landing-story")
    assert "Authorization" not in landing.headers and "Cookie" not in landing.headers
    everything = hostile_run.site.requests + hostile_run.elsewhere.requests
    assert all("Proxy-Authorization" not in r.headers for r in everything)


@pytest.mark.e2e
def test_text_in_every_encoding_is_stored_without_mojibake(hostile_run: HostileRun) -> None:
    for path, (text, *_rest) in pages.ENCODED.items():
        row = hostile_run.stored[path]["row"]
        assert row.title == text, path
        assert text in row.text and "\ufffd" not in row.text and "Ã" not in row.text, path
    broken = hostile_run.stored["/news/broken-markup-story"]["row"]
    assert "\x00" not in broken.text and "Tesla and Nvidia expand their partnership" in broken.text


@pytest.mark.e2e
def test_hostile_text_is_stored_intact(hostile_run: HostileRun) -> None:
    row = hostile_run.stored["/news/special-characters-story"]["row"]
    assert row.title == pages.SPECIAL_TITLE and len(row.title) >= 300
    assert row.text.splitlines() == [pages.SPECIAL_TITLE, *pages.SPECIAL_LINES]


@pytest.mark.e2e
def test_awkward_text_and_encodings_survive_storage_on_each_database(
        database_url: str, tmp_path: Path) -> None:
    with HostileSite("127.0.0.2") as site:
        result = crawl([f"{site.base_url}/honest/"], database_url, tmp_path, None,
                       "-s", "SSRF_ALLOWED_NETWORKS=127.0.0.2/32", "-s", "RETRY_AFTER_MAX=5")
    assert result.returncode == 0, result.stderr[-3000:]
    engine = create_db_engine(database_url)
    stored = rows(engine)
    engine.dispose()
    special = stored["/news/special-characters-story"]["row"]
    assert special.title == pages.SPECIAL_TITLE
    assert special.text.splitlines() == [pages.SPECIAL_TITLE, *pages.SPECIAL_LINES]
    for path, (text, *_rest) in pages.ENCODED.items():
        assert stored[path]["row"].title == text, path


@pytest.mark.e2e
def test_the_crawl_keeps_flowing_while_traps_hold_connections(hostile_run: HostileRun) -> None:
    site = hostile_run.site
    last_stall = max(r.at for r in site.hits("/news/stall-after-headers-story"))
    for path in HONEST:
        assert min(r.at for r in site.hits(path)) < last_stall, path
