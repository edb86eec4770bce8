"""Exporting a table to a file: whole, or incrementally for a named consumer, exactly once.

The file is written under a temporary name in the output's folder, flushed to disk and
only then renamed to the output path, in the same database transaction that moves the
consumer's watermark: a failed or interrupted export leaves neither a partial file at
the output path nor a moved watermark, so it is simply run again. The rows are read in
one snapshot together with the highest change number (see ``pipelines.analytics.snapshot`` and
migration 0006): a crawl
writing meanwhile has its rows either in this export or, numbered above the new
watermark, in the next one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from pipelines.analytics import watermarks
from pipelines.analytics.files import synced, temporary_path
from pipelines.analytics.snapshot import snapshot, snapshot_engine
from pipelines.analytics.tables import TABLES, ExportTable
from pipelines.analytics.writers import WRITERS
from pipelines.storage.database import create_db_engine


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: rows, and for a consumer the change numbers it covered."""

    table: str
    path: Path
    rows: int
    since: int | None  # None: the whole table
    upto: int


def _write(engine: Engine, spec: ExportTable, fmt: str, path: Path,
           since: int | None) -> tuple[int, int]:
    """Write the rows to ``path``; return (rows, the highest change number they were read at)."""
    with snapshot(engine) as conn:
        upto = spec.latest(conn)
        rows = WRITERS[fmt](path, spec.schema, spec.batches(conn, since, upto))
    synced(path)
    return rows, upto


def _publish(engine: Engine, temporary: Path, output: Path, consumer: str | None,
             result: ExportResult) -> None:
    """Rename the file into place and move the watermark, both or neither."""
    with engine.begin() as conn:
        if consumer is not None:
            assert result.since is not None
            watermarks.move(conn, consumer, result.table, result.since, result.upto,
                            result.rows)
        os.replace(temporary, output)


def export(url: str, table: str, fmt: str, output: Path,
           consumer: str | None = None) -> ExportResult:
    """Export ``table`` (a name in ``pipelines.analytics.tables.TABLES``) to ``output`` in ``fmt``.

    Without ``consumer``, every row; with it, the rows changed since its last successful
    export. Raises sqlalchemy errors when the database fails, OSError when the file
    cannot be written, watermarks.ConcurrentExport when another export of the same
    consumer finished first; in each case the watermark has not moved.
    """
    spec = TABLES[table]
    engine, reader = create_db_engine(url), snapshot_engine(url)
    temporary = temporary_path(output)
    try:
        since = watermarks.current(engine, consumer, table) if consumer is not None else None
        rows, upto = _write(reader, spec, fmt, temporary, since)
        result = ExportResult(table, output, rows, since, upto)
        _publish(engine, temporary, output, consumer, result)
        return result
    finally:
        temporary.unlink(missing_ok=True)
        engine.dispose()
        reader.dispose()
