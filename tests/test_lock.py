"""The run lock: one run at a time per database, and a killed run does not block the next."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipelines.storage.run_lock import RunLockBusy, run_lock
from tests.helpers import crawl
from tests.site.server import FixtureSite

ROOT = Path(__file__).resolve().parent.parent
HOLD = "import sys, time\nfrom pipelines.storage.run_lock import run_lock\nwith run_lock(sys.argv[1], 'ev_partnerships'):\n    print('held', flush=True)\n    time.sleep(60)\n"


@contextmanager
def holder(database_url: str) -> Iterator[subprocess.Popen[str]]:
    """Another process that takes the lock and keeps it until killed."""
    with subprocess.Popen([sys.executable, "-c", HOLD, database_url], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        try:
            yield process
        finally:
            process.kill()


def test_second_holder_is_refused_at_once(database_url: str) -> None:
    with run_lock(database_url, "ev_partnerships"):
        started = time.monotonic()
        with pytest.raises(RunLockBusy), run_lock(database_url, "ev_partnerships"):
            pass
        assert time.monotonic() - started < 5
    with run_lock(database_url, "ev_partnerships"):  # released on exit
        pass


def test_a_killed_holder_does_not_block_the_next_run(database_url: str) -> None:
    with holder(database_url) as process:
        with pytest.raises(RunLockBusy), run_lock(database_url, "ev_partnerships"):
            pass
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    deadline = time.monotonic() + 10  # PostgreSQL notices the dead session within moments
    while True:
        try:
            with run_lock(database_url, "ev_partnerships"):
                break
        except RunLockBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.e2e
def test_concurrent_crawl_exits_at_once_with_status_3(database_url: str, tmp_path: Path) -> None:
    with holder(database_url), FixtureSite() as site:
        result = crawl(site.seed_urls(), database_url, tmp_path)
        assert site.requests == []
    assert result.returncode == 3
    assert "another run" in result.stderr
