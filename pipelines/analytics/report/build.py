"""Writing the report file: figures read in one snapshot, the page written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.analytics.files import synced, temporary_path
from pipelines.analytics.report.data import load
from pipelines.analytics.report.page import render
from pipelines.analytics.snapshot import snapshot, snapshot_engine


def write_report(url: str, output: Path, days: int) -> None:
    """Write the report of the last ``days`` days of the database at ``url`` to ``output``.

    The file is written under a temporary name and renamed into place, so a reader never
    sees half a page. Raises sqlalchemy errors when the database fails, OSError when the
    file cannot be written.
    """
    engine = snapshot_engine(url)
    temporary = temporary_path(output)
    try:
        with snapshot(engine) as conn:
            data = load(conn, days)
        temporary.write_text(render(data, days), encoding="utf-8")
        synced(temporary)
        os.replace(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)
        engine.dispose()
