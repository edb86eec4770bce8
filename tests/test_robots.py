"""Layer 4: robots.txt holds for every request, also those that waited for it together."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pipelines.storage import url_state as state
from pipelines.storage.database import create_db_engine, migrate
from tests.helpers import crawl
from tests.site import content as c
from tests.site.server import FixtureSite


def test_requests_waiting_together_for_robots_txt_all_obey_it(site: FixtureSite, sqlite_url: str,
                                                              tmp_path: Path) -> None:
    migrate(sqlite_url)
    engine = create_db_engine(sqlite_url)
    # Due articles are all requested at start: many requests wait for robots.txt at once.
    due = [c.FORD_XIAOMI, c.VW_XPENG, c.GM_GOOGLE, c.EMBARGOED, c.HONDA_SONY]
    state.admit(engine, [state.ListedUrl(site.base_url + s.path, site.base_url + s.path)
                         for s in due], "seed",
                datetime.now(UTC))
    engine.dispose()
    result = crawl([f"{site.base_url}/feed.xml"], sqlite_url, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert c.EMBARGOED.path not in site.requested_paths()
    assert c.HONDA_SONY.path in site.requested_paths()
