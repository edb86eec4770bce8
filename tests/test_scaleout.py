"""Scale-out: crawl processes with one PostgreSQL and one Redis share one run.

Real processes (``scrapy crawl``) against the local fixture site, whose article pages
answer slowly so that the run lasts long enough for every process to take part.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import warnings
from collections import Counter
from pathlib import Path

import pytest
from redis import Redis
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from sqlalchemy import select
from sqlalchemy.engine import make_url

from crawler.scaleout.addon import ScaleOut
from crawler.scaleout.board import QuietWatch, Snapshot, clear_run
from crawler.scaleout.keys import RunKeys, group_of
from crawler.scaleout.politeness import SitePoliteness
from crawler.scaleout.recorder import SharedRunRecorder, combined_reason, combined_stats
from pipelines.storage.database import create_db_engine
from pipelines.storage.models import CrawlRun
from pipelines.storage.run_lock import RunLockBusy, run_lock
from tests.helpers import (
    articles_served,
    assert_site_stored_correctly,
    crawl,
    rows,
    start_crawl,
    wait_for,
)
from tests.site.server import FixtureSite

SLOW = 1.5  # seconds an article page takes to answer
PER_SITE = 2  # requests at once to the site, for the whole run: the queue stays full longer
SHARED = ("-s", "SCALEOUT_WORKER_TTL=5",  # a killed process counts as dead sooner
          "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_SITE}")


def start_shared(site: FixtureSite, database_url: str, redis_url: str, tmp_path: Path,
                 count: int) -> list[tuple[subprocess.Popen[str], Path]]:
    started = []
    for number in range(count):
        log = tmp_path / f"crawl-{number}.log"
        started.append((start_crawl(site, database_url, tmp_path, {"REDIS_URL": redis_url},
                                    SHARED, log), log))
    return started


def exit_statuses(processes: list[tuple[subprocess.Popen[str], Path]]) -> list[int]:
    return [process.wait(timeout=240) for process, _ in processes]


def tails(processes: list[tuple[subprocess.Popen[str], Path]]) -> str:
    return "\n---\n".join(log.read_text()[-2000:] for _, log in processes)


def run_rows(database_url: str) -> list[CrawlRun]:
    engine = create_db_engine(database_url)
    with engine.connect() as conn:
        found = list(conn.execute(select(CrawlRun).order_by(CrawlRun.id)))
    engine.dispose()
    return found


def redis_keys(redis_url: str, database_url: str) -> list[bytes]:
    keys = RunKeys.from_settings(Settings({"DATABASE_URL": database_url}), "ev_partnerships")
    client = Redis.from_url(redis_url)
    try:
        return list(client.scan_iter(match=keys.pattern))
    finally:
        client.close()


def assert_fetched_once(site: FixtureSite) -> None:
    fetched = Counter(r.path for r in site.requests if r.path in site.article_paths)
    assert fetched and max(fetched.values()) == 1, fetched


@pytest.mark.e2e
@pytest.mark.postgres
@pytest.mark.parametrize("count", [2, 3])
def test_processes_share_one_run_and_end_it_by_themselves(
        count: int, site: FixtureSite, postgres_url: str, redis_url: str, tmp_path: Path) -> None:
    site.article_delay = SLOW
    processes = start_shared(site, postgres_url, redis_url, tmp_path, count)
    assert exit_statuses(processes) == [0] * count, tails(processes)
    # The add-on's window holds although Scrapy builds the spider before add-ons run:
    # article requests wait in Redis, where every process can take them.
    window = get_project_settings().getint("SCALEOUT_REQUEST_WINDOW")
    assert all(f"article requests out at a time: at most {window}\n" in log.read_text()
               for _, log in processes), tails(processes)

    engine = create_db_engine(postgres_url)
    assert_site_stored_correctly(site, rows(engine))
    engine.dispose()
    assert_fetched_once(site)
    assert site.max_in_flight <= PER_SITE
    [run] = run_rows(postgres_url)
    assert (run.status, run.finish_reason) == ("finished", "finished")
    assert run.articles_new == len(site.expected["articles"])
    assert len(run.workers) == count
    assert all(w["status"] == "finished" and w["pages_fetched"] > 0 for w in run.workers), \
        [(w["worker"], w["status"], w.get("pages_fetched")) for w in run.workers]
    assert sum(w["articles_new"] for w in run.workers) == run.articles_new
    assert sum(w["pages_fetched"] for w in run.workers) == run.pages_fetched
    assert redis_keys(redis_url, postgres_url) == []

    served = len(site.requests)  # a second shared run over the unchanged site
    again = start_shared(site, postgres_url, redis_url, tmp_path, count)
    assert exit_statuses(again) == [0] * count, tails(again)
    assert not {r.path for r in site.requests[served:]} & site.article_paths
    second = run_rows(postgres_url)[-1]
    assert (second.status, second.articles_new) == ("finished", 0) and second.not_modified > 0


@pytest.mark.e2e
@pytest.mark.postgres
def test_a_killed_process_loses_nothing(site: FixtureSite, postgres_url: str, redis_url: str,
                                        tmp_path: Path) -> None:
    site.article_delay = SLOW
    processes = start_shared(site, postgres_url, redis_url, tmp_path, 3)
    wait_for(lambda: articles_served(site) >= 4, timeout=120)
    victim, _ = processes.pop(1)
    os.killpg(victim.pid, signal.SIGKILL)  # with its extraction workers
    victim.wait(timeout=30)
    assert exit_statuses(processes) == [0, 0], tails(processes)
    [run] = run_rows(postgres_url)
    assert run.status == "finished"
    assert sorted(w["status"] for w in run.workers) == ["finished", "finished", "killed"]

    site.article_delay = 0.0
    again = crawl(site.seed_urls(), postgres_url, tmp_path, {"REDIS_URL": redis_url}, *SHARED)
    assert again.returncode == 0, again.stderr[-3000:]
    engine = create_db_engine(postgres_url)
    assert_site_stored_correctly(site, rows(engine))  # every article, each once
    engine.dispose()
    assert [r.status for r in run_rows(postgres_url)] == ["finished", "finished"]
    assert redis_keys(redis_url, postgres_url) == []


@pytest.mark.e2e
@pytest.mark.postgres
def test_a_second_run_is_refused_while_a_shared_run_goes_on(
        site: FixtureSite, postgres_url: str, redis_url: str, tmp_path: Path) -> None:
    site.article_delay = SLOW
    processes = start_shared(site, postgres_url, redis_url, tmp_path, 1)
    wait_for(lambda: articles_served(site) >= 1, timeout=120)
    alone = crawl(site.seed_urls(), postgres_url, tmp_path)
    other_redis = redis_url.rsplit("/", 1)[0] + "/1"
    elsewhere = crawl(site.seed_urls(), postgres_url, tmp_path, {"REDIS_URL": other_redis})
    assert exit_statuses(processes) == [0], tails(processes)
    assert alone.returncode == 3 and "another run" in alone.stderr
    assert elsewhere.returncode == 3 and "another Redis" in elsewhere.stderr
    assert_fetched_once(site)
    assert len(run_rows(postgres_url)) == 1


@pytest.mark.e2e
def test_a_shared_run_needs_postgresql(site: FixtureSite, sqlite_url: str, redis_url: str,
                                       tmp_path: Path) -> None:
    result = crawl(site.seed_urls(), sqlite_url, tmp_path, {"REDIS_URL": redis_url})
    assert result.returncode == 2 and "PostgreSQL" in result.stderr
    assert site.requests == []


@pytest.mark.e2e
@pytest.mark.postgres
@pytest.mark.parametrize("bad", ["localhost:6379", "http://127.0.0.1:6379/0",
                                 # redis-py would read database 0, or fail with a traceback
                                 "redis://127.0.0.1:6379/abc", "redis://127.0.0.1:abc/7",
                                 "redis://127.0.0.1:6379/7 "])
def test_a_redis_url_that_is_no_redis_url_is_bad_input(site: FixtureSite, postgres_url: str,
                                                       bad: str, tmp_path: Path) -> None:
    result = crawl(site.seed_urls(), postgres_url, tmp_path, {"REDIS_URL": bad})
    assert result.returncode == 2, result.stderr
    assert f"REDIS_URL {bad!r}" in result.stderr and "Traceback" not in result.stderr
    assert site.requests == []


@pytest.mark.postgres
@pytest.mark.postgres
def test_a_database_written_differently_names_the_same_run_keys(postgres_url: str) -> None:
    """Processes whose DATABASE_URL names one database in other words (another host name,
    the port left out, a password) share the run's Redis keys; another database does not."""
    url = make_url(postgres_url)
    spellings = [postgres_url, url.set(host="localhost"), url.set(port=None),
                 url.set(password="unused-with-trust-auth"), url.set(drivername="postgresql")]
    prefixes = {RunKeys.from_settings(
        Settings({"DATABASE_URL": s if isinstance(s, str) else s.render_as_string(False)}),
        "ev_partnerships").prefix for s in spellings}
    assert len(prefixes) == 1
    other = url.set(database="postgres").render_as_string(hide_password=False)
    assert RunKeys.from_settings(Settings({"DATABASE_URL": other}),
                                 "ev_partnerships").prefix not in prefixes


