"""``crawl_runs`` rows of runs shared by several processes (PostgreSQL only).

One row per run. Each process appends its entry to ``workers`` when it joins and
completes it when it leaves; the last process to leave completes the row itself.
A process is alive while its session holds the group's advisory lock
(:func:`pipelines.storage.run_lock.group_holders`): an entry still ``running`` whose
session is gone belonged to a process that was killed. Every decision runs under the
transaction-level join lock, so two processes never decide at once. Times are UTC.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from pipelines.storage import runs
from pipelines.storage.database import create_db_engine
from pipelines.storage.models import CrawlRun
from pipelines.storage.run_lock import group_holders, group_key, hold_until_commit, join_key

logger = logging.getLogger(__name__)


_IDENTITY = text("SELECT (SELECT system_identifier FROM pg_control_system()), current_database()")


def database_identity(conn: Connection) -> str:
    """The PostgreSQL database's own name for itself: its cluster's system identifier and
    its name. The same however its URL is written (``localhost`` or ``127.0.0.1``, the
    port given or not, a password or not), so every process of a run agrees on it."""
    system, name = conn.execute(_IDENTITY).one()
    return f"{system}/{name}"


def _serialise(conn: Connection, spider: str) -> None:
    hold_until_commit(conn, join_key(spider))


def alive_sessions(conn: Connection, spider: str, group: str) -> set[int]:
    """Backend pids of the sessions that hold ``group``'s lock now."""
    return group_holders(conn, spider).get(group_key(spider, group)[1], set())


def join_run(conn: Connection, spider: str, group: str, worker: dict[str, Any]) -> tuple[int, bool]:
    """Join the running run of ``group`` or start one; return (run id, started).

    ``worker`` is this process's entry (``lock_pid`` = its lock session's backend pid).
    A run is joined only while another of its processes is alive; otherwise rows left
    ``running`` are marked ``killed`` and a new run starts.
    """
    _serialise(conn, spider)
    query = (select(CrawlRun.id, CrawlRun.workers)
             .where(CrawlRun.status == "running", CrawlRun.worker_group == group)
             .order_by(CrawlRun.id.desc()).limit(1).with_for_update())
    row = conn.execute(query).first()
    alive = alive_sessions(conn, spider, group) - {worker["lock_pid"]}
    entry = {**worker, "status": "running", "started_at": datetime.now(UTC).isoformat()}
    if row is not None and any(w.get("lock_pid") in alive for w in row.workers):
        conn.execute(update(CrawlRun).where(CrawlRun.id == row.id)
                     .values(workers=[*row.workers, entry]))
        return row.id, False
    run_id = runs.start_run(conn, spider)
    conn.execute(update(CrawlRun).where(CrawlRun.id == run_id)
                 .values(worker_group=group, workers=[entry]))
    return run_id, True


def leave_run(conn: Connection, spider: str, group: str, run_id: int,
              entry: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """Complete this process's entry (matched by ``worker``); return (workers, last).

    ``last`` is True when no other entry belongs to a process still alive; entries of
    dead processes are then marked ``killed``. The caller writes the row's columns
    (with :func:`pipelines.storage.runs.finish_run`) in the same transaction.
    """
    _serialise(conn, spider)
    query = select(CrawlRun.workers).where(CrawlRun.id == run_id).with_for_update()
    workers = [dict(w) for w in conn.execute(query).scalar_one()]
    alive = alive_sessions(conn, spider, group) - {entry["lock_pid"]}
    mine = [i for i, w in enumerate(workers) if w.get("worker") == entry["worker"]]
    if mine:
        workers[mine[0]] = {**workers[mine[0]], **entry}
    else:
        workers.append(entry)
    others = [w for w in workers if w.get("status") == "running"
              and w.get("worker") != entry["worker"]]
    last = not any(w.get("lock_pid") in alive for w in others)
    if last:
        for w in others:
            w.update(status="killed", finish_reason="died_without_closing")
    return workers, last


def _alive(pid: Any) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, TypeError, ValueError):
        return False
    return True


def processes_on_host(conn: Connection, run_id: int, host: str) -> int:
    """How many processes of run ``run_id`` run on ``host`` (this machine) now: the entries
    of ``crawl_runs.workers`` still ``running`` there whose process is alive; at least 1."""
    workers = conn.execute(select(CrawlRun.workers).where(CrawlRun.id == run_id)).scalar()
    return max(1, sum(1 for w in workers or [] if w.get("host") == host
                      and w.get("status") == "running" and _alive(w.get("pid"))))


class CoreShare:
    """This machine's cores per process of shared run ``run_id`` on it (``host``): what one
    process may take for its extraction workers, so that k processes on a machine run as
    many workers in all as one would. Read from the database when called, at most every
    ``interval`` seconds (the answer in between is the last one); at least 1. When the
    database cannot be read, the last answer stands (at first, every core).
    """

    def __init__(self, database_url: str, run_id: int, host: str, interval: float = 5.0) -> None:
        self.database_url, self.run_id, self.host = database_url, run_id, host
        self.interval = interval
        self._checked, self._share = float("-inf"), os.cpu_count() or 1

    def __call__(self) -> int:
        if time.monotonic() - self._checked >= self.interval:
            self._checked = time.monotonic()
            engine = create_db_engine(self.database_url)
            try:
                with engine.connect() as conn:
                    processes = processes_on_host(conn, self.run_id, self.host)
            except SQLAlchemyError as exc:  # the store stage reports a dead database
                logger.warning("cannot count this run's processes on %s: %s", self.host, exc)
                return self._share
            finally:
                engine.dispose()
            self._share = max(1, (os.cpu_count() or 1) // processes)
        return self._share
