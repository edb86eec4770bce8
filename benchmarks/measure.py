"""Wall time, CPU time and peak memory of a command and every process it starts.

Memory is the resident set size of the whole process tree (the command, its worker
processes and their helpers) summed at each sample, read from ``/proc``; the peak is the
largest sum seen. CPU time is the user plus system time the kernel reports for the
command and its reaped descendants (``wait4``). Linux only.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Measurement:
    """What one measured command cost."""

    returncode: int
    wall: float  # seconds
    cpu: float  # seconds, user + system, the command and its descendants
    peak_mb: float  # largest summed resident set size of the process tree, in MB
    log: Path


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # the process ended in between
        return None
    return text[text.rindex(")") + 2:].split()  # fields from the state on (field 3)


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants alive now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def rss_mb(pids: Sequence[int]) -> float:
    """Summed resident set size of ``pids``, in MB (processes gone meanwhile count 0)."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * PAGE_SIZE / 1e6


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one live process so far (its own, not its children's)."""
    fields = _stat_fields(pid)
    return 0.0 if fields is None else (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class _PeakSampler(threading.Thread):
    """Samples the tree's memory every ``interval`` s; finds its processes every 5 samples
    (scanning /proc costs more than reading a few processes' memory)."""

    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        tree, samples = [self.pid], 0
        while not self.done.wait(self.interval):
            if samples % 5 == 0:
                tree = process_tree(self.pid)
            samples += 1
            self.peak = max(self.peak, rss_mb(tree))


def run_measured(command: Sequence[str], log: Path, cwd: Path | None = None,
                 env: dict[str, str] | None = None, interval: float = 0.1) -> Measurement:
    """Run ``command`` to its end with output to ``log``; measure it and its descendants."""
    with open(log, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
        sampler = _PeakSampler(process.pid, interval)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(returncode=process.returncode, wall=wall,
                       cpu=usage.ru_utime + usage.ru_stime, peak_mb=sampler.peak, log=log)
