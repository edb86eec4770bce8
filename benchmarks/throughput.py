"""End-to-end throughput of the crawler against a naive pipeline, on a local news site.

    .venv/bin/python -m benchmarks.throughput --articles 5000
    .venv/bin/python -m benchmarks.throughput --articles 5000 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python -m benchmarks.throughput --articles 3000 --workers 2 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test \
        --redis-url redis://127.0.0.1:6379/0

Generates a site of N articles (about 47 KB a page, three templates, feeds, sitemaps,
paginated topic pages), serves it from a separate process on loopback, then measures:

1. ``scrapy crawl ev_partnerships`` from the site's seeds, into an empty database;
2. the naive spider of :mod:`benchmarks.naive` from the home page (always SQLite);
3. the crawler again over the unchanged site, on the same database;
4. bare ``trafilatura.extract`` on the same pages with one process per core
   (:mod:`benchmarks.ceiling`), the ceiling of what the machine can do.

For each run it prints articles stored per second of wall time (process start to exit),
CPU seconds and peak resident memory of the whole process tree; then the crawler's rate
as a share of the ceiling's pages per second, the crawler's rate against the naive
pipeline's, and the second run's time as a share of the first's. The server's own CPU
time is printed apart: on a 2-core machine it competes with both crawlers alike.
PostgreSQL: a new database is created on that server for the run and dropped after.

With ``--workers N`` (PostgreSQL and Redis): instead, one shared run of 1 process and one
of N processes over the same site, each into a new database; see :mod:`benchmarks.scaleout`
for what is printed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from benchmarks.ceiling import Ceiling, bare_ceiling
from benchmarks.measure import cpu_seconds
from benchmarks.runs import (
    CrawlResult,
    fresh_database,
    run_crawler,
    run_naive,
    served,
)
from benchmarks.scaleout import SharedResult, report, run_shared
from benchmarks.site import GeneratedSite, generate

T = TypeVar("T")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles on the site")
    parser.add_argument("--database-url", default="sqlite://",
                        help="sqlite:// (a new file) or a PostgreSQL server URL (a new database)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra crawler setting (-s), e.g. EXTRACT_WORKERS=3")
    parser.add_argument("--skip-naive", action="store_true", help="measure the crawler only")
    parser.add_argument("--keep", type=Path, help="keep the site, databases and logs here")
    parser.add_argument("--workers", type=int, default=0,
                        help="measure shared runs of 1 and of this many processes instead")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0",
                        help="the Redis of the shared runs (with --workers)")
    args = parser.parse_args(argv)
    if args.workers and not args.database_url.startswith("postgres"):
        parser.error("--workers needs a PostgreSQL --database-url")
    if args.keep is not None and args.keep.exists():
        parser.error(f"--keep {args.keep}: already exists (give a new folder)")
    return args


def _row(name: str, result: CrawlResult) -> str:
    m = result.measurement
    rate = result.stored / m.wall if m.wall else 0.0
    status = "" if m.returncode == 0 else f"  (exit {m.returncode}, see {m.log})"
    return (f"{name:<22}{result.stored:>9}{result.pages:>8}{m.wall:>9.1f}{rate:>9.1f}"
            f"{m.cpu:>9.1f}{m.peak_mb:>9.0f}{status}")


def _served_cpu(server_pid: int, step: Callable[[], T]) -> tuple[T, float]:
    before = cpu_seconds(server_pid)
    result = step()
    return result, cpu_seconds(server_pid) - before


def _report(args: argparse.Namespace, results: dict[str, CrawlResult],
            server_cpu: dict[str, float], ceiling: Ceiling) -> None:
    print(f"\n{args.articles} articles, database {args.database_url.split('://')[0]}")
    print(f"{'run':<22}{'stored':>9}{'pages':>8}{'wall s':>9}{'art/s':>9}{'CPU s':>9}"
          f"{'peak MB':>9}")
    for name, result in results.items():
        print(_row(name, result) + f"   (server CPU {server_cpu[name]:.1f} s)")
    first, again = results["crawler"], results.get("crawler, 2nd run")
    crawl_rate = first.stored / first.measurement.wall if first.measurement.wall else 0.0
    print(f"bare trafilatura.extract on {ceiling.processes} processes: {ceiling.rate:.1f} pages/s "
          f"({ceiling.pages} of the same pages); crawler/ceiling: "
          f"{100 * crawl_rate / ceiling.rate if ceiling.rate else 0:.1f}%")
    naive = results.get("naive")
    if naive is not None and naive.measurement.wall and naive.stored:
        ratio = (first.stored / first.measurement.wall) / (naive.stored / naive.measurement.wall)
        print(f"throughput ratio crawler/naive: {ratio:.2f}x")
    if again is not None:
        share = 100 * again.measurement.wall / first.measurement.wall
        crawl_share = 100 * again.crawl_seconds / first.crawl_seconds if first.crawl_seconds else 0
        print(f"second run: {share:.1f}% of the first run's wall time "
              f"({crawl_share:.1f}% of its crawl time, startup excluded)")


def _build_site(folder: Path, articles: int, port: int) -> GeneratedSite:
    started = time.perf_counter()
    site = generate(folder / "site", articles, f"http://127.0.0.1:{port}", datetime.now(UTC))
    print(f"site of {articles} articles generated in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return site


def run_workers(args: argparse.Namespace, folder: Path) -> dict[int, SharedResult]:
    """Shared runs of 1 and ``args.workers`` processes over one generated site."""
    (folder / "site").mkdir()
    results: dict[int, SharedResult] = {}
    with served(folder / "site") as (server, port):
        site = _build_site(folder, args.articles, port)
        seeds = folder / "seeds.txt"
        seeds.write_text("".join(f"http://127.0.0.1:{port}{p}\n" for p in site.seed_paths))
        for count in sorted({1, args.workers}):
            print(f"running {count} process(es) in one run ...", file=sys.stderr)
            with fresh_database(args.database_url, folder) as database_url:
                results[count] = run_shared(seeds, database_url, args.redis_url, folder, count,
                                            args.set, server.pid)
    print(f"\n{args.articles} articles, PostgreSQL and Redis, shared runs")
    report(results)
    return results


def run(args: argparse.Namespace, folder: Path) -> dict[str, CrawlResult]:
    (folder / "site").mkdir()
    results: dict[str, CrawlResult] = {}
    server_cpu: dict[str, float] = {}
    with served(folder / "site") as (server, port), \
            fresh_database(args.database_url, folder) as database_url:
        site = _build_site(folder, args.articles, port)
        seeds = folder / "seeds.txt"
        seeds.write_text("".join(f"http://127.0.0.1:{port}{p}\n" for p in site.seed_paths))
        steps: dict[str, Callable[[], CrawlResult]] = {
            "crawler": lambda: run_crawler(seeds, database_url, folder / "crawl-1.log", args.set),
        }
        if not args.skip_naive:
            steps["naive"] = lambda: run_naive(f"http://127.0.0.1:{port}/", folder / "naive.db",
                                               folder / "naive.log", site.article_paths)
        steps["crawler, 2nd run"] = lambda: run_crawler(seeds, database_url,
                                                        folder / "crawl-2.log", args.set)
        for name, step in steps.items():
            print(f"running {name} ...", file=sys.stderr)
            results[name], server_cpu[name] = _served_cpu(server.pid, step)
        print("measuring bare extraction ...", file=sys.stderr)
        ceiling = bare_ceiling(site)
    _report(args, results, server_cpu, ceiling)
    return results


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    measure = run_workers if args.workers else run
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=False)
        measure(args, args.keep)
        return
    with tempfile.TemporaryDirectory(prefix="evp-bench-") as folder:
        measure(args, Path(folder))


if __name__ == "__main__":
    main()
