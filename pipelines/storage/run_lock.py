"""One run at a time per database, released by the operating system when a run dies.

SQLite: an exclusive ``flock`` on ``<database file>.lock``. PostgreSQL: a session-level
advisory lock held on a dedicated connection, so every machine sharing the database
sees it. Either lock vanishes with the process that holds it: a crashed or killed run
never blocks the next one.

A run shared by several processes (``group``, see :mod:`crawler.scaleout`) is held in
PostgreSQL only: each of its processes holds the run lock *shared* plus a shared lock
on its group, so the processes of one group run together, while a run of one process
(which needs the lock exclusively) or a process of another group is refused.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from pipelines.storage.database import DatabaseError, normalise_url


class RunLockBusy(RuntimeError):
    """Another run holds the lock; the message says which, where it is known."""


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def _small_key(value: str) -> int:
    # 0..2**31-1: pg_locks shows it unchanged as classid or objid (oid is unsigned)
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:4], "big") >> 1


def group_key(name: str, group: str) -> tuple[int, int]:
    """The two-int advisory lock key of ``group``: (namespace of ``name``, group)."""
    return _small_key(f"{name}:groups"), _small_key(f"{name}:{group}")


def join_key(name: str) -> int:
    """The transaction-level advisory lock that makes group decisions one at a time."""
    return _lock_key(f"{name}:join")


def placing_key() -> int:
    """The transaction-level advisory lock that makes story placing one process at a time."""
    return _lock_key("stories:placing")


def hold_until_commit(connection: Connection, key: int) -> None:
    """Wait for the advisory lock ``key``, held until the transaction ends (PostgreSQL)."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


_GROUP_HOLDERS = text(
    "SELECT objid::bigint AS gid, pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND objsubid = 2 AND classid::bigint = :ns"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")


def group_holders(connection: Connection, name: str) -> dict[int, set[int]]:
    """Backend pids holding each group lock of ``name``: group key -> pids."""
    holders: dict[int, set[int]] = {}
    for gid, pid in connection.execute(_GROUP_HOLDERS, {"ns": _small_key(f"{name}:groups")}):
        holders.setdefault(gid, set()).add(pid)
    return holders


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


def _join_group(connection: Connection, name: str, group: str) -> None:
    """Take the shared locks of a group's process, or raise RunLockBusy (one at a time)."""
    hold_until_commit(connection, join_key(name))
    ns, gid = group_key(name, group)
    if set(group_holders(connection, name)) - {gid}:
        raise RunLockBusy(f"a run of {name} shared through another Redis is in progress")
    connection.execute(text("SELECT pg_advisory_lock_shared(:ns, :gid)"), {"ns": ns, "gid": gid})


def _take(connection: Connection, name: str, group: str | None) -> None:
    key = _lock_key(name)
    take = "pg_try_advisory_lock" if group is None else "pg_try_advisory_lock_shared"
    if not connection.execute(text(f"SELECT {take}(:k)"), {"k": key}).scalar():
        raise RunLockBusy(f"another run of {name} holds the database's advisory lock")
    if group is not None:
        _join_group(connection, name, group)
    connection.commit()


@contextmanager
def _advisory_lock(url: str, name: str, group: str | None) -> Iterator[int]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        connection = engine.connect()
    except Exception as exc:
        raise DatabaseError(f"cannot connect to take the run lock: {exc}") from exc
    try:
        _take(connection, name, group)
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        connection.commit()
        yield pid
    finally:
        # Closing the session releases its advisory locks, whichever were taken.
        connection.close()
        engine.dispose()


@contextmanager
def run_lock(database_url: str, name: str, group: str | None = None) -> Iterator[int | None]:
    """Hold the run lock for ``name`` on this database, or raise RunLockBusy at once.

    With ``group`` (PostgreSQL only, else ValueError) the lock is shared with the other
    processes of that group. Yields the backend pid of the PostgreSQL session holding
    the lock (``pg_locks.pid``, how other processes tell it is alive), else None.
    """
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "postgresql":
        with _advisory_lock(url.render_as_string(hide_password=False), name, group) as pid:
            yield pid
    elif group is not None:
        raise ValueError("a run shared by several processes needs PostgreSQL")
    elif url.database and url.database != ":memory:":
        with _file_lock(Path(f"{url.database}.lock")):
            yield None
    else:
        yield None
