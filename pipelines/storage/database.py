"""Database connections and migrations.

The database URL is an SQLAlchemy URL (``sqlite:///path`` or
``postgresql+psycopg://user@host/db``); ``postgresql://`` is taken to mean psycopg 3.
"""

from __future__ import annotations

from functools import lru_cache
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Connection,
    Dialect,
    Engine,
    Table,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.sql.dml import Insert

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class DatabaseError(RuntimeError):
    """The database cannot be used: unreachable, or its schema cannot be brought up to date."""


def normalise_url(url: str) -> str:
    """Pick the psycopg 3 driver for plain ``postgresql://`` URLs; create SQLite's folder.

    Raises DatabaseError naming ``url`` when it is no SQLAlchemy URL.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"DATABASE_URL {url!r} is not a database URL: expected "
                            "sqlite:///PATH or postgresql://USER@HOST/DATABASE") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder of SQLite database {folder}: {exc}") from exc
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    engine = create_engine(normalise_url(url), pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(url: str) -> Config:
    """Alembic's configuration with the database URL injected (never read from alembic.ini)."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = normalise_url(url)
    return config


def migrate(url: str) -> None:
    """Bring the database at ``url`` up to the newest schema; raise DatabaseError if it can't."""
    try:
        command.upgrade(alembic_config(url), "head")
    except Exception as exc:
        safe = make_url(normalise_url(url)).render_as_string(hide_password=True)
        raise DatabaseError(f"cannot migrate database {safe}: {exc}") from exc


def dialect_module(engine: Engine | Connection) -> Any:
    """SQLAlchemy's dialect module (``insert`` with ``on_conflict_*``) for SQLite or
    PostgreSQL; raises DatabaseError for any other database."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(engine.dialect.name)
    if dialect is None:
        raise DatabaseError(f"unsupported database {engine.dialect.name!r}: use SQLite or PostgreSQL")
    return dialect


def insert_ignoring_conflicts(engine: Engine, table: Table) -> Insert:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the engine's dialect."""
    return dialect_module(engine).insert(table).on_conflict_do_nothing()


def upsert(engine: Engine, table: Table, keys: tuple[str, ...]) -> Insert:
    """``INSERT ... ON CONFLICT (keys) DO UPDATE`` setting every other column to the new
    row's value, for the engine's dialect (SQLite or PostgreSQL)."""
    statement = dialect_module(engine).insert(table)
    others = {c.name: statement.excluded[c.name] for c in table.columns
              if c.name not in keys and not c.primary_key}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=others)


@lru_cache(maxsize=32)
def _unnest_insert(table: Table, names: tuple[str, ...]) -> Insert:
    arrays = [bindparam(f"u_{name}", type_=postgresql.ARRAY(table.c[name].type))
              for name in names]
    rows = func.unnest(*arrays).table_valued(*names).render_derived()
    return insert(table).from_select(list(names), select(*(rows.c[name] for name in names)))


@lru_cache(maxsize=32)
def _driver_insert(table: Table, names: tuple[str, ...], dialect: Dialect
                   ) -> tuple[str, tuple[str, ...], tuple[Callable[[Any], Any] | None, ...]]:
    """``INSERT INTO table (names)`` as the driver's SQL with positional parameters, their
    column names in order, and each column type's bind processor for the dialect."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
    order = tuple(compiled.positiontup or ())
    return str(compiled), order, tuple(
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order)


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, scalar values: a list would be read as
    one more dimension of its column's array) into ``table`` in one go.

    On PostgreSQL one statement takes the columns as arrays (``INSERT ... SELECT FROM
    unnest(...)``): an executemany would run one statement per row on the server and
    cost the client as much again, where the story step writes 32 band rows per
    article. Elsewhere (SQLite) an executemany of the driver's own statement, which steps
    one prepared statement per row in C; the values go through their columns' bind
    processors, as SQLAlchemy's own executemany would, without its per-row handling of
    parameters (a third of the time of the story step's writes)."""
    if not rows:
        return
    names = tuple(rows[0])
    if conn.dialect.name == "postgresql":
        conn.execute(_unnest_insert(table, names),
                     {f"u_{name}": [row[name] for row in rows] for name in names})
        return
    sql, order, processors = _driver_insert(table, names, conn.dialect)
    if not order:  # a driver that takes parameters by name
        conn.execute(insert(table), rows)
        return
    conn.exec_driver_sql(sql, _positional(rows, order, processors))


def _positional(rows: list[dict[str, Any]], order: tuple[str, ...],
                processors: tuple[Callable[[Any], Any] | None, ...]) -> list[tuple[Any, ...]]:
    """``rows`` as tuples of the values of ``order``, each through its column's processor.
    A value is processed once per call however often it repeats (the one time of an
    article's 32 band rows); unhashable values are processed one by one."""
    columns = [[row[name] for row in rows] for name in order]
    for number, process in enumerate(processors):
        if process is None:
            continue
        try:
            done = {value: process(value) for value in set(columns[number])}
        except TypeError:
            columns[number] = [process(value) for value in columns[number]]
        else:
            columns[number] = [done[value] for value in columns[number]]
    return list(zip(*columns, strict=True))
