"""A pool of worker processes that can be killed: a hard time limit for each task.

``concurrent.futures.ProcessPoolExecutor`` cannot stop a task that hangs. Here each
worker is a process (a new Python interpreter, ``python -m pipelines.extract.workers``,
given its task by import path) with its own socket pair, driven by a feeder thread of
its own: the thread takes a task from the pool's queue, sends it and waits for the
answer with a deadline; past the deadline, or when the process dies, it kills the
process and starts a fresh one. Workers are also replaced after a number of tasks
(trafilatura's caches grow). The reactor only queues tasks and awaits futures, so it
never blocks, and every worker stays busy while tasks are queued.
Workers are started on demand, up to the pool's size: a run that finds nothing new
(a nightly run over an unchanged site) never pays for starting them.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

START_TIMEOUT = 120.0  # seconds a new worker may take to import its modules


class WorkerTimeout(Exception):
    """A task ran past its deadline; its worker was killed."""


class WorkerLost(Exception):
    """A worker died during a task (out of memory, a crash in native code)."""


class WorkerError(Exception):
    """The task raised an exception in the worker; the message is its repr."""


def resolve(func: str) -> Callable[..., Any]:
    """The function the import path ``"package.module:name"`` names."""
    module, _, name = func.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return found


def _serve(conn: Connection, task: str, initializer: str | None = None) -> None:
    """The worker's loop: run ``initializer`` (loading models before the first task's
    deadline runs), then call ``task`` on each task's arguments until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    func = resolve(task)
    if initializer is not None:
        resolve(initializer)()
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            answer: tuple[str, Any] = ("ok", func(*task))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, the worker lives on
            answer = ("error", repr(exc))
        try:
            conn.send(answer)
        except OSError:  # the parent is gone
            return


