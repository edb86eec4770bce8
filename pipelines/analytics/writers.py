"""Writing record batches to a file: Parquet, CSV or JSON Lines, streamed batch by batch.

Parquet keeps the Arrow schema as it is (pyarrow; Snappy-compressed, read as is by
DuckDB, pandas, Polars and Spark). CSV (RFC 4180, a header line) and JSON Lines (one
object a line, UTF-8) write timestamps in ISO 8601 with their UTC offset and dates as
``YYYY-MM-DD``; in CSV a list is a JSON array (``["Ford", "Xiaomi"]``), a missing value
is an empty field, booleans are ``true``/``false``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

FORMATS = ("parquet", "csv", "jsonl")


def _iso(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_parquet(path: Path, schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> int:
    """Write ``batches`` to ``path`` as one Parquet file; return the number of rows."""
    rows = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def _csv_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    columns = []
    for field, values in zip(schema, batch.columns, strict=True):
        if pa.types.is_list(field.type):
            values = pa.array([None if v is None else json.dumps(v, ensure_ascii=False)
                               for v in values.to_pylist()], pa.string())
        elif pa.types.is_timestamp(field.type):
            values = pa.array([None if v is None else v.isoformat()
                               for v in values.to_pylist()], pa.string())
        columns.append(values)
    return pa.RecordBatch.from_arrays(columns, names=schema.names)


def write_csv(path: Path, schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> int:
    """Write ``batches`` to ``path`` as CSV with a header; return the number of rows."""
    rows = 0
    text_schema = pa.schema([(f.name, pa.string() if pa.types.is_list(f.type)
                              or pa.types.is_timestamp(f.type) else f.type) for f in schema])
    with pa_csv.CSVWriter(path, text_schema) as writer:
        for batch in batches:
            writer.write_batch(_csv_batch(batch, schema))
            rows += batch.num_rows
    return rows


def _write_lines(handle: IO[str], batch: pa.RecordBatch) -> None:
    for row in batch.to_pylist():
        handle.write(json.dumps(row, ensure_ascii=False, default=_iso))
        handle.write("\n")


def write_jsonl(path: Path, _schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> int:
    """Write ``batches`` to ``path`` as JSON Lines; return the number of rows."""
    rows = 0
    with open(path, "w", encoding="utf-8") as handle:
        for batch in batches:
            _write_lines(handle, batch)
            rows += batch.num_rows
    return rows


WRITERS = {"parquet": write_parquet, "csv": write_csv, "jsonl": write_jsonl}
