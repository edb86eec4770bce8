"""Per consumer and table: how far incremental exports have gone (``export_watermarks``).

Reading a watermark writes nothing: the first write of an export is the move that
publishes its file, so an export that fails before has changed nothing in the database.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Table, select, update

from pipelines.storage.database import insert_ignoring_conflicts
from pipelines.storage.models import ExportWatermark

WATERMARKS = ExportWatermark.__table__
assert isinstance(WATERMARKS, Table)


class ConcurrentExport(RuntimeError):
    """Another export of the same consumer and table moved the watermark meanwhile."""


def current(engine: Engine, consumer: str, table: str) -> int:
    """The consumer's watermark for ``table``, a change number (0 for a new consumer)."""
    with engine.connect() as conn:
        return conn.scalar(select(ExportWatermark.change_seq).where(
            ExportWatermark.consumer == consumer, ExportWatermark.table_name == table)) or 0


def move(conn: Connection, consumer: str, table: str, since: int, upto: int, rows: int) -> None:
    """Move the watermark from ``since`` to ``upto`` in the open transaction ``conn``.

    Raises ConcurrentExport when it is no longer at ``since``: then this export's file
    must not replace the other's, and the caller rolls back.
    """
    values = {"change_seq": upto, "rows": rows, "exported_at": datetime.now(UTC)}
    moved = conn.execute(update(ExportWatermark).where(
        ExportWatermark.consumer == consumer, ExportWatermark.table_name == table,
        ExportWatermark.change_seq == since).values(values)).rowcount
    if not moved and since == 0:  # the consumer's first export
        insert = insert_ignoring_conflicts(conn.engine, WATERMARKS).returning(
            WATERMARKS.c.consumer)  # psycopg gives no rowcount for ON CONFLICT DO NOTHING
        moved = len(conn.execute(insert, {"consumer": consumer, "table_name": table,
                                          **values}).all())
    if moved != 1:
        raise ConcurrentExport(f"another export for consumer {consumer!r} of {table} "
                               "finished meanwhile; run this one again")