class _Worker:
    """One worker process and the parent's end of its socket pair."""

    def __init__(self, func: str, initializer: str | None = None) -> None:
        # A new interpreter, not a fork of the reactor's process (unsafe with its threads),
        # nor multiprocessing's spawn, whose resource tracker is one more process (13 MB).
        ours, theirs = socket.socketpair()
        self.conn = Connection(ours.detach())
        command = [sys.executable, "-m", __name__, str(theirs.fileno()), func, initializer or ""]
        # The worker imports what this process can (as spawn passes its sys.path).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            self.process = subprocess.Popen(command, pass_fds=(theirs.fileno(),), env=env,
                                            stdin=subprocess.DEVNULL)
        except OSError:
            self.conn.close()
            raise
        finally:
            theirs.close()
        self.tasks = 0
        self._ready = False

    def call(self, args: tuple[Any, ...], timeout: float | None) -> Any:
        try:
            if not self._ready:
                self._receive(START_TIMEOUT)
                self._ready = True
            self.conn.send(args)
            status, value = self._receive(timeout)
        except (EOFError, OSError) as exc:
            raise WorkerLost(f"worker {self.process.pid} died") from exc
        finally:
            self.tasks += 1
        if status == "error":
            raise WorkerError(value)
        return value

    def _receive(self, timeout: float | None) -> tuple[str, Any]:
        if not self.conn.poll(timeout):
            raise WorkerTimeout(f"no answer within {timeout} s")
        message: tuple[str, Any] = self.conn.recv()
        return message

    def kill(self) -> None:
        self.process.kill()
        self._wait(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        if not self._wait(5):
            self.kill()
        self.conn.close()

    def _wait(self, seconds: float) -> bool:
        """Wait for the process to end; whether it did."""
        try:
            self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            return False
        return True


@dataclass(slots=True)
class _Outcome:
    value: Any = None
    error: Exception | None = None


_Task = tuple[tuple[Any, ...], "asyncio.Future[_Outcome]"]


def _settle(future: asyncio.Future[_Outcome], outcome: _Outcome) -> None:
    if not future.done():  # not cancelled meanwhile
        future.set_result(outcome)


class WorkerPool:
    """Runs ``func(*args)`` in killable worker processes, at most ``timeout`` seconds each;
    each new worker runs ``initializer()`` first, outside any task's time limit. Both are
    given by import path (``"package.module:name"``): only the workers load the module.

    Each worker has a feeder thread of its own that takes the next task from a queue as
    soon as its worker answers: a worker never waits for the event loop to hand it work,
    however busy the loop is with the rest of the crawl. The loop only queues tasks and
    receives their outcomes.
    """

    def __init__(self, func: str, workers: int | Callable[[], int], tasks_per_worker: int,
                 timeout: float | None, initializer: str | None = None) -> None:
        self.func = func
        self.initializer = initializer
        self.size = workers  # or a function asked each time a worker could be added
        self.tasks_per_worker = tasks_per_worker
        self.timeout = timeout
        self._tasks: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._feeders: list[threading.Thread] = []
        self._all: set[_Worker] = set()
        self._outstanding = 0  # tasks queued or running (touched by the event loop only)

    def start(self) -> None:
        """Nothing to do until the first task: workers start on demand."""

    def _room(self) -> bool:
        """Whether one more worker may start (``size`` may have changed since the last)."""
        size = self.size() if callable(self.size) else self.size
        return len(self._feeders) < max(1, size)

    def pids(self) -> list[int]:
        """The process ids of the current workers."""
        return [w.process.pid for w in list(self._all) if w.process.pid is not None]

    async def run(self, *args: Any) -> Any:
        """``func(*args)`` in a worker; raises WorkerTimeout, WorkerLost or WorkerError."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[_Outcome] = loop.create_future()
        self._outstanding += 1
        try:
            if self._outstanding > len(self._feeders) and self._room():
                self._add_feeder(loop)
            self._tasks.put((args, future))
            outcome = await future
        finally:
            self._outstanding -= 1
        if outcome.error is not None:
            raise outcome.error
        return outcome.value

    async def close(self) -> None:
        """Cancel the tasks not started, then stop every worker (after its current task)."""
        while True:
            try:
                task = self._tasks.get_nowait()
            except queue.Empty:
                break
            if task is not None:
                task[1].cancel()
        feeders, self._feeders = self._feeders, []
        for _ in feeders:
            self._tasks.put(None)
        for feeder in feeders:
            await asyncio.to_thread(feeder.join)

    def _add_feeder(self, loop: asyncio.AbstractEventLoop) -> None:
        feeder = threading.Thread(target=self._feed, args=(loop,), daemon=True,
                                  name=f"extract-feeder-{len(self._feeders)}")
        self._feeders.append(feeder)
        feeder.start()

    def _feed(self, loop: asyncio.AbstractEventLoop) -> None:
        """A feeder thread: run queued tasks on its worker (started with the first) until
        told to stop. A worker that cannot be started fails the task, not the thread:
        a dead feeder would leave the tasks queued behind it waiting for ever."""
        worker: _Worker | None = None
        while (task := self._tasks.get()) is not None:
            args, future = task
            if future.cancelled():
                continue
            try:
                worker, outcome = self._call(worker or self._new_worker(), args)
            except OSError as exc:  # no process could be started (out of memory, fds)
                worker, outcome = None, _Outcome(error=WorkerLost(f"cannot start a worker: {exc}"))
            loop.call_soon_threadsafe(_settle, future, outcome)
        if worker is not None:
            self._all.discard(worker)
            worker.stop()

    def _call(self, worker: _Worker, args: tuple[Any, ...]) -> tuple[_Worker, _Outcome]:
        """In a feeder thread: run one task; replace the worker if it hung, died or is worn."""
        outcome = _Outcome()
        try:
            outcome.value = worker.call(args, self.timeout)
        except (WorkerTimeout, WorkerLost) as exc:
            outcome.error = exc
            worker = self._replace(worker, worker.kill)
        except WorkerError as exc:
            outcome.error = exc
        if self.tasks_per_worker and worker.tasks >= self.tasks_per_worker:
            worker = self._replace(worker, worker.stop)
        return worker, outcome

    def _replace(self, worker: _Worker, end: Callable[[], None]) -> _Worker:
        self._all.discard(worker)
        end()
        return self._new_worker()

    def _new_worker(self) -> _Worker:
        worker = _Worker(self.func, self.initializer)
        self._all.add(worker)
        return worker


if __name__ == "__main__":  # a worker: python -m pipelines.extract.workers FD TASK [INITIALIZER]
    _serve(Connection(int(sys.argv[1])), sys.argv[2], sys.argv[3] or None)
