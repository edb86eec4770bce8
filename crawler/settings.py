"""Scrapy settings for the ev_partnerships crawl.

Per-environment values are read from the environment here, once: ``DATABASE_URL``
(an SQLAlchemy URL; default: the embedded SQLite file ``data/ev_partnerships.db``
in the project root) and ``LOG_LEVEL``. Per-run changes use ``-s NAME=VALUE``.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

BOT_NAME = "ev_partnerships"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Storage ---------------------------------------------------------------
DATABASE_URL = os.environ.get(
    "DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'data' / 'ev_partnerships.db'}"
)
STORE_BATCH_SIZE = 50  # items per transaction
STORE_BATCH_MAX_DELAY = 2.0  # seconds an item may wait in a partial batch
STORE_RETRY_TIMES = 3  # a batch the database refused is tried again this often...
STORE_RETRY_DELAY = 1.0  # ...after this many seconds, doubling each time

# --- Incremental runs ----------------------------------------------------------
REVISIT_WINDOW_DAYS = 3.0  # articles published this recently are revisited for edits
REVISIT_INTERVAL_HOURS = 6.0  # first revisit after this long, then doubling
RETRY_LATER_HOURS = 1.0  # a failed article is tried by a later run after this, doubling
RETRY_LATER_TIMES = 5  # failed fetches after which an article URL is given up
MAX_ERROR_SHARE = 0.5  # a run with more failed requests than this share has failed
SILENT_SEED_RUNS = 3  # runs in a row without article links before a seed is flagged

# --- Discovery ---------------------------------------------------------------
DISCOVERY_SEEDS_FILE = str(PROJECT_ROOT / "seeds" / "ev_partnerships.txt")
DISCOVERY_SINCE_DAYS = 30  # default for -a since=
DISCOVERY_PAGINATION_DEPTH = 3  # seed page plus this many "next" pages

# --- Extraction and tagging --------------------------------------------------
EXTRACT_WORKERS = 0  # worker processes; 0 means one per CPU core
EXTRACT_TASKS_PER_WORKER = 500  # a worker is replaced after this many pages
TOPIC_COMPANIES_FILE = ""  # empty: the companies list shipped in pipelines/data
TOPIC_RELEVANCE_THRESHOLD = 0.5

ITEM_PIPELINES = {
    "pipelines.clean.ExtractPipeline": 100,
    "pipelines.tag.TagPipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.store.StorePipeline": 400,
}
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "crawler.runs.CrawlRunRecorder": 500,
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.SharedRobotsTxtMiddleware": 100,
}
REQUEST_FINGERPRINTER_CLASS = "crawler.urls.CanonicalRequestFingerprinter"

# --- Politeness and bounds -----------------------------------------------------
USER_AGENT = "ev-partnerships-crawler/0.1 (+news research; respects robots.txt)"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening port: nothing to attack or leak
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 10.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10
METAREFRESH_MAXDELAY = 30
DEPTH_LIMIT = 12
CLOSESPIDER_TIMEOUT = 4 * 3600

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
LOG_FORMATTER = "crawler.logformatter.UrlLogFormatter"
