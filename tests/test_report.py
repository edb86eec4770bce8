"""Layer 4: ``scrapy report`` after a real crawl, opened in a real headless Chromium.

The page must load from the file alone (every request to the network is refused and
counted), log no error, and draw every chart: an SVG with its marks in each.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import crawl, scrapy_command, unavailable
from tests.site.server import FixtureSite

CHARTS = 5
# Marks each chart draws: bars, lines, heatmap images, or the "no data" note.
MARKS = ".trace.bars path, .trace.scatter path, .hm image, .heatmaplayer image, .annotation"


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (installed by .ci/run where missing)."""
    executable = shutil.which("chromium")
    if executable is None:
        unavailable("chromium not installed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


def open_report(browser: Any, path: Path, screenshot: Path) -> dict[str, Any]:
    """Open the file, let it render; return errors, network requests and what was drawn."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    seen: dict[str, Any] = {"errors": [], "network": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "file:") else (seen["network"].append(route.request.url), route.abort()))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length "
                           f">= {CHARTS}", timeout=30_000)
    charts = page.locator(".js-plotly-plot")
    seen["charts"] = charts.count()
    seen["marks"] = [charts.nth(i).locator(MARKS).count() for i in range(seen["charts"])]
    seen["titles"] = page.locator(".gtitle").all_inner_texts()
    seen["text"] = page.inner_text("body")
    page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return seen


@pytest.mark.e2e
def test_report_of_a_crawl_renders_every_chart_offline(site: FixtureSite, database_url: str,
                                                       tmp_path: Path, browser: Any) -> None:
    assert crawl(site.seed_urls(), database_url, tmp_path).returncode == 0
    path = tmp_path / "report.html"
    result = scrapy_command(["report", "--output", str(path), "--days", "30"], database_url)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = open_report(browser, path, tmp_path / "report.png")
    assert seen["errors"] == [] and seen["network"] == []
    assert seen["charts"] == CHARTS and all(seen["marks"]), seen["marks"]
    assert "no data in this period" not in seen["text"]
    assert "Ford – Xiaomi" in seen["text"] and "run 1" in seen["text"]
    assert (tmp_path / "report.png").stat().st_size > 50_000  # a drawn page, not a blank one


def test_report_of_an_empty_database_says_so_in_every_chart(sqlite_url: str, tmp_path: Path,
                                                           browser: Any) -> None:
    path = tmp_path / "report.html"
    result = scrapy_command(["report", "--output", str(path)], sqlite_url)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = open_report(browser, path, tmp_path / "empty.png")
    assert seen["errors"] == [] and seen["network"] == []
    assert seen["charts"] == CHARTS
    assert seen["text"].count("no data in this period") == CHARTS


def test_report_bad_arguments_exit_2_and_a_dead_database_exits_1(sqlite_url: str,
                                                                 tmp_path: Path) -> None:
    for args, message in [(["--output", str(tmp_path / "r.html"), "--days", "0"], "--days"),
                          (["--output", str(tmp_path / "no" / "r.html")], "does not exist"),
                          (["--days", "7"], "--output")]:
        result = scrapy_command(["report", *args], sqlite_url)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
    dead = scrapy_command(["report", "--output", str(tmp_path / "r.html")],
                          "postgresql://postgres@127.0.0.1:1/nowhere")
    assert dead.returncode == 1 and "report: failed" in dead.stderr
    assert not (tmp_path / "r.html").exists()