@pytest.mark.postgres
def test_joining_a_run_with_queued_requests_warns_of_nothing(postgres_url: str,
                                                             redis_url: str) -> None:
    """scrapy-redis says "Resuming crawl" through Scrapy's deprecated Spider.log: a
    deprecation warning in every joining process's log (and in cron mail at WARNING)."""
    from scrapy import Spider
    from scrapy.exceptions import ScrapyDeprecationWarning
    from scrapy.utils.test import get_crawler

    from crawler.scaleout.scheduler import RunScheduler
    from crawler.spiders.ev_partnerships import EvPartnershipsSpider

    settings = {"REDIS_URL": redis_url, "DATABASE_URL": postgres_url,
                "SCALEOUT_WORKER_ID": "test:1", "SCHEDULER_PERSIST": True,
                "DUPEFILTER_CLASS": "crawler.scaleout.scheduler.RunDupeFilter"}
    crawler = get_crawler(EvPartnershipsSpider, settings_dict=settings)
    spider = Spider(name="ev_partnerships")
    spider._set_crawler(crawler)
    keys = RunKeys.from_settings(crawler.settings, "ev_partnerships")
    client = Redis.from_url(redis_url)
    client.zadd(keys.requests, {b"queued by another process": 0})
    try:
        scheduler = RunScheduler.from_crawler(crawler)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            scheduler.open(spider)
            scheduler._beat.stop()
        assert not [w for w in caught if issubclass(w.category, ScrapyDeprecationWarning)]
    finally:
        clear_run(client, keys)
        client.close()


