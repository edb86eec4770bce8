"""Who shares a run, and the Redis keys it lives under.

The processes of one run are those started with the same ``DATABASE_URL`` and the same
``REDIS_URL``: the group is named by the Redis server and database (the password left
out), and every Redis key of the run starts with a prefix naming the spider and the
database, so two databases can share one Redis server without meeting.

Settings read: ``REDIS_URL`` (empty: no scale-out), ``DATABASE_URL``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from redis import Redis
from scrapy.settings import BaseSettings
from scrapy_redis.connection import get_redis_from_settings
from sqlalchemy.engine import make_url

from pipelines.storage.database import normalise_url

REDIS_SCHEMES = ("redis", "rediss", "unix")  # what redis.from_url reads


class ScaleOutError(RuntimeError):
    """A run cannot be shared: Redis unreachable, or a database other than PostgreSQL."""


def _digest(value: str, size: int = 16) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:size]


def _without_password(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True) if "://" in url else url


def group_of(settings: BaseSettings) -> str | None:
    """The group a process joins (a digest of ``REDIS_URL``), or None without ``REDIS_URL``.

    Raises ScaleOutError when ``REDIS_URL`` has a scheme redis-py does not read, or when
    ``DATABASE_URL`` is not PostgreSQL: processes on several machines can only share a
    database server.
    """
    redis_url = settings.get("REDIS_URL") or ""
    if not redis_url:
        return None
    if urlsplit(redis_url).scheme not in REDIS_SCHEMES:
        raise ScaleOutError(f"REDIS_URL {redis_url!r} is not a Redis URL: expected "
                            "redis://HOST:PORT/DB, rediss://... or unix://PATH")
    database = make_url(normalise_url(settings.get("DATABASE_URL")))
    if database.get_backend_name() != "postgresql":
        raise ScaleOutError("REDIS_URL is set, but sharing a run needs a PostgreSQL "
                            f"DATABASE_URL (got {database.get_backend_name()})")
    return _digest(f"redis {_without_password(redis_url)}")


def redis_client(settings: BaseSettings) -> Redis:
    """A client of ``REDIS_URL`` with scrapy-redis's connection defaults (``REDIS_PARAMS``)."""
    return get_redis_from_settings(settings)


@dataclass(frozen=True, slots=True)
class RunKeys:
    """The Redis keys of one run: ``<spider>:<database digest>:<role>``."""

    prefix: str

    @classmethod
    def from_settings(cls, settings: BaseSettings, spider: str) -> RunKeys:
        database = _without_password(normalise_url(settings.get("DATABASE_URL")))
        return cls(f"{spider}:{_digest(database, 12)}")

    @property
    def requests(self) -> str:
        """scrapy-redis's request queue (a sorted set by priority)."""
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:
        """scrapy-redis's set of request fingerprints seen in this run."""
        return f"{self.prefix}:dupefilter"

    @property
    def workers(self) -> str:
        """The set of process ids that joined the run."""
        return f"{self.prefix}:workers"

    @property
    def activity(self) -> str:
        """A counter raised each time a process turns from idle to busy."""
        return f"{self.prefix}:activity"

    def worker(self, worker_id: str) -> str:
        """One process's state, ``busy`` or ``idle``; it expires unless the process beats."""
        return f"{self.prefix}:worker:{worker_id}"

    def site(self, slot: str) -> tuple[str, str]:
        """A site's leases (sorted set) and the earliest time of its next request."""
        return f"{self.prefix}:site:{slot}:leases", f"{self.prefix}:site:{slot}:next"

    @property
    def pattern(self) -> str:
        """Matches every key of the run (for clearing it)."""
        return f"{self.prefix}:*"
