"""``scrapy crawl`` with an honest exit status.

Exit statuses: 0 the run finished (or reached its time limit, ``CLOSESPIDER_TIMEOUT``:
what it did not reach is due for the next run); 1 it failed (database unreachable or not
migratable, a batch that could not be stored, every seed failing, an error share above
``MAX_ERROR_SHARE``, any other close reason); 2 the arguments or the seed file are
invalid (nothing was fetched); 3 another run on the same database is in progress
(nothing was fetched; with ``REDIS_URL`` set, a process joins the run of its own
Redis instead, see :mod:`crawler.scaleout`); 4 the run was interrupted (SIGTERM, SIGINT): what it had extracted
is stored and the rest is due for the next run. The last log line says which.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import logging
import os
import sys
from typing import Any

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from crawler.discovery.options import OptionError
from crawler.discovery.seeds import SeedFileError
from crawler.runs import reports
from crawler.scaleout.join import join
from crawler.scaleout.keys import ScaleOutError, group_of
from pipelines.storage.database import DatabaseError, migrate
from pipelines.storage.run_lock import RunLockBusy, run_lock
from pipelines.stories.similarity import StorySettings, StorySettingsError

logger = logging.getLogger(__name__)
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_LOCKED = 3
EXIT_INTERRUPTED = 4


M_ARENA_MAX = -8  # glibc's mallopt() parameter number (malloc.h)


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Let glibc's malloc use ``arenas`` arenas, as ``MALLOC_ARENA_MAX`` would (unless that is
    set). By default each thread that allocates gets its own, up to eight per core; the
    threads that hand 50 KB pages to the extraction workers and write batches leave them
    fragmented, and the crawl process grew by about 20 MB more from 3,000 to 20,000 articles
    (benchmarks/throughput.py). Nothing happens on a C library other than glibc."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, arenas)
    except (OSError, AttributeError):
        pass


GC_YOUNG_THRESHOLD = 20_000  # allocations between young collections (Python's own: 700)
_C_INT_MAX = 2**31 - 1  # gc.set_threshold takes C ints


class ProcessSettingError(ValueError):
    """A setting of the crawl process that cannot be used; the message names it."""


def young_threshold(settings: Any) -> int:
    """``GC_YOUNG_THRESHOLD`` as a whole number from 0 to 2**31 - 1 (0: Python's own
    thresholds); raises ProcessSettingError naming the setting otherwise."""
    raw = settings.get("GC_YOUNG_THRESHOLD", GC_YOUNG_THRESHOLD)
    text = str(raw).strip()
    if (isinstance(raw, bool) or not (text.isascii() and text.isdigit())
            or int(text) > _C_INT_MAX):
        raise ProcessSettingError(f"GC_YOUNG_THRESHOLD={raw!r}: expected a whole number "
                                  f"from 0 to {_C_INT_MAX}")
    return int(text)


def tune_garbage_collector(young: int) -> None:
    """Run a young collection of the cyclic garbage collector every ``young`` container
    allocations instead of Python's 700 (0: leave Python's thresholds as they are).

    The crawl process allocates hundreds of short-lived containers per page (requests,
    responses, items, story candidates); at 700 many are still alive at a young
    collection, so they are promoted and counted towards a full collection, which walks
    the whole heap (about 110 ms at 5,000 articles). In a 5,000-article run of
    ``benchmarks.throughput`` the collector took 4.9 s of the crawl process's CPU at 700
    (30 full collections), 0.8 s at 20,000. Memory freed by reference counting, nearly
    all of it, is not affected; cycles wait a little longer. See Python's documentation
    of ``gc.set_threshold``."""
    if young:
        _, older, oldest = gc.get_threshold()
        gc.set_threshold(young, older, oldest)


class Command(ScrapyCrawlCommand):
    """Runs one spider; sets the exit status from how its run ended.

    Settings read here: ``DATABASE_URL`` (run lock, migrations), ``MAX_ERROR_SHARE``,
    ``GC_YOUNG_THRESHOLD``, ``STORIES_ENABLED`` and the ``STORIES_*`` thresholds (checked
    before anything is fetched), and the scale-out settings of :mod:`crawler.scaleout`."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("expected exactly one spider name")
        assert self.crawler_process is not None and self.settings is not None
        loader = self.crawler_process.spider_loader
        try:
            spidercls = loader.load(args[0])
        except KeyError:
            raise UsageError(f"no spider named {args[0]!r} (spiders: "
                             f"{', '.join(sorted(loader.list()))})") from None
        check = getattr(spidercls, "check_arguments", None)
        try:
            if check is not None:
                check(opts.spargs, self.settings)
            young = young_threshold(self.settings)
            group = group_of(self.settings)
            if self.settings.getbool("STORIES_ENABLED", True):
                StorySettings.from_settings(self.settings)  # a bad one stops the run here
        except (SeedFileError, OptionError, ProcessSettingError, ScaleOutError,
                StorySettingsError) as exc:
            self._not_started(args[0], exc, EXIT_BAD_INPUT)
            return
        except DatabaseError as exc:
            self._not_started(args[0], exc, EXIT_FAILED)
            return
        try:
            with run_lock(self.settings.get("DATABASE_URL"), args[0], group) as lock_pid:
                migrate(self.settings.get("DATABASE_URL"))  # before anything is fetched
                if group is not None and lock_pid is not None:
                    join(self.settings, args[0], lock_pid)
                self._crawl(spidercls, opts, young)
        except RunLockBusy as exc:
            self._not_started(args[0], exc, EXIT_LOCKED)
        except (DatabaseError, ScaleOutError) as exc:
            self._not_started(args[0], exc, EXIT_FAILED)

    def _not_started(self, name: str, exc: Exception, status: int) -> None:
        print(f"{name}: not started: {exc}", file=sys.stderr)
        self.exitcode = status

    def _crawl(self, spidercls: type[Spider], opts: argparse.Namespace, young: int) -> None:
        assert self.crawler_process is not None
        limit_malloc_arenas()
        tune_garbage_collector(young)
        crawler = self._create_crawler(spidercls)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        try:
            stats = crawler.stats.get_stats()
        except RuntimeError:  # the crawl never started (its spider could not be built)
            stats = {}
        reason = reports.verdict(stats, stats.get("finish_reason"),
                                 crawler.settings.getfloat("MAX_ERROR_SHARE", 0.5))
        status = reports.status(reason) if reason else "failed"
        if status == "interrupted":
            self.exitcode = EXIT_INTERRUPTED
        elif self.crawler_process.bootstrap_failed or status not in reports.SUCCESS_STATUSES:
            self.exitcode = EXIT_FAILED
        # A run that did not end well says so also in a log kept at WARNING.
        level = logging.INFO if self.exitcode == 0 else logging.WARNING
        logger.log(level, "%s: run %s (reason: %s, exit status %d)", spidercls.name,
                   status.upper(), reason or "did not start", self.exitcode)