def site_politeness(client: Redis, keys: RunKeys, worker_id: str, limit: int = 1,
                    poll: float = 0.01) -> SitePoliteness:
    from scrapy.utils.test import get_crawler

    return SitePoliteness(get_crawler(), client, keys, limit=limit, delay=0, lease=60,
                          poll=poll, worker_id=worker_id)


def test_a_killed_process_s_site_leases_are_taken_back(redis_url: str) -> None:
    """A process killed mid-request leaves its leases on a site; another process at the
    site's limit takes them back once the killed one's state on the board has expired,
    instead of waiting DOWNLOAD_TIMEOUT + 30 s for them to lapse."""
    client = Redis.from_url(redis_url)
    keys = RunKeys(f"test-leases:{os.getpid()}")
    leases = keys.site("news.example")[0]
    politeness = site_politeness(client, keys, "host:3", limit=2)
    try:
        client.set(keys.worker("host:2"), "busy")  # alive; host:1 was killed (no state)
        client.zadd(leases, {"host:1 a": 2**50, "host:2 b": 2**50})  # far ahead
        assert politeness.acquire("news.example", "host:3 c", 0) == -1  # at its limit
        assert politeness.reclaim(leases) == 1
        assert politeness.reclaim(leases) == 0  # looked a moment ago
        assert sorted(client.zrange(leases, 0, -1)) == [b"host:2 b"]
        assert politeness.acquire("news.example", "host:3 c", 0) == 0
    finally:
        clear_run(client, keys)
        client.close()


def test_a_site_s_leases_go_to_its_waiters_in_turn(redis_url: str) -> None:
    """A process that gives a lease back and asks again at once queues behind the
    requests of other processes that were already waiting for the site."""
    client = Redis.from_url(redis_url)
    keys = RunKeys(f"test-turns:{os.getpid()}")
    first, second = (site_politeness(client, keys, f"host:{n}", limit=2) for n in (1, 2))
    leases = keys.site("news.example")[0]
    try:
        assert first.acquire("news.example", "host:1 a", 0) == 0
        assert first.acquire("news.example", "host:1 b", 0) == 0
        assert second.acquire("news.example", "host:2 c", 0) == -1  # waits
        assert second.acquire("news.example", "host:2 d", 0) == -1  # waits behind c
        client.zrem(leases, "host:1 a")  # first gives a lease back...
        assert first.acquire("news.example", "host:1 e", 0) == -1  # ...and cannot jump
        assert second.acquire("news.example", "host:2 d", 0) == -1  # nor can d pass c
        assert second.acquire("news.example", "host:2 c", 0) == 0
        client.zrem(leases, "host:1 b")
        assert first.acquire("news.example", "host:1 e", 0) == -1
        assert second.acquire("news.example", "host:2 d", 0) == 0
    finally:
        clear_run(client, keys)
        client.close()


