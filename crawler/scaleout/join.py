"""Joining a shared run, before anything is fetched (called by the crawl command).

Under the database's join lock, a process either joins the run its group has going
(another of its processes is alive) or starts a new one: then it clears whatever a
dead run left in Redis and becomes the run's seeder. What it learnt is handed to the
crawl's components as settings: ``SCALEOUT_RUN_ID``, ``SCALEOUT_SEEDER``,
``SCALEOUT_WORKER_ID``, ``SCALEOUT_LOCK_PID``, ``SCALEOUT_DATABASE_ID``.

Settings read: ``REDIS_URL``, ``DATABASE_URL``.
"""

from __future__ import annotations

import logging
import os
import socket

from redis.exceptions import RedisError
from scrapy.settings import Settings

from crawler.scaleout.board import clear_run
from crawler.scaleout.keys import RunKeys, ScaleOutError, group_of, redis_client
from pipelines.storage import shared_runs
from pipelines.storage.database import create_db_engine

logger = logging.getLogger(__name__)


def worker_entry(lock_pid: int) -> dict[str, object]:
    """This process's entry in ``crawl_runs.workers``: host, pid, id and lock session."""
    host, pid = socket.gethostname(), os.getpid()
    return {"worker": f"{host}:{pid}", "host": host, "pid": pid, "lock_pid": lock_pid}


def join(settings: Settings, spider: str, lock_pid: int) -> None:
    """Join or start the group's run; raise ScaleOutError if Redis cannot be reached."""
    group = group_of(settings)
    assert group is not None
    server = redis_client(settings)
    try:
        server.ping()
    except RedisError as exc:
        raise ScaleOutError(f"cannot reach Redis at REDIS_URL: {exc}") from exc
    entry = worker_entry(lock_pid)
    engine = create_db_engine(settings.get("DATABASE_URL"))
    try:
        with engine.begin() as conn:
            # Before any key is named: the keys are the database's, however its URL is written.
            settings.set("SCALEOUT_DATABASE_ID", shared_runs.database_identity(conn),
                         priority="cmdline")
            run_id, started = shared_runs.join_run(conn, spider, group, entry)
            if started:  # still under the join lock: nobody joins before the keys are clear
                cleared = clear_run(server, RunKeys.from_settings(settings, spider))
                logger.info("run %d started here (%d stale Redis keys cleared)", run_id, cleared)
            else:
                logger.info("joined run %d", run_id)
    finally:
        engine.dispose()
    for name, value in (("SCALEOUT_RUN_ID", run_id), ("SCALEOUT_SEEDER", started),
                        ("SCALEOUT_WORKER_ID", entry["worker"]), ("SCALEOUT_LOCK_PID", lock_pid)):
        settings.set(name, value, priority="cmdline")
