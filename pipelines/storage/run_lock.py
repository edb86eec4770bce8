"""One run at a time per database, released by the operating system when a run dies.

SQLite: an exclusive ``flock`` on ``<database file>.lock``. PostgreSQL: a session-level
advisory lock held on a dedicated connection, so every machine sharing the database
sees it. Either lock vanishes with the process that holds it: a crashed or killed run
never blocks the next one.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from pipelines.storage.database import DatabaseError, normalise_url


class RunLockBusy(RuntimeError):
    """Another run holds the lock; the message says which, where it is known."""


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            raise RunLockBusy(f"another run holds {path} ({holder})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M UTC}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(url: str, name: str) -> Iterator[None]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        connection = engine.connect()
    except Exception as exc:
        raise DatabaseError(f"cannot connect to take the run lock: {exc}") from exc
    key = _lock_key(name)
    try:
        if not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            raise RunLockBusy(f"another run of {name} holds the database's advisory lock")
        connection.commit()
        try:
            yield
        finally:
            with suppress(Exception):  # a lost connection has released the lock already
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
    finally:
        connection.close()
        engine.dispose()


@contextmanager
def run_lock(database_url: str, name: str) -> Iterator[None]:
    """Hold the run lock for ``name`` on this database, or raise RunLockBusy at once."""
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "postgresql":
        with _advisory_lock(url.render_as_string(hide_password=False), name):
            yield
    elif url.database and url.database != ":memory:":
        with _file_lock(Path(f"{url.database}.lock")):
            yield
    else:
        yield
