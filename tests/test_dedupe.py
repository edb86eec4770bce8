"""Layer 1: fingerprints and the choice of an article's URL; the run summary."""

from __future__ import annotations

from datetime import datetime

from crawler.runs import json_safe, run_summary
from pipelines.dedupe import text_fingerprint, trustworthy_canonical
from tests.factories import article


def test_fingerprint_ignores_layout_case_punctuation_and_headline() -> None:
    a = text_fingerprint("Headline A\nFord and Xiaomi held talks.\nMore text here.")
    b = text_fingerprint("Another headline\nFord and  xiaomi held talks —\nmore text here")
    assert a == b
    assert a != text_fingerprint("Headline A\nFord and Xiaomi held no talks.\nMore text here.")


def test_untrustworthy_canonicals_are_ignored() -> None:
    page = "https://s.example/news/a"
    assert trustworthy_canonical(None, page) is None
    assert trustworthy_canonical("https://s.example/", page) is None
    assert trustworthy_canonical("javascript:void(0)", page) is None
    assert trustworthy_canonical("https://S.example/news/a/?utm_source=x", page) == page


def test_identity_collects_canonical_aliases() -> None:
    item = article("https://s.example/news/a/", aliases=[
        "https://s.example/news/a?utm_source=rss", "https://s.example/r/123", "https://s.example/news/a/"])
    assert item.url == "https://s.example/news/a"
    assert item.aliases == ["https://s.example/news/a", "https://s.example/r/123"]


def test_run_summary_status_and_counts() -> None:
    stats = {"response_received_count": 9, "store/new": 4, "store/dropped/duplicate": 1,
             "items_dropped": 3, "start_time": datetime(2026, 11, 22, 1, 0)}
    finished = run_summary(stats, "finished")
    assert (finished["status"], finished["pages_fetched"], finished["articles_new"]) == (
        "finished", 9, 4)
    assert finished["stats"]["start_time"] == "2026-11-22T01:00:00"
    assert run_summary(stats, "database_error")["status"] == "failed"
    assert json_safe({"b": 1, "a": 2}) == {"a": 2, "b": 1}
