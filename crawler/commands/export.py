"""``scrapy export``: write a table to Parquet, CSV or JSON Lines, whole or incrementally.

Usage: ``scrapy export --format parquet|csv|jsonl --output PATH
[--table articles|stories|pair_mentions] [--consumer NAME]``. Settings read:
``DATABASE_URL``. Exit statuses, as the crawl's: 0 written; 1 failed (database
unreachable or not migratable, the file could not be written, another export of the
same consumer finished first), the watermark unmoved; 2 bad arguments, nothing done.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from sqlalchemy.exc import SQLAlchemyError

from crawler.commands.crawl import EXIT_FAILED
from pipelines.analytics.watermarks import ConcurrentExport
from pipelines.storage.database import DatabaseError, migrate

CONSUMER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def output_path(value: str) -> Path:
    """The output file: its folder must exist; raises UsageError naming what is wrong."""
    if not value.strip():
        raise UsageError("--output is empty: name a file")
    path = Path(value).expanduser()
    if path.is_dir():
        raise UsageError(f"--output {value}: is a folder; name a file")
    if not path.parent.is_dir():
        raise UsageError(f"--output {value}: folder {path.parent} does not exist")
    return path


class Command(ScrapyCommand):
    """Exports one table; sets the exit status from how the export ended."""

    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "--format parquet|csv|jsonl --output PATH [--table TABLE] [--consumer NAME]"

    def short_desc(self) -> str:
        return "Export a table to Parquet, CSV or JSON Lines (incrementally per consumer)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        # Imported here, not at the top: Scrapy imports every command to run any of them, and
        # pyarrow would weigh about 60 MB in every crawl process.
        from pipelines.analytics.tables import TABLES
        from pipelines.analytics.writers import FORMATS

        super().add_options(parser)
        parser.add_argument("--format", dest="format", choices=FORMATS, required=True)
        parser.add_argument("--output", dest="output", required=True, metavar="PATH")
        parser.add_argument("--table", dest="table", choices=sorted(TABLES), default="articles")
        parser.add_argument("--consumer", dest="consumer", metavar="NAME",
                            help="export only what changed since NAME's last export")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}")
        if opts.consumer is not None and not CONSUMER.fullmatch(opts.consumer):
            raise UsageError(f"--consumer {opts.consumer!r}: use 1-128 letters, digits, '.', "
                             "'_' or '-', starting with a letter or digit")
        from pipelines.analytics.export import export  # pyarrow: see add_options

        output = output_path(opts.output)
        assert self.settings is not None
        url = self.settings.get("DATABASE_URL")
        try:
            migrate(url)
            result = export(url, opts.table, opts.format, output, opts.consumer)
        except (DatabaseError, SQLAlchemyError, OSError, ConcurrentExport) as exc:
            print(f"export: failed, nothing exported: {exc}", file=sys.stderr)
            self.exitcode = EXIT_FAILED
            return
        covered = "all rows" if result.since is None else (
            f"changes {result.since + 1}..{result.upto} for consumer {opts.consumer}")
        print(f"export: {result.rows} rows of {result.table} ({covered}) written to {output}",
              file=sys.stderr)