def test_a_waiter_that_stops_asking_loses_its_place(redis_url: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A killed process's waiting request does not hold up a site's queue for long."""
    monkeypatch.setattr("crawler.scaleout.politeness.WAITER_GRACE", 0.05)
    client = Redis.from_url(redis_url)
    keys = RunKeys(f"test-lost-turn:{os.getpid()}")
    politeness = site_politeness(client, keys, "host:1")
    try:
        assert politeness.acquire("news.example", "host:1 a", 0) == 0
        assert politeness.acquire("news.example", "host:9 gone", 0) == -1
        client.zrem(keys.site("news.example")[0], "host:1 a")
        assert politeness.acquire("news.example", "host:1 b", 0) == -1  # gone is ahead
        time.sleep(0.2)  # gone did not ask again within poll + grace
        assert politeness.acquire("news.example", "host:1 b", 0) == 0
    finally:
        clear_run(client, keys)
        client.close()


def test_a_redis_server_written_differently_is_the_same_group() -> None:
    database = "postgresql://postgres@127.0.0.1:5432/test"
    groups = {group_of(Settings({"REDIS_URL": redis, "DATABASE_URL": database}))
              for redis in ("redis://127.0.0.1:6379/7", "redis://127.0.0.1/7",
                            "redis://127.0.0.1:6379/7/", "redis://:secret@127.0.0.1:6379/7")}
    assert len(groups) == 1
    assert group_of(Settings({"REDIS_URL": "redis://127.0.0.1:6379/8",
                              "DATABASE_URL": database})) not in groups


def test_group_lock_shares_within_a_group_and_refuses_others(postgres_url: str) -> None:
    with run_lock(postgres_url, "ev_partnerships", "a") as first, \
            run_lock(postgres_url, "ev_partnerships", "a") as second:
        assert first != second
        with pytest.raises(RunLockBusy), run_lock(postgres_url, "ev_partnerships", "b"):
            pass
        with pytest.raises(RunLockBusy), run_lock(postgres_url, "ev_partnerships"):
            pass
    with run_lock(postgres_url, "ev_partnerships"):  # all released
        with pytest.raises(RunLockBusy), run_lock(postgres_url, "ev_partnerships", "a"):
            pass


def test_the_run_is_over_only_after_two_quiet_looks_with_no_activity() -> None:
    watch = QuietWatch(confirm=3)
    assert not watch.over(Snapshot(0, 0, 5), now=0)
    assert not watch.over(Snapshot(0, 0, 5), now=2)  # not quiet for long enough
    assert not watch.over(Snapshot(0, 0, 6), now=4)  # someone turned busy in between
    assert not watch.over(Snapshot(1, 0, 6), now=8)  # a request is queued
    assert not watch.over(Snapshot(0, 1, 6), now=9)  # another process is busy
    assert not watch.over(Snapshot(0, 0, 6), now=10)
    assert watch.over(Snapshot(0, 0, 6), now=13)


def test_counts_of_processes_add_up_and_seeds_are_counted_once() -> None:
    workers = [{"finish_reason": "finished", "stats": {"store/new": 3, "discovery/seeds": 4,
                                                      "start_time": "2026-11-29T10:00:00"}},
               {"finish_reason": "finished", "stats": {"store/new": 2, "discovery/seeds": 4}},
               {"status": "killed", "lock_pid": 7}]
    assert combined_stats(workers) == {"store/new": 5, "discovery/seeds": 4}
    assert combined_reason(workers) == "finished"
    workers[1]["finish_reason"] = "database_error"
    assert combined_reason(workers) == "database_error"


def _project_settings(**overrides: str) -> Settings:
    settings = get_project_settings()
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    ScaleOut().update_settings(settings)
    return settings


def test_without_redis_url_nothing_changes() -> None:
    settings = _project_settings(REDIS_URL="")
    assert settings.get("SCHEDULER") == "scrapy.core.scheduler.Scheduler"
    assert settings.getint("DISCOVERY_REQUEST_WINDOW") == 256
    assert SharedRunRecorder not in settings.getdict("EXTENSIONS")


def test_with_redis_url_the_shared_run_components_are_used() -> None:
    settings = _project_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert settings.get("SCHEDULER") == "crawler.scaleout.scheduler.RunScheduler"
    assert settings.getbool("SCHEDULER_PERSIST")
    assert settings.getint("DISCOVERY_REQUEST_WINDOW") == settings.getint("SCALEOUT_REQUEST_WINDOW")
    assert settings.getdict("EXTENSIONS")[SharedRunRecorder] == 500
    assert SitePoliteness in settings.getdict("DOWNLOADER_MIDDLEWARES")
    given = _project_settings(REDIS_URL="redis://127.0.0.1:6379/0", DISCOVERY_REQUEST_WINDOW="64")
    assert given.getint("DISCOVERY_REQUEST_WINDOW") == 64  # a -s value is kept
