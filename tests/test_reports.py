"""Layer 1: a run's verdict, status, drops, errors and per-seed report from its counters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crawler.runs import reports
from crawler.runs.recorder import json_safe, run_summary
from pipelines.storage.revisit import Schedule

FEED = "https://s.example/feed"
TOPIC = "https://s.example/topics/ev/"


def test_run_summary_status_and_counts() -> None:
    stats = {"response_received_count": 9, "store/new": 4, "store/updated": 2,
             "store/dropped/duplicate": 1, "items_dropped": 3, "discovery/not_modified": 5,
             "start_time": datetime(2026, 11, 22, 1, 0)}
    finished = run_summary(stats, "finished", [FEED])
    assert (finished["status"], finished["pages_fetched"], finished["articles_new"],
            finished["articles_updated"], finished["not_modified"]) == ("finished", 9, 4, 2, 5)
    assert finished["stats"]["start_time"] == "2026-11-22T01:00:00"
    assert run_summary(stats, "database_error", [FEED])["status"] == "failed"
    assert run_summary(stats, "closespider_timeout", [FEED])["status"] == "partial"
    assert run_summary(stats, "shutdown", [FEED])["status"] == "interrupted"
    assert json_safe({"b": 1, "a": 2}) == {"a": 2, "b": 1}


def test_a_finished_run_fails_when_every_seed_or_too_many_requests_failed() -> None:
    seeds_down = {"discovery/seeds": 2, "discovery/seeds_failed": 2}
    assert reports.verdict(seeds_down, "finished") == "all_seeds_failed"
    errors = {"downloader/request_count": 10, "discovery/errors/TimeoutError": 4,
              "discovery/errors/HttpError": 2, "discovery/errors/IgnoreRequest": 4}
    assert reports.error_share(errors) == 0.6
    assert reports.verdict(errors, "finished", max_error_share=0.5) == "too_many_errors"
    assert reports.verdict(errors, "finished", max_error_share=0.7) == "finished"
    assert reports.verdict(errors, "shutdown") == "shutdown"


def test_drops_and_error_types_are_keyed_by_reason() -> None:
    stats = {"extract/dropped/no_article_text": 3, "store/dropped/duplicate": 1,
             "discovery/skipped/older_than_since": 7, "discovery/errors/HttpError": 2,
             "items_dropped": 4}
    assert reports.drops(stats) == {"discovery/older_than_since": 7,
                                    "extract/no_article_text": 3, "store/duplicate": 1}
    assert reports.error_types(stats) == {"HttpError": 2}


def test_seed_report_and_silent_seeds_over_runs() -> None:
    stats = {f"seed/{FEED}/found": 4, f"seed/{FEED}/new": 1, f"seed/{TOPIC}/failures": 1}
    report = reports.seed_report(stats, [FEED, TOPIC])
    assert report[FEED] == {"found": 4, "new": 1, "updated": 0, "failures": 0,
                            "not_modified": 0, "silent": False}
    assert report[TOPIC]["silent"] is True
    silent_before = {TOPIC: {"silent": True}, FEED: {"silent": False}}
    assert reports.silent_seeds(report, [silent_before, silent_before], runs=3) == [TOPIC]
    assert reports.silent_seeds(report, [silent_before, {TOPIC: {"silent": False}}], 3) == []
    assert reports.silent_seeds(report, [silent_before], runs=3) == []  # not enough history
    unchanged = reports.seed_report({f"seed/{TOPIC}/not_modified": 1}, [TOPIC])
    assert unchanged[TOPIC]["silent"] is False  # a 304 is a healthy, quiet source


def test_revisit_schedule_backs_off_inside_the_window() -> None:
    schedule = Schedule(window=timedelta(days=3), interval=timedelta(hours=6))
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    published = now - timedelta(hours=1)
    assert schedule.next_revisit(published, now, 0, now) == now + timedelta(hours=6)
    assert schedule.next_revisit(published, now, 2, now) == now + timedelta(hours=24)
    assert schedule.next_revisit(published, now, 4, now) is None  # 96 h: past the window
    assert schedule.next_revisit(now - timedelta(days=10), now, 0, now) is None


def test_retry_schedule_gives_up_on_gone_pages_and_after_enough_failures() -> None:
    schedule = Schedule(retry_after=timedelta(hours=1), max_failures=3)
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert schedule.next_retry(1, now) == now + timedelta(hours=1)
    assert schedule.next_retry(2, now, 503) == now + timedelta(hours=2)
    assert schedule.next_retry(1, now, 404) is None
    assert schedule.next_retry(1, now, 410) is None
    assert schedule.next_retry(3, now) is None
