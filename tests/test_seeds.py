"""Layer 1: the strict seed-file loader, and the shipped seed list."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from crawler.discovery.options import OptionError, parse_since
from crawler.discovery.seeds import SeedFileError, load_seeds, parse_seeds

ROOT = Path(__file__).resolve().parent.parent


def test_comments_blank_lines_and_inline_comments() -> None:
    text = "# header\n\nhttps://a.example/feed  # a feed\nhttp://b.example/news/\n"
    assert parse_seeds(text) == ["https://a.example/feed", "http://b.example/news/"]


def test_every_bad_line_is_named_with_its_number() -> None:
    text = "\n".join([
        "https://a.example/feed",
        "ftp://a.example/file",  # 2: wrong scheme
        "a.example/no-scheme",  # 3: relative
        "https://A.example/feed/",  # 4: duplicate of line 1 after canonicalisation
        "https://c.example/x https://d.example/y",  # 5: two URLs
        "https://:80/nohost",  # 6: no host
    ])
    with pytest.raises(SeedFileError) as error:
        parse_seeds(text, source="test.txt")
    message = str(error.value)
    assert "test.txt" in message
    for number in (2, 3, 4, 5, 6):
        assert f"line {number}:" in message
    assert "  line 1:" not in message
    assert "duplicate of line 1" in message


def test_empty_file_is_an_error() -> None:
    with pytest.raises(SeedFileError, match="no seed URLs"):
        parse_seeds("# nothing\n")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SeedFileError, match="cannot read seed file"):
        load_seeds(tmp_path / "absent.txt")


def test_shipped_seed_list_is_valid_and_documented() -> None:
    path = ROOT / "seeds" / "ev_partnerships.txt"
    seeds = load_seeds(path)
    assert len(seeds) >= 20
    url_lines = [line for line in path.read_text().splitlines() if line.startswith("http")]
    assert all(" # " in line for line in url_lines), "every seed line says what it is"


def test_since_accepts_days_dates_and_datetimes() -> None:
    from datetime import datetime

    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert parse_since(None, 30, now) == datetime(2026, 10, 23, 12, 0, tzinfo=UTC)
    assert parse_since("7", 30, now) == datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
    assert parse_since("2026-11-01", 30, now) == datetime(2026, 11, 1, tzinfo=UTC)
    assert parse_since("2026-11-01T08:00+02:00", 30, now).utcoffset() is not None
    with pytest.raises(OptionError, match="since="):
        parse_since("last week", 30, now)


@pytest.mark.parametrize("value", ["99999999999", "1000000"])
def test_since_out_of_the_calendar_is_an_option_error(value: str) -> None:
    from datetime import datetime

    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    with pytest.raises(OptionError, match=f"since={value!r}"):
        parse_since(value, 30, now)


def test_a_since_days_setting_that_is_no_number_is_an_option_error() -> None:
    from scrapy.settings import Settings

    from crawler.discovery.options import CrawlOptions

    settings = Settings({"DISCOVERY_SINCE_DAYS": "a month",
                         "DISCOVERY_SEEDS_FILE": str(ROOT / "seeds" / "ev_partnerships.txt")})
    with pytest.raises(OptionError, match="DISCOVERY_SINCE_DAYS='a month'"):
        CrawlOptions.from_arguments({}, settings)


@pytest.mark.parametrize(("arguments", "message"), [
    ({"seeds": ""}, "-a seeds is empty"),  # an unset $VAR in a cron line
    ({"seeds": "  "}, "-a seeds is empty"),
    ({"since": ""}, "-a since is empty"),
    ({"since": "2099-01-01"}, "since='2099-01-01' is in the future"),
])
def test_an_empty_or_future_argument_is_an_option_error(arguments: dict[str, str],
                                                        message: str) -> None:
    from scrapy.settings import Settings

    from crawler.discovery.options import CrawlOptions

    settings = Settings({"DISCOVERY_SEEDS_FILE": str(ROOT / "seeds" / "ev_partnerships.txt")})
    with pytest.raises(OptionError, match=message.replace("-", r"\-").replace("(", r"\(")):
        CrawlOptions.from_arguments(arguments, settings)
    assert CrawlOptions.from_arguments({"since": "7"}, settings).seeds  # the defaults still work
