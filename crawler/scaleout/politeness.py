"""Per-site politeness for a whole shared run, not per process.

Scrapy's ``CONCURRENT_REQUESTS_PER_DOMAIN`` and download delays hold inside one process;
k processes would put k times the load on a site. This downloader middleware takes a
lease on the site in Redis before each request goes to the downloader and gives it back
with the response or the error: at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` leases per
site across the run, and successive requests to a site start at least the site's delay
apart (``DOWNLOAD_DELAY``, or the delay AutoThrottle set for it in this process, whichever
is longer). Times come from the Redis server's clock, so machines need not agree on
theirs. A lease lives ``DOWNLOAD_TIMEOUT`` + 30 seconds at most, and names the process
that holds it: a process that finds a site at its limit takes back, at most once a
second, the leases of processes whose state on the run's board has expired (killed;
see :mod:`crawler.scaleout.board`), so their sites do not wait for the leases to lapse.
Leases go to a site's waiting requests in the order they first asked, whichever process
they are in; a waiter that stops asking for ``SCALEOUT_LEASE_POLL`` + 2 seconds past its
turn (killed) loses its place. robots.txt requests pass through it like any other.

Settings read: ``CONCURRENT_REQUESTS_PER_DOMAIN``, ``DOWNLOAD_DELAY``, ``DOWNLOAD_TIMEOUT``,
``SCALEOUT_LEASE_POLL`` (seconds between tries while a site is at its limit), ``REDIS_URL``
and ``DATABASE_URL`` (the run's keys), ``SCALEOUT_WORKER_ID`` (this process, in its
leases).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable

from redis import Redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.scaleout.keys import RunKeys, redis_client

_LEASE_META = "scaleout_lease"
RECLAIM_EVERY = 1.0  # seconds between looks for a dead process's leases on one site
_UNLEASED_META = "scaleout_unleased"
# Leases go to waiters in the order they first asked (FIFO), so a process that has just
# given a lease back cannot take it again ahead of the others' waiting requests.
# KEYS: leases (zset token -> expiry ms), next start (ms), waiters (zset token -> ticket:
# first ask in ms, moved past the last waiter's so ties keep their order), waiters'
# deadlines (zset token -> ms by which the waiter will ask again).
# ARGV: limit, delay ms, lease ms, token, ms until this waiter asks again at the latest.
# Returns 0 when the lease is taken, else the milliseconds to wait (-1: until a lease is free).
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease_ms = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local gone = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
if #gone > 0 then
  redis.call('ZREM', KEYS[3], unpack(gone))
  redis.call('ZREM', KEYS[4], unpack(gone))
end
if not redis.call('ZSCORE', KEYS[3], ARGV[4]) then
  local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
  local ticket = now
  if last[2] then ticket = math.max(now, tonumber(last[2]) + 1) end
  redis.call('ZADD', KEYS[3], ticket, ARGV[4])
end
local free = tonumber(ARGV[1]) - redis.call('ZCARD', KEYS[1])
local wait = -1
if free > 0 and redis.call('ZRANK', KEYS[3], ARGV[4]) < free then
  local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
  if next_start > now then wait = next_start - now else wait = 0 end
end
if wait ~= 0 then
  redis.call('ZADD', KEYS[4], now + math.max(wait, 0) + tonumber(ARGV[5]), ARGV[4])
  redis.call('PEXPIRE', KEYS[3], lease_ms)
  redis.call('PEXPIRE', KEYS[4], lease_ms)
  return wait
end
redis.call('ZREM', KEYS[3], ARGV[4])
redis.call('ZREM', KEYS[4], ARGV[4])
redis.call('ZADD', KEYS[1], now + lease_ms, ARGV[4])
redis.call('PEXPIRE', KEYS[1], lease_ms)
redis.call('SET', KEYS[2], now + tonumber(ARGV[2]), 'PX', lease_ms)
return 0
"""
WAITER_GRACE = 2.0  # seconds a waiter may be late to ask again before it loses its place


