"""The processes of a run in Redis: who is alive, who is busy, and whether the run is over.

The run is over when the shared request queue is empty, no live process is busy, and
no process turned busy between two looks ``confirm`` seconds apart (a process that pops
the last request marks itself busy right after; the second look sees it). A process is
busy from the moment it pops a request until Scrapy finds it idle (nothing scheduled,
downloading, in a callback or in the item pipelines). A process that dies stops beating:
its state expires after ``ttl`` seconds and it no longer holds the run open.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from redis import Redis

from crawler.scaleout.keys import RunKeys

BUSY, IDLE = "busy", "idle"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one look at the run shows: queued requests, busy other processes, activity."""

    queued: int
    busy: int
    activity: int


class WorkerBoard:
    """This process's entry on the run's board in Redis, and its looks at the others.

    ``ttl`` (seconds) is how long a state lives without a beat; ``keys_ttl`` (seconds)
    is how long any key of the run lives after the last beat of any process (no seen-set
    outlives its run by more than that, even if every process was killed).
    """

    def __init__(self, server: Redis, keys: RunKeys, worker_id: str, ttl: float,
                 keys_ttl: float) -> None:
        self.server = server
        self.keys = keys
        self.worker_id = worker_id
        self.ttl = ttl
        self.keys_ttl = keys_ttl
        self.state = BUSY

    def join(self) -> None:
        """Register this process, busy (it has start requests to look at)."""
        pipe = self.server.pipeline()
        pipe.sadd(self.keys.workers, self.worker_id)
        pipe.set(self.keys.worker(self.worker_id), BUSY, px=int(self.ttl * 1000))
        pipe.incr(self.keys.activity)
        pipe.execute()
        self.beat()

    def busy(self) -> None:
        """This process took a request from the queue."""
        if self.state == BUSY:
            return
        self.state = BUSY
        pipe = self.server.pipeline()
        pipe.set(self.keys.worker(self.worker_id), BUSY, px=int(self.ttl * 1000))
        pipe.incr(self.keys.activity)
        pipe.execute()

    def idle(self) -> None:
        """Scrapy found this process idle."""
        self.state = IDLE
        self.server.set(self.keys.worker(self.worker_id), IDLE, px=int(self.ttl * 1000))

    def beat(self) -> None:
        """Keep this process's state alive and the run's keys from expiring."""
        pipe = self.server.pipeline()
        pipe.set(self.keys.worker(self.worker_id), self.state, px=int(self.ttl * 1000))
        for key in (self.keys.requests, self.keys.dupefilter, self.keys.workers,
                    self.keys.activity):
            pipe.expire(key, int(self.keys_ttl))
        pipe.execute()

    def look(self) -> Snapshot:
        """The queue length, the other live processes that are busy, and the activity count."""
        others = sorted(w for w in self._members() if w != self.worker_id)
        pipe = self.server.pipeline()
        pipe.zcard(self.keys.requests)
        pipe.get(self.keys.activity)
        if others:
            pipe.mget([self.keys.worker(w) for w in others])
        queued, activity, *states = pipe.execute()
        busy = sum(1 for s in (states[0] if states else []) if _text(s) == BUSY)
        return Snapshot(int(queued), busy, int(activity or 0))

    def leave(self) -> None:
        """This process is done with the run."""
        pipe = self.server.pipeline()
        pipe.delete(self.keys.worker(self.worker_id))
        pipe.srem(self.keys.workers, self.worker_id)
        pipe.execute()

    def _members(self) -> set[str]:
        return {_text(m) for m in self.server.smembers(self.keys.workers)}


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


class QuietWatch:
    """Decides, from successive looks, that the run is over (see the module docstring)."""

    def __init__(self, confirm: float) -> None:
        self.confirm = confirm
        self._quiet_since: tuple[float, int] | None = None

    def over(self, snapshot: Snapshot, now: float | None = None) -> bool:
        """True once the run has looked quiet, with unchanged activity, for ``confirm`` s."""
        now = time.monotonic() if now is None else now
        if snapshot.queued or snapshot.busy:
            self._quiet_since = None
            return False
        if self._quiet_since is None or self._quiet_since[1] != snapshot.activity:
            self._quiet_since = (now, snapshot.activity)
            return False
        return now - self._quiet_since[0] >= self.confirm


def clear_run(server: Redis, keys: RunKeys) -> int:
    """Delete every Redis key of the run ``keys`` names; return how many there were."""
    found = list(server.scan_iter(match=keys.pattern, count=1000))
    return int(server.delete(*found)) if found else 0
