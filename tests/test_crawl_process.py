"""The crawl process itself: its settings checked before anything is fetched, and the
cyclic garbage collector's thresholds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.commands.crawl import (
    GC_YOUNG_THRESHOLD,
    ProcessSettingError,
    tune_garbage_collector,
    young_threshold,
)
from tests.helpers import crawl


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


@pytest.mark.parametrize(("value", "expected"), [
    (None, GC_YOUNG_THRESHOLD), (5000, 5000), ("20000", 20000), (" 0 ", 0),
    ("2147483647", 2**31 - 1)])
def test_the_young_threshold_is_a_whole_number(value: object, expected: int) -> None:
    settings = {} if value is None else {"GC_YOUNG_THRESHOLD": value}
    assert young_threshold(settings) == expected


@pytest.mark.parametrize("value", ["lots", "-1", "1.5", "2e4", True, "", "\u00b2",
                                   "2147483648", "99999999999999999999"])
def test_a_bad_young_threshold_names_the_setting(value: object) -> None:
    with pytest.raises(ProcessSettingError, match="GC_YOUNG_THRESHOLD="):
        young_threshold({"GC_YOUNG_THRESHOLD": value})


def test_the_young_threshold_is_set_and_the_older_ones_kept(
        thresholds: tuple[int, int, int]) -> None:
    tune_garbage_collector(12_345)
    assert gc.get_threshold() == (12_345, *thresholds[1:])
    tune_garbage_collector(0)  # 0 leaves them as they are
    assert gc.get_threshold() == (12_345, *thresholds[1:])


@pytest.mark.parametrize(("setting", "named"), [
    ("GC_YOUNG_THRESHOLD=lots", "GC_YOUNG_THRESHOLD='lots'"),
    ("STORIES_NEAR_DUPLICATE_DAYS=inf", "STORIES_NEAR_DUPLICATE_DAYS='inf'")])
def test_a_crawl_with_a_bad_setting_names_it_and_fetches_nothing(
        sqlite_url: str, tmp_path: Path, setting: str, named: str) -> None:
    result = crawl("http://127.0.0.1:9/feed.xml\n", sqlite_url, tmp_path, None, "-s", setting)
    assert result.returncode == 2, result.stderr[-2000:]
    assert named in result.stderr and "Traceback" not in result.stderr
