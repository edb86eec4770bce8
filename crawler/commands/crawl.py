"""``scrapy crawl`` with an honest exit status.

Exit statuses: 0 the run finished; 1 it failed (database unreachable or not
migratable, a batch that could not be stored, every seed failing, any close reason
other than ``finished``); 2 the arguments or the seed file are invalid (nothing was fetched);
3 another run on the same database is in progress (nothing was fetched).
The last log line says which.
"""

from __future__ import annotations

import argparse
import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from crawler.lock import RunLockBusy, run_lock
from crawler.options import OptionError
from crawler.runs import SUCCESS_REASONS, verdict
from crawler.seeds import SeedFileError
from pipelines.database import DatabaseError

logger = logging.getLogger(__name__)
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_LOCKED = 3


class Command(ScrapyCrawlCommand):
    """Runs one spider; sets the exit status from how its run ended."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("expected exactly one spider name")
        assert self.crawler_process is not None and self.settings is not None
        spidercls = self.crawler_process.spider_loader.load(args[0])
        check = getattr(spidercls, "check_arguments", None)
        try:
            if check is not None:
                check(opts.spargs, self.settings)
        except (SeedFileError, OptionError) as exc:
            print(f"{args[0]}: not started: {exc}", file=sys.stderr)
            self.exitcode = EXIT_BAD_INPUT
            return
        try:
            with run_lock(self.settings.get("DATABASE_URL"), args[0]):
                self._crawl(spidercls, opts)
        except RunLockBusy as exc:
            print(f"{args[0]}: not started: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
        except DatabaseError as exc:
            print(f"{args[0]}: not started: {exc}", file=sys.stderr)
            self.exitcode = EXIT_FAILED

    def _crawl(self, spidercls: type, opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        crawler = self._create_crawler(spidercls)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
        reason = verdict(stats, stats.get("finish_reason"))
        if self.crawler_process.bootstrap_failed or reason not in SUCCESS_REASONS:
            self.exitcode = EXIT_FAILED
        status = "finished" if self.exitcode == 0 else "FAILED"
        logger.info("%s: run %s (reason: %s, exit status %d)", spidercls.name, status,
                    reason or "did not start", self.exitcode)
