"""Layer 4: ``scrapy export`` after real crawls, read back by DuckDB and compared with the tables.

Parquet must be read as is (typed: UTC timestamps, lists, booleans, dates); CSV and
JSON Lines are read by DuckDB too and parsed back the documented way. Incremental
exports must give every change once, across crawls and while a crawl writes.
"""

from __future__ import annotations

import dataclasses
import json
import resource
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from sqlalchemy import Engine, select, text

from pipelines.analytics.tables import TABLES
from pipelines.storage.database import create_db_engine
from pipelines.storage.models import Article, ExportWatermark
from tests.helpers import crawl, crawl_until_served, scrapy_command
from tests.site import content as c
from tests.site.server import FixtureSite

KEYS = {"articles": ("id",), "stories": ("id",),
        "pair_mentions": ("day", "automaker", "technology_company")}
# Per table: the query for a list column the exporter adds, (row id, value) by value.
LISTS = {"articles": ("companies", "SELECT m.article_id, c.name FROM company_mentions m "
                                   "JOIN companies c ON c.id = m.company_id ORDER BY c.name"),
         "stories": ("outlets", "SELECT DISTINCT story_id, site FROM articles "
                                "WHERE story_id IS NOT NULL AND site IS NOT NULL ORDER BY site")}
REVISIT_NOW = ["-s", "REVISIT_INTERVAL_HOURS=0"]
NEW_STORY = c.partnership("/news/2026/lucid-nvidia-autonomy-compute-deal", "Lucid",
                          "Nvidia", "autonomy compute", 0)


def export(database_url: str, path: Path, fmt: str, table: str = "articles",
           consumer: str | None = None, **popen: Any) -> None:
    args = ["export", "--format", fmt, "--output", str(path), "--table", table]
    result = scrapy_command(args + (["--consumer", consumer] if consumer else []),
                            database_url, **popen)
    assert result.returncode == 0, result.stderr[-3000:]


def _value(kind: pa.DataType, value: Any) -> Any:
    """A value as read back, in the Python type of its column; text parsed the documented way."""
    if value is None or value == "":
        return None
    if pa.types.is_timestamp(kind):
        value = datetime.fromisoformat(value) if isinstance(value, str) else value
        assert value.tzinfo is not None, "a timestamp read back without its time zone"
        return value.astimezone(UTC)
    if pa.types.is_list(kind):
        return json.loads(value) if isinstance(value, str) else list(value)
    if pa.types.is_boolean(kind):
        return value if isinstance(value, bool) else value == "true"
    if pa.types.is_date(kind):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if pa.types.is_integer(kind):
        return int(value)
    return float(value) if pa.types.is_floating(kind) else value


def read_back(path: Path, fmt: str, table: str) -> list[dict[str, Any]]:
    """The file's rows read by DuckDB (CSV as text, then parsed), in the table's types."""
    source = {"parquet": f"read_parquet('{path}')",
              "csv": f"read_csv('{path}', all_varchar = true, header = true)",
              "jsonl": f"read_json('{path}', format = 'newline_delimited')"}[fmt]
    if fmt == "jsonl" and path.stat().st_size == 0:
        return []  # no line, no column to read
    relation = duckdb.sql(f"SELECT * FROM {source}")
    schema = TABLES[table].schema
    assert relation.columns == schema.names, (fmt, relation.columns)
    return [{f.name: _value(f.type, row[i]) for i, f in enumerate(schema)}
            for row in relation.fetchall()]


def table_rows(engine: Engine, table: str) -> list[dict[str, Any]]:
    """What the database holds for an export table, read independently of the exporter."""
    with engine.connect() as conn:
        if table == "pair_mentions":
            found = conn.execute(text("SELECT * FROM pair_mentions")).mappings().all()
            return [{**row, "day": _value(pa.date32(), row["day"])} for row in found]
        stored = [dict(r) for r in conn.execute(text(f"SELECT * FROM {table}")).mappings()]
        name, query = LISTS[table]
        listed = conn.execute(text(query)).all()
    rows = []
    for row in stored:
        row[name] = [value for row_id, value in listed if row_id == row["id"]]
        rows.append({f.name: _db_value(f.type, row[f.name]) for f in TABLES[table].schema})
    return rows


