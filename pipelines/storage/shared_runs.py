"""``crawl_runs`` rows of runs shared by several processes (PostgreSQL only).

One row per run. Each process appends its entry to ``workers`` when it joins and
completes it when it leaves; the last process to leave completes the row itself.
A process is alive while its session holds the group's advisory lock
(:func:`pipelines.storage.run_lock.group_holders`): an entry still ``running`` whose
session is gone belonged to a process that was killed. Every decision runs under the
transaction-level join lock, so two processes never decide at once. Times are UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, text, update

from pipelines.storage import runs
from pipelines.storage.models import CrawlRun
from pipelines.storage.run_lock import group_holders, group_key, join_key


def _serialise(conn: Connection, spider: str) -> None:
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": join_key(spider)})


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
