"""What a run's counters say: its verdict, its drops and errors, and each seed's yield.

Pure functions over Scrapy's stats, so the command (exit status), the run recorder
(``crawl_runs``) and the tests read one truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SEED_PREFIX = "seed/"
SEED_COUNTERS = ("found", "new", "updated", "failures", "not_modified")
# Close reason -> status of the run. A time-limited run is partial: what it did not
# reach stays due for the next run. Anything not listed failed.
STATUSES = {"finished": "finished", "closespider_timeout": "partial", "shutdown": "interrupted"}
SUCCESS_STATUSES = frozenset({"finished", "partial"})
_NOT_ERRORS = frozenset({"IgnoreRequest", "BlockedRequest"})  # robots.txt, refused addresses


def error_types(stats: dict[str, Any]) -> dict[str, int]:
    """Failed requests by exception type (``HttpError`` for 4xx/5xx answers)."""
    prefix = "discovery/errors/"
    return {k[len(prefix):]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def error_share(stats: dict[str, Any]) -> float:
    """Failed requests (not counting policy refusals) per request sent."""
    failed = sum(v for k, v in error_types(stats).items() if k not in _NOT_ERRORS)
    sent = stats.get("downloader/request_count", 0)
    return failed / sent if sent else 0.0


def verdict(stats: dict[str, Any], reason: str | None, max_error_share: float = 0.5) -> str | None:
    """The run's real close reason: a run that finished may still have failed its job."""
    if reason != "finished":
        return reason
    seeds = stats.get("discovery/seeds", 0)
    if seeds and stats.get("discovery/seeds_failed", 0) >= seeds:
        return "all_seeds_failed"
    if error_share(stats) > max_error_share:
        return "too_many_errors"
    return reason


def status(reason: str | None) -> str:
    return STATUSES.get(reason or "", "failed")


def drops(stats: dict[str, Any]) -> dict[str, int]:
    """Pages fetched but not stored, by stage and reason (``extract/short_text``)."""
    found: dict[str, int] = {}
    for key, value in sorted(stats.items()):
        stage, _, reason = key.partition("/dropped/")
        if reason:
            found[f"{stage}/{reason}"] = value
        elif key.startswith("discovery/skipped/"):
            found[key.replace("/skipped/", "/", 1)] = value
    return found


def seed_report(stats: dict[str, Any], seeds: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per seed: articles found, new, updated, failed requests, unchanged listings, silent."""
    report: dict[str, dict[str, Any]] = {}
    for seed in seeds:
        counts = {name: stats.get(f"{SEED_PREFIX}{seed}/{name}", 0) for name in SEED_COUNTERS}
        counts["silent"] = counts["found"] == 0 and counts["not_modified"] == 0
        report[seed] = counts
    return report


def silent_seeds(report: dict[str, dict[str, Any]], history: Sequence[dict[str, Any]],
                 runs: int) -> list[str]:
    """Seeds silent in this run and in each of the ``runs - 1`` runs before it."""
    earlier = list(history)[: max(0, runs - 1)]
    if len(earlier) < runs - 1:
        return []
    return sorted(seed for seed, counts in report.items()
                  if counts["silent"] and all(run.get(seed, {}).get("silent") for run in earlier))
