"""Scrapy settings for the ev_partnerships crawl.

Per-environment values are read from the environment here, once: ``DATABASE_URL``
(an SQLAlchemy URL; default: the embedded SQLite file ``data/ev_partnerships.db``
in the project root), ``REDIS_URL`` (set: this process joins the run every process
with the same ``DATABASE_URL`` and ``REDIS_URL`` shares, see :mod:`crawler.scaleout`)
and ``LOG_LEVEL``. Per-run changes use ``-s NAME=VALUE``.
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

# --- Scale-out: processes sharing one run through Redis (crawler/scaleout) ----------
REDIS_URL = os.environ.get("REDIS_URL", "")  # empty: a run of this process alone
ADDONS = {"crawler.scaleout.addon.ScaleOut": 0}  # does nothing without REDIS_URL
SCALEOUT_REQUEST_WINDOW = 100_000  # article requests waiting in Redis per discovering process
SCALEOUT_BEAT = 1.0  # seconds between a process's beats in Redis (an idle one looks for work)
SCALEOUT_WORKER_TTL = 15.0  # seconds without a beat after which a process counts as dead
SCALEOUT_IDLE_CONFIRM = 3.0  # seconds the whole run must look quiet before processes close
SCALEOUT_KEYS_TTL = 24 * 3600  # seconds a run's Redis keys outlive the last beat of any process
SCALEOUT_LEASE_POLL = 0.05  # seconds between tries while a site has all its requests out
SCALEOUT_MAX_UNLEASED = 2  # requests taken without a site's lease yet before taking no more

# --- Incremental runs ----------------------------------------------------------
REVISIT_WINDOW_DAYS = 3.0  # articles published this recently are revisited for edits
REVISIT_INTERVAL_HOURS = 6.0  # first revisit after this long, then doubling
RETRY_LATER_HOURS = 1.0  # a failed article is tried by a later run after this, doubling
RETRY_LATER_TIMES = 5  # failed fetches after which an article URL is given up
MAX_ERROR_SHARE = 0.5  # a run with more failed requests than this share has failed
SILENT_SEED_RUNS = 3  # runs in a row without article links before a seed is flagged

# --- Stories (near-duplicates and events; `scrapy stories --rebuild` applies new values) ---
STORIES_ENABLED = True
STORIES_BATCH_SIZE = 200  # stored articles placed per transaction: fewer, larger writes of the band index
STORIES_WINDOW_HOURS = 72.0  # reports of one event are published within this of each other
STORIES_MIN_COMPANY_SIMILARITY = 0.5  # weighted Jaccard of the companies two reports are about
STORIES_THRESHOLD = 0.25  # content score (facts, names, words, time) from which it is one event
STORIES_NEAR_DUPLICATE_THRESHOLD = 0.5  # estimated Jaccard of 3-word shingles for a copy
STORIES_NEAR_DUPLICATE_DAYS = 7.0  # a copy is published within this many days of its original
STORIES_MERGE_THRESHOLD = 0.3  # content score with which an article merges the stories it links
STORIES_NEAR_DUPLICATE_CONTAINMENT = 0.9  # share of the shorter own text (boilerplate aside) the other has in order
STORIES_SHINGLE_SIZE = 3
STORIES_NUM_PERM = 128  # MinHash permutations
STORIES_MIN_KEY_WEIGHT = 0.3  # companies weighing less do not find candidates

# --- Discovery ---------------------------------------------------------------
DISCOVERY_SEEDS_FILE = str(PROJECT_ROOT / "seeds" / "ev_partnerships.txt")
DISCOVERY_SINCE_DAYS = 30  # default for -a since=
DISCOVERY_PAGINATION_DEPTH = 3  # seed page plus this many "next" pages
DISCOVERY_REQUEST_WINDOW = 256  # new article requests out at a time; the rest wait as URLs
DISCOVERY_LISTING_TIMEOUT = 30.0  # seconds for a seed, feed or sitemap (articles: DOWNLOAD_TIMEOUT)

# --- Extraction and tagging --------------------------------------------------
EXTRACT_WORKERS = 0  # worker processes; 0: one per core (shared by a run's processes on a machine)
EXTRACT_TASKS_PER_WORKER = 2000  # a worker is replaced after this many pages (its memory
# stayed flat within 2 MB over 3,000 pages; a restart costs about a CPU second)
EXTRACT_TIMEOUT = 20.0  # seconds one page may take; then its worker is killed and replaced
GC_YOUNG_THRESHOLD = 20_000  # allocations between young garbage collections of the crawl
# process (Python's default 700 cost it 4.9 CPU s per 5,000 articles); 0: Python's own
TOPIC_COMPANIES_FILE = ""  # empty: the companies list shipped in pipelines/data
TOPIC_RELEVANCE_THRESHOLD = 0.5

ITEM_PIPELINES = {
    "pipelines.extract.pipeline.ExtractPipeline": 100,
    "pipelines.dedupe.pipeline.DedupePipeline": 300,
    "pipelines.storage.pipeline.StorePipeline": 400,
    "pipelines.stories.pipeline.StoryPipeline": 500,
}
EXTENSIONS = {
    "crawler.fetching.content_type_guard.ContentTypeGuard": 100,
    "scrapy.extensions.telnet.TelnetConsole": None,
    "crawler.runs.recorder.CrawlRunRecorder": 500,
}
REQUEST_FINGERPRINTER_CLASS = "crawler.discovery.request_fingerprint.CanonicalRequestFingerprinter"

# --- Politeness and bounds -----------------------------------------------------
USER_AGENT = "ev-partnerships-crawler/0.1 (+news research; respects robots.txt)"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening port: nothing to attack or leak
CONCURRENT_REQUESTS = 32
# Items handled at once per response. An article response yields one item, and Scrapy
# starts this many tasks for every response: its default of 100 costs the reactor more
# CPU than the item itself. Listing responses yield requests, which need no concurrency.
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 10.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0

# --- Limits against hostile servers (see Scrapy's docs/topics/security) ----------
# Scrapy 2.19 has the fixes for CVE-2024-3572 and CVE-2025-6176 (decompression bombs,
# with brotli >= 1.2), CVE-2022-0577, CVE-2024-3574 and CVE-2024-1968 (Cookie and
# Authorization dropped on cross-site or cross-scheme redirects), entity expansion in
# sitemaps, redirects to non-http schemes and CVE-2024-1892 (ReDoS in feed parsing).
# These limits are what make those fixes bite.
DOWNLOAD_TIMEOUT = 8  # seconds for a whole response: a stalled or dripping server is cut off
DNS_TIMEOUT = 10
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024  # bytes, also applied after decompression
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is an error, never a short article
RETRY_TIMES = 2  # a 500 or a reset connection is fetched at most three times
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # a broken page is the web's fault, counted in stats
RETRY_AFTER_MAX = 120.0  # seconds of Retry-After honoured; a longer one fails the page
RETRY_AFTER_HTTP_CODES = [429, 503]
REDIRECT_MAX_TIMES = 10
METAREFRESH_MAXDELAY = 10  # seconds; slower refreshes are pages, not redirects
DEPTH_LIMIT = 12
SSRF_GUARD_ENABLED = True
SSRF_ALLOWED_NETWORKS: list[str] = []  # CIDRs allowed although not public, e.g. "10.0.0.0/8"
SSRF_CACHE_SIZE = 10_000  # host names whose verdict is remembered
CONTENT_TYPE_GUARD_ENABLED = True
CONTENT_TYPE_CALLBACKS = ["parse_article"]  # requests whose non-HTML bodies are not downloaded
CONTENT_TYPE_ALLOWED = ["text/html", "application/xhtml+xml"]
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}  # http(s) only
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.fetching.robots.SharedRobotsTxtMiddleware": 100,
    "crawler.fetching.credential_scope.CredentialScopeMiddleware": 410,  # after DefaultHeadersMiddleware
    # Responses pass from high numbers to low: a 429/503 with Retry-After reaches this
    # before any middleware that judges a body (decompression, charset); those leave
    # error answers alone anyway (crawler/fetching/statuses.py).
    "crawler.fetching.retry_after.RetryAfterMiddleware": 595,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.fetching.compression.CountingCompressionMiddleware": 590,
    "crawler.fetching.encoding_fix.EncodingFixMiddleware": 580,  # sees bodies after decompression
    "crawler.fetching.ssrf_guard.SsrfGuardMiddleware": 760,  # after HttpProxyMiddleware sets meta["proxy"]
}
CLOSESPIDER_TIMEOUT = 4 * 3600

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
LOG_FORMATTER = "crawler.logformatter.UrlLogFormatter"
