"""``scrapy report``: one self-contained HTML page of charts about the crawl's data.

Usage: ``scrapy report --output report.html [--days N]`` (default 90 days). Settings
read: ``DATABASE_URL``. Exit statuses, as the crawl's: 0 written; 1 failed (database
unreachable or not migratable, the file could not be written); 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from sqlalchemy.exc import SQLAlchemyError

from crawler.commands.crawl import EXIT_FAILED
from crawler.commands.export import output_path
from pipelines.storage.database import DatabaseError, migrate

MAX_DAYS = 3660


def days(value: str) -> int:
    """``--days``: a whole number of days from 1 to MAX_DAYS."""
    if not value.isdigit() or not 1 <= int(value) <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days from 1 to {MAX_DAYS}")
    return int(value)


class Command(ScrapyCommand):
    """Writes the report; sets the exit status from how that went."""

    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "--output report.html [--days N]"

    def short_desc(self) -> str:
        return "Write a self-contained HTML report with charts of the stored data"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--output", dest="output", required=True, metavar="PATH")
        parser.add_argument("--days", dest="days", type=days, default=90, metavar="N")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}")
        # Imported here: Scrapy imports every command to run any of them (see export).
        from pipelines.analytics.report.build import write_report

        output = output_path(opts.output)
        assert self.settings is not None
        url = self.settings.get("DATABASE_URL")
        try:
            migrate(url)
            write_report(url, output, opts.days)
        except (DatabaseError, SQLAlchemyError, OSError) as exc:
            print(f"report: failed: {exc}", file=sys.stderr)
            self.exitcode = EXIT_FAILED
            return
        print(f"report: written to {output}", file=sys.stderr)
