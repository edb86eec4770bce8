"""Shared runs measured: 1 and N crawl processes in one run, through PostgreSQL and Redis.

For each process count, a new PostgreSQL database and the same generated site: the
processes start together with the same ``DATABASE_URL`` and ``REDIS_URL`` and end by
themselves. Printed per count: articles stored per second of wall time (first start to
last exit), the crawl processes' CPU seconds (with their extraction workers) and summed
peak memory, and where the rest of the time went: seconds PostgreSQL spent executing the
run's statements (``pg_stat_database.active_time`` of the run's database) and its
transactions, CPU seconds of Redis and of the site server, Redis commands and the server
time they took (``INFO commandstats``). ``busy`` is the CPU time of the crawlers, Redis,
the site and PostgreSQL's active time as a share of what the machine's cores could give
over the wall time: near 100% the machine is saturated and more processes on it cannot
help; more machines can. ``machine`` is how busy the whole machine's CPUs were over the
run (``/proc/stat``, other work on the machine included).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from redis import Redis
from sqlalchemy import func, select, text

from benchmarks.measure import Measurement, cpu_seconds, run_measured
from benchmarks.runs import LOCAL_SETTINGS, ROOT, environment
from pipelines.storage.database import create_db_engine
from pipelines.storage.models import Article, CrawlRun

SERVICES = {"redis": "redis-server"}  # name -> process name


@dataclass(frozen=True)
class SharedResult:
    """One shared run: its processes' measurements and what it cost the services."""

    processes: list[Measurement]
    wall: float  # seconds from the first start to the last exit
    stored: int  # article rows after the run
    pages: int  # responses received by all processes (crawl_runs.pages_fetched)
    per_process_pages: list[int]
    service_cpu: dict[str, float]  # CPU seconds by service during the run (postgres: active)
    commits: int  # PostgreSQL transactions committed in the run's database
    redis_calls: int  # Redis commands served during the run
    redis_ms: float  # Redis server time those commands took, in ms
    machine_busy: float  # share of the machine's CPU time not idle during the run, 0..1


def _pids_named(name: str) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and Path(f"/proc/{entry}/comm").read_text().strip() == name:
                pids.append(int(entry))
        except OSError:
            continue
    return pids


def services_cpu() -> dict[str, float]:
    """CPU seconds used so far by each local service's processes (alive now)."""
    return {service: sum(cpu_seconds(pid) for pid in _pids_named(name))
            for service, name in SERVICES.items()}


def cpu_ticks() -> tuple[int, int]:
    """The machine's CPU time so far in clock ticks: (total, idle + iowait) (``/proc/stat``)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(fields), fields[3] + fields[4]


def redis_commands(client: Redis) -> tuple[int, float]:
    """Commands served by Redis so far and their server time in ms (``INFO commandstats``)."""
    stats = client.info("commandstats")
    return (sum(int(v["calls"]) for v in stats.values()),
            sum(float(v["usec"]) for v in stats.values()) / 1000)


def _command(seeds: Path, settings: Sequence[str]) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "ev_partnerships", "-a", f"seeds={seeds}"]
    for setting in (*LOCAL_SETTINGS, *settings):
        command += ["-s", setting]
    return command


_DATABASE_TIME = text("SELECT active_time / 1000.0, xact_commit FROM pg_stat_database"
                      " WHERE datname = current_database()")


def _stored(database_url: str) -> tuple[int, int, list[int], float, int]:
    """Articles stored, pages fetched, pages per process, PostgreSQL's active seconds and
    commits in the run's database (the statistics of ended sessions are flushed by then)."""
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(Article)).scalar_one()
            run = conn.execute(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()
            active, commits = conn.execute(_DATABASE_TIME).one()
    finally:
        engine.dispose()
    return (stored, run.pages_fetched or 0, [w.get("pages_fetched", 0) for w in run.workers],
            float(active or 0), int(commits or 0))


def run_shared(seeds: Path, database_url: str, redis_url: str, folder: Path, count: int,
               settings: Sequence[str], server_pid: int) -> SharedResult:
    """``count`` crawl processes in one shared run, measured together."""
    command = _command(seeds, settings)
    env = environment(DATABASE_URL=database_url, REDIS_URL=redis_url)
    client = Redis.from_url(redis_url)
    cpu_before, calls_before = services_cpu(), redis_commands(client)
    site_before, ticks_before = cpu_seconds(server_pid), cpu_ticks()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(run_measured, command, folder / f"shared-{count}-{i}.log", ROOT,
                               env) for i in range(count)]
        measurements = [f.result() for f in futures]
    wall = time.perf_counter() - started
    total, idle = (after - before for after, before in zip(cpu_ticks(), ticks_before, strict=True))
    cpu_after, calls_after = services_cpu(), redis_commands(client)
    client.close()
    service_cpu = {k: cpu_after[k] - cpu_before.get(k, 0.0) for k in cpu_after}
    service_cpu["site"] = cpu_seconds(server_pid) - site_before
    time.sleep(1)  # PostgreSQL publishes the ended sessions' statistics
    stored, pages, per_process, service_cpu["postgres"], commits = _stored(database_url)
    return SharedResult(measurements, wall, stored, pages, per_process, service_cpu, commits,
                        calls_after[0] - calls_before[0], calls_after[1] - calls_before[1],
                        1 - idle / total if total else 0.0)


def report(results: dict[int, SharedResult]) -> None:
    """Print one line per process count, then how the rate grew."""
    cores = os.cpu_count() or 1
    print(f"{'processes':<10}{'stored':>8}{'pages':>7}{'wall s':>8}{'art/s':>7}{'CPU s':>7}"
          f"{'peak MB':>8}{'pg act s':>9}{'commits':>8}{'redis CPU':>10}{'site CPU':>9}{'redis cmds':>11}"
          f"{'redis ms':>9}{'busy':>6}{'machine':>8}  exits  pages by process")
    for count, r in results.items():
        cpu = sum(m.cpu for m in r.processes)
        peak = sum(m.peak_mb for m in r.processes)
        busy = 100 * (cpu + sum(r.service_cpu.values())) / (cores * r.wall)
        exits = ",".join(str(m.returncode) for m in r.processes)
        print(f"{count:<10}{r.stored:>8}{r.pages:>7}{r.wall:>8.1f}{r.stored / r.wall:>7.1f}"
              f"{cpu:>7.1f}{peak:>8.0f}{r.service_cpu['postgres']:>9.1f}{r.commits:>8}"
              f"{r.service_cpu['redis']:>10.1f}{r.service_cpu['site']:>9.1f}{r.redis_calls:>11}"
              f"{r.redis_ms:>9.0f}{busy:>5.0f}%{100 * r.machine_busy:>7.0f}%  {exits:<6} "
              f"{r.per_process_pages}")
    counts = sorted(results)
    if len(counts) > 1:
        one, most = results[counts[0]], results[counts[-1]]
        ratio = (most.stored / most.wall) / (one.stored / one.wall)
        print(f"{counts[-1]} processes / {counts[0]}: {ratio:.2f}x the articles per second "
              f"on {cores} cores")
