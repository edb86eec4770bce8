"""The Scrapy add-on that turns a crawl into a process of a shared run when ``REDIS_URL`` is set.

Without ``REDIS_URL`` it changes nothing. With it: scrapy-redis's scheduler and
duplicate filter (:mod:`crawler.scaleout.scheduler`) under the run's keys, the queue and
seen-set kept when one process closes (the last one clears them), per-site politeness
across processes (:mod:`crawler.scaleout.politeness`), seeds queued by the process that
started the run only (:mod:`crawler.scaleout.start`), and the shared ``crawl_runs`` row
(:mod:`crawler.scaleout.recorder`). The discovery window is widened to
``SCALEOUT_REQUEST_WINDOW``: article requests wait in Redis, where every process can
take them, rather than in the memory of the process that found them (a value given with
``-s DISCOVERY_REQUEST_WINDOW=...`` is kept).

Settings read: ``REDIS_URL``, ``DATABASE_URL``, ``SCALEOUT_REQUEST_WINDOW``.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings, get_settings_priority

from crawler.runs.recorder import CrawlRunRecorder
from crawler.scaleout.politeness import SitePoliteness
from crawler.scaleout.recorder import SharedRunRecorder
from crawler.scaleout.start import SeedOnce

# Just before the download handler, after every middleware that may refuse a request.
POLITENESS_ORDER = 950


class ScaleOut:
    """Configures the shared-run components (see the module docstring)."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            return
        for name, value in {
            "SCHEDULER": "crawler.scaleout.scheduler.RunScheduler",
            "DUPEFILTER_CLASS": "crawler.scaleout.scheduler.RunDupeFilter",
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_FLUSH_ON_START": False,
        }.items():
            settings.set(name, value, priority="addon")
        if settings.getpriority("DISCOVERY_REQUEST_WINDOW") < get_settings_priority("cmdline"):
            # Above the project's own value (a plain add-on setting would not override it).
            settings.set("DISCOVERY_REQUEST_WINDOW", settings.getint("SCALEOUT_REQUEST_WINDOW"),
                         priority="spider")
        settings.set_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", SitePoliteness,
                                                POLITENESS_ORDER)
        settings.set_in_component_priority_dict("SPIDER_MIDDLEWARES", SeedOnce, 10)
        settings.replace_in_component_priority_dict("EXTENSIONS", CrawlRunRecorder,
                                                    SharedRunRecorder)