def _db_value(kind: pa.DataType, value: Any) -> Any:
    if pa.types.is_list(kind) and isinstance(value, str):  # JSON column on SQLite
        return json.loads(value)
    if pa.types.is_timestamp(kind) and isinstance(value, str):  # SQLite: naive UTC text
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    if pa.types.is_timestamp(kind) and value is not None:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return bool(value) if pa.types.is_boolean(kind) else value


def by_key(rows: list[dict[str, Any]], table: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    keyed = {tuple(row[k] for k in KEYS[table]): row for row in rows}
    assert len(keyed) == len(rows), "a key exported twice in one file"
    return keyed


@pytest.mark.e2e
def test_exports_in_every_format_read_back_equal_to_the_tables(
        site: FixtureSite, database_url: str, tmp_path: Path) -> None:
    assert crawl(site.seed_urls(), database_url, tmp_path).returncode == 0
    engine = create_db_engine(database_url)
    for table in ("articles", "stories", "pair_mentions"):
        want = by_key(table_rows(engine, table), table)
        assert len(want) >= 5, table
        for fmt in ("parquet", "csv", "jsonl"):
            path = tmp_path / f"{table}.{fmt}"
            export(database_url, path, fmt, table)
            assert by_key(read_back(path, fmt, table), table) == want, (table, fmt)
    assert_views_answer(engine)
    engine.dispose()


def assert_views_answer(engine: Engine) -> None:
    """The analysts' views agree with the tables they are made of."""
    with engine.connect() as conn:
        relevant = conn.execute(text("SELECT * FROM relevant_articles")).mappings().all()
        stories = conn.execute(text("SELECT * FROM story_outlets")).mappings().all()
        counts = conn.execute(text("SELECT (SELECT count(*) FROM articles WHERE relevant), "
                                   "(SELECT count(*) FROM stories)")).one()
        health = conn.execute(text("SELECT * FROM source_health")).mappings().all()
    assert (len(relevant), len(stories)) == tuple(counts)
    ford = next(row for row in relevant if row["title"] == c.FORD_XIAOMI.title)
    assert (ford["automakers"], ford["technology_companies"]) == ("Ford", "Xiaomi")
    assert ford["story_headline"] is not None
    assert all(row["outlets"] and row["outlet_count"] >= 1 for row in stories)
    assert health and all(row["articles_found"] is not None for row in health)


def test_parquet_columns_are_typed_for_duckdb(site: FixtureSite, sqlite_url: str,
                                              tmp_path: Path) -> None:
    assert crawl(site.seed_urls(), sqlite_url, tmp_path).returncode == 0
    path = tmp_path / "articles.parquet"
    export(sqlite_url, path, "parquet")
    types = dict(duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()[i][:2]
                 for i in range(len(TABLES["articles"].schema)))
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["authors"] == types["companies"] == "VARCHAR[]"
    assert types["relevant"] == "BOOLEAN" and types["relevance"] == "DOUBLE"
    ((relevant,),) = duckdb.sql(f"SELECT count(*) FROM '{path}' WHERE relevant AND "
                                "list_contains(companies, 'Xiaomi')").fetchall()
    assert relevant >= 1


def test_articles_export_has_every_column_of_articles_but_fingerprint() -> None:
    wanted = {c.name for c in Article.__table__.columns} - {"fingerprint"} | {"companies"}
    assert set(TABLES["articles"].schema.names) == wanted


def _ignoring_last_seen(rows: dict[Any, dict[str, Any]],
                        key: Any = lambda k: k) -> dict[Any, dict[str, Any]]:
    """Rows without last_seen_at, which moves without a change (a revisit saw the article)."""
    return {key(k): {**row, "last_seen_at": None} for k, row in rows.items()}


def _exported(paths: list[Path], table: str = "articles") -> list[dict[str, Any]]:
    return [row for path in paths for row in read_back(path, "parquet", table)]


@pytest.mark.e2e
def test_incremental_exports_across_two_crawls_give_every_change_once(
        site: FixtureSite, database_url: str, tmp_path: Path) -> None:
    assert crawl(site.seed_urls(), database_url, tmp_path, None, *REVISIT_NOW).returncode == 0
    files = [tmp_path / f"{n}.parquet" for n in range(3)]
    export(database_url, files[0], "parquet", consumer="warehouse")
    edited = dataclasses.replace(c.FORD_XIAOMI, paragraphs=(*c.FORD_XIAOMI.paragraphs, "Update."))
    site.update(edits=[edited], published=[NEW_STORY])
    assert crawl(site.seed_urls(), database_url, tmp_path, None, *REVISIT_NOW).returncode == 0
    export(database_url, files[1], "parquet", consumer="warehouse")
    export(database_url, files[2], "parquet", consumer="warehouse")

    engine = create_db_engine(database_url)
    table = by_key(table_rows(engine, "articles"), "articles")
    first, second, third = (_exported([f]) for f in files)
    assert by_key(first, "articles").keys() | by_key(second, "articles").keys() == table.keys()
    assert len(second) == 2 and third == []  # the new article and the edited one; then nothing
    assert {"Update." in row["text"] for row in second} == {True, False}
    latest = {**by_key(first, "articles"), **by_key(second, "articles")}
    assert _ignoring_last_seen(latest) == _ignoring_last_seen(table)
    engine.dispose()


@pytest.mark.e2e
def test_exports_during_a_crawl_lose_and_repeat_no_change(
        site: FixtureSite, database_url: str, tmp_path: Path) -> None:
    # Slow article pages keep the crawl writing while several exports run (each one a
    # scrapy process start, seconds on a busy machine).
    process = crawl_until_served(site, database_url, tmp_path, 2.0, served=3)
    files: list[Path] = []
    while process.poll() is None and len(files) < 20:
        files.append(tmp_path / f"during-{len(files)}.jsonl")
        export(database_url, files[-1], "jsonl", consumer="live")
    process.communicate(timeout=120)
    assert process.returncode == 0
    files.append(tmp_path / "after.jsonl")
    export(database_url, files[-1], "jsonl", consumer="live")
    rows = [row for path in files for row in read_back(path, "jsonl", "articles")]
    assert len(files) >= 3 and sum(1 for path in files[:-1] if read_back(path, "jsonl",
                                                                      "articles")) >= 1
    engine = create_db_engine(database_url)
    changes = [(row["id"], row["change_seq"]) for row in rows]
    assert len(set(changes)) == len(changes), "a change exported twice"
    latest = {row["id"]: row for row in sorted(rows, key=lambda row: row["change_seq"])}
    assert _ignoring_last_seen(latest) == _ignoring_last_seen(
        by_key(table_rows(engine, "articles"), "articles"), key=lambda k: k[0])
    engine.dispose()


def _small_files(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.e2e
@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_an_interrupted_export_leaves_the_watermark_and_no_file(
        site: FixtureSite, database_url: str, tmp_path: Path, fmt: str) -> None:
    assert crawl(site.seed_urls(), database_url, tmp_path).returncode == 0
    path = tmp_path / f"feed.{fmt}"
    args = ["export", "--format", fmt, "--output", str(path), "--consumer", "nightly"]
    # The file system refuses to grow a file past 4 KB: the export fails half-way.
    failed = scrapy_command(args, database_url, preexec_fn=lambda: _small_files(4096))
    assert failed.returncode == 1, failed.stderr[-3000:]
    assert "nothing exported" in failed.stderr
    assert not path.exists() and list(tmp_path.glob(f".feed.{fmt}*")) == []
    engine = create_db_engine(database_url)
    with engine.connect() as conn:
        assert conn.scalar(select(ExportWatermark.change_seq)) is None  # never moved
    export(database_url, path, fmt, consumer="nightly")  # the repeat gets everything
    assert len(read_back(path, fmt, "articles")) == len(table_rows(engine, "articles"))
    engine.dispose()


def test_bad_arguments_exit_2_and_a_dead_database_exits_1(sqlite_url: str,
                                                          tmp_path: Path) -> None:
    cases = [(["--format", "xml", "--output", str(tmp_path / "a.xml")], "invalid choice"),
             (["--format", "csv", "--output", str(tmp_path / "no" / "a.csv")], "does not exist"),
             (["--format", "csv", "--output", str(tmp_path / "a.csv"), "--table", "x"], "table"),
             (["--format", "csv", "--output", str(tmp_path / "a.csv"), "--consumer", "a b"],
              "--consumer"),
             (["--output", str(tmp_path / "a.csv")], "--format"),
             (["--format", "csv", "--output", ""], "--output is empty")]
    for args, message in cases:
        result = scrapy_command(["export", *args], sqlite_url)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
    dead = scrapy_command(["export", "--format", "csv", "--output", str(tmp_path / "a.csv")],
                          "postgresql://postgres@127.0.0.1:1/nowhere")
    assert dead.returncode == 1 and "nothing exported" in dead.stderr
    assert not (tmp_path / "a.csv").exists()
