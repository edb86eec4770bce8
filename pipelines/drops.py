"""Small helpers shared by the pipeline stages."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector


def drop(stats: StatsCollector | None, stage: str, reason: str, level: str = "INFO") -> DropItem:
    """Count a dropped item as ``<stage>/dropped/<reason>`` and return the DropItem to raise."""
    if stats is not None:
        stats.inc_value(f"{stage}/dropped/{reason}")
        stats.inc_value("items_dropped")
    return DropItem(reason, log_level=level)