class SitePoliteness:
    """Leases per site in Redis: the run's per-site concurrency and delay."""

    def __init__(self, crawler: Crawler, server: Redis, keys: RunKeys, limit: int, delay: float,
                 lease: float, poll: float, worker_id: str = "") -> None:
        self.crawler = crawler
        self.worker_id = worker_id
        self._reclaimed: dict[str, float] = {}  # site's leases key -> last look (monotonic)
        self.server = server
        self.keys = keys
        self.limit = max(1, limit)
        self.delay = delay
        self.lease_ms = int(lease * 1000)
        self.poll = poll
        self._acquire = server.register_script(_ACQUIRE)
        self.unleased = 0  # requests taken from the queue and not yet given a lease
        self.on_leased: Callable[[], None] | None = None  # called when ``unleased`` drops

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SitePoliteness:
        s = crawler.settings
        assert crawler.spidercls is not None
        return cls(crawler, redis_client(s), RunKeys.from_settings(s, crawler.spidercls.name),
                   s.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8), s.getfloat("DOWNLOAD_DELAY", 0),
                   s.getfloat("DOWNLOAD_TIMEOUT", 180) + 30, s.getfloat("SCALEOUT_LEASE_POLL", 0.05),
                   s.get("SCALEOUT_WORKER_ID", ""))

    async def process_request(self, request: Request) -> None:
        slot = self._slot(request)
        leases = self.keys.site(slot)[0]
        token = f"{self.worker_id} {uuid.uuid4().hex}"
        delay_ms = int(self._delay(slot) * 1000)
        try:
            while (wait := self.acquire(slot, token, delay_ms)) != 0:
                if wait < 0 and self.reclaim(leases):
                    continue
                self._count("scaleout/politeness/waits")
                await asyncio.sleep(self.poll if wait < 0 else wait / 1000)
        except BaseException:
            self.server.zrem(self.keys.site_waiters(slot)[0], token)  # let the next one go
            raise
        request.meta[_LEASE_META] = (leases, token)
        self._settled(request)

    def acquire(self, slot: str, token: str, delay_ms: int) -> int:
        """Try once to take a lease on site ``slot`` for ``token`` (``"worker_id
        uuid"``), starting at least ``delay_ms`` after the site's previous request.
        Return 0 when taken, else milliseconds to wait (-1: until a lease is free);
        the token keeps its place in the site's queue while it asks again within
        its wait + ``poll`` + WAITER_GRACE."""
        return int(self._acquire(
            keys=[*self.keys.site(slot), *self.keys.site_waiters(slot)],
            args=[self.limit, delay_ms, self.lease_ms, token,
                  int((self.poll + WAITER_GRACE) * 1000)]))

    def reclaim(self, leases: str) -> int:
        """Take back the leases in ``leases`` held by processes whose state on the run's
        board has expired; return how many. At most once per RECLAIM_EVERY per site."""
        now = time.monotonic()
        if now - self._reclaimed.get(leases, -RECLAIM_EVERY) < RECLAIM_EVERY:
            return 0
        self._reclaimed[leases] = now
        tokens = [t.decode() if isinstance(t, bytes) else t
                  for t in self.server.zrange(leases, 0, -1)]
        holders = sorted({t.rpartition(" ")[0] for t in tokens} - {"", self.worker_id})
        if not holders:
            return 0
        states = self.server.mget([self.keys.worker(h) for h in holders])
        dead = {h for h, state in zip(holders, states, strict=True) if state is None}
        lapsed = [t for t in tokens if t.rpartition(" ")[0] in dead]
        if lapsed:
            self.server.zrem(leases, *lapsed)
            self._count("scaleout/politeness/reclaimed", len(lapsed))
        return len(lapsed)

    def taken(self, request: Request) -> None:
        """The scheduler took ``request`` from the shared queue for this process."""
        request.meta[_UNLEASED_META] = True
        self.unleased += 1

    def _settled(self, request: Request) -> None:
        if request.meta.pop(_UNLEASED_META, False):
            self.unleased -= 1
            if self.on_leased is not None:
                self.on_leased()

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        self._settled(request)  # answered or failed before it reached this middleware
        lease = request.meta.pop(_LEASE_META, None)
        if lease is not None:
            self.server.zrem(*lease)

    def _slot(self, request: Request) -> str:
        """Scrapy's own slot key, so the lease and the local delay name the same site
        (``CONCURRENT_REQUESTS_PER_IP`` included)."""
        assert self.crawler.engine is not None, "a request downloaded outside a crawl"
        return self.crawler.engine.downloader.get_slot_key(request)

    def _delay(self, slot: str) -> float:
        engine = self.crawler.engine
        local = engine.downloader.slots.get(slot) if engine is not None else None
        return max(self.delay, local.delay if local is not None else 0.0)

    def _count(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)
