"""``scrapy stories [--rebuild]``: place stored articles in stories without crawling.

Without options it places the articles never placed (or edited since), as the end of a
crawl does. With ``--rebuild`` it forgets every story and near-duplicate mark and places
the whole table again, in publication order, with the current ``STORIES_*`` settings
(``-s STORIES_THRESHOLD=0.4`` tries a value). Story ids are not kept by a rebuild.
It holds the run lock of every spider, so it never runs beside a crawl.

Exit statuses: 0 done; 1 the database is unreachable or cannot be migrated; 2 bad
arguments or settings (a ``STORIES_*`` value that is no number, a bad companies
file); 3 a crawl on the same database is in progress.
Settings read: ``DATABASE_URL``, ``TOPIC_COMPANIES_FILE`` and the ``STORIES_*`` thresholds.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from contextlib import ExitStack

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from sqlalchemy.exc import SQLAlchemyError

from crawler.commands.crawl import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_LOCKED
from pipelines.storage.articles import sync_companies
from pipelines.storage.database import DatabaseError, create_db_engine, migrate
from pipelines.storage.run_lock import RunLockBusy, run_lock
from pipelines.stories.assign import StoryAssigner
from pipelines.stories.similarity import StorySettings
from pipelines.topics.catalog import Catalog, catalog_from_settings

logger = logging.getLogger(__name__)


class Command(ScrapyCommand):
    """Places stored articles in stories; ``--rebuild`` re-clusters the whole table."""

    requires_project = True
    default_settings = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "[--rebuild]"

    def short_desc(self) -> str:
        return "Place stored articles in stories (--rebuild: re-cluster the whole table)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--rebuild", action="store_true",
                            help="forget every story and place every article again")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}")
        assert self.settings is not None and self.crawler_process is not None
        url = self.settings.get("DATABASE_URL")
        try:  # CompaniesFileError is a ValueError
            catalog = catalog_from_settings(self.settings)
            story_settings = StorySettings.from_settings(self.settings)
        except ValueError as exc:
            print(f"stories: not started: {exc}", file=sys.stderr)
            self.exitcode = EXIT_BAD_INPUT
            return
        try:
            with ExitStack() as locks:
                for name in sorted(self.crawler_process.spider_loader.list()):
                    locks.enter_context(run_lock(url, name))
                migrate(url)
                self._place(url, catalog, story_settings, opts.rebuild)
        except RunLockBusy as exc:
            print(f"stories: not started: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
        except (DatabaseError, SQLAlchemyError) as exc:
            print(f"stories: failed: {exc}", file=sys.stderr)
            self.exitcode = EXIT_FAILED

    def _place(self, url: str, catalog: Catalog, story_settings: StorySettings,
               rebuild: bool) -> None:
        engine = create_db_engine(url)
        try:
            assigner = StoryAssigner(catalog, sync_companies(engine, catalog), story_settings)
            started = time.perf_counter()
            placed = assigner.rebuild(engine) if rebuild else assigner.place_pending(engine)
            logger.info("stories: %d articles placed in %.1f s%s", placed,
                        time.perf_counter() - started, " (rebuilt)" if rebuild else "")
        finally:
            engine.dispose()
