"""A read-only connection that sees one consistent state of the database throughout.

PostgreSQL: a REPEATABLE READ read-only transaction. SQLite: Python's sqlite3 module
opens no transaction for a SELECT, so each statement would see the database as it is
then; here the connection is put in autocommit mode and an explicit ``BEGIN`` starts a
transaction whose first read fixes the snapshot (WAL mode keeps it while writers go on).
This is SQLAlchemy's documented recipe for SQLite transactions under pysqlite.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event

from pipelines.storage.database import create_db_engine


def _autocommit(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def snapshot_engine(url: str) -> Engine:
    """An engine whose transactions each read one snapshot (see the module's docstring)."""
    engine = create_db_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _autocommit)
        event.listen(engine, "begin", _begin)
    return engine


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection in a read-only transaction on one snapshot; rolled back afterwards."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ",
                                          postgresql_readonly=True)
        with conn.begin() as transaction:
            try:
                yield conn
            finally:
                transaction.rollback()

