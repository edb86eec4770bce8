"""Who shares a run, and the Redis keys it lives under.

The processes of one run are those started with the same database and the same
``REDIS_URL``: the group is named by the Redis server and database (as redis-py reads
the URL: host, port, database number; the password left out), and every Redis key of
the run starts with a prefix naming the spider and the database. The database is named
by its server's own identity, so processes whose ``DATABASE_URL`` is written differently
(another host name for the server, the port left out) still share the run's keys, and
two databases can share one Redis server without meeting.

Settings read: ``REDIS_URL`` (empty: no scale-out), ``DATABASE_URL``,
``SCALEOUT_DATABASE_ID`` (the database's identity, set when the process joins the run).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from redis import Redis
from redis.connection import parse_url
from scrapy.settings import BaseSettings
from scrapy_redis.connection import get_redis_from_settings
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from pipelines.storage.database import create_db_engine, normalise_url
from pipelines.storage.shared_runs import database_identity

REDIS_SCHEMES = ("redis", "rediss", "unix")  # what redis.from_url reads


class ScaleOutError(RuntimeError):
    """A run cannot be shared: Redis unreachable, or a database other than PostgreSQL."""


def _digest(value: str, size: int = 16) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:size]


def group_of(settings: BaseSettings) -> str | None:
    """The group a process joins (a digest of the Redis server and database ``REDIS_URL``
    names), or None without ``REDIS_URL``.

    Raises ScaleOutError when ``REDIS_URL`` is no Redis URL redis-py reads as written
    (see ``_redis_address``), or when ``DATABASE_URL`` is not PostgreSQL: processes on
    several machines can only share a database server.
    """
    redis_url = settings.get("REDIS_URL") or ""
    if not redis_url:
        return None
    server = _redis_address(redis_url)
    database = make_url(normalise_url(settings.get("DATABASE_URL")))
    if database.get_backend_name() != "postgresql":
        raise ScaleOutError("REDIS_URL is set, but sharing a run needs a PostgreSQL "
                            f"DATABASE_URL (got {database.get_backend_name()})")
    return _digest(f"redis {server}")


_EXPECTED = "expected redis://HOST:PORT/DB, rediss://... or unix://PATH?db=DB"


def _redis_address(url: str) -> str:
    """The Redis server and database ``url`` names, as one string (no password); raises
    ScaleOutError for what redis-py would misread or reject: another scheme, a port or
    database that is no number (redis-py takes ``/abc`` for database 0), spaces."""
    split = urlsplit(url)
    scheme, path = split.scheme, split.path.strip("/")
    if scheme not in REDIS_SCHEMES or url != url.strip():
        raise ScaleOutError(f"REDIS_URL {url!r} is not a Redis URL: {_EXPECTED}")
    if scheme != "unix" and path and not path.isdigit():
        raise ScaleOutError(f"REDIS_URL {url!r}: the database {path!r} is not a number")
    try:
        parts = parse_url(url)
    except ValueError as exc:
        raise ScaleOutError(f"REDIS_URL {url!r}: {exc}") from None
    where = parts.get("path") or f"{(parts.get('host') or 'localhost').lower()}:" \
                                 f"{parts.get('port') or 6379}"
    tls = "tls " if scheme == "rediss" else ""
    return f"{tls}{where}/{parts.get('db') or 0}"


def read_database_identity(url: str) -> str:
    """``shared_runs.database_identity`` of the database at ``url``; raises ScaleOutError
    when it cannot be read."""
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            return database_identity(conn)
    except SQLAlchemyError as exc:
        raise ScaleOutError(f"cannot read the database's identity: {exc}") from exc
    finally:
        engine.dispose()


def redis_client(settings: BaseSettings) -> Redis:
    """A client of ``REDIS_URL`` with scrapy-redis's connection defaults (``REDIS_PARAMS``)."""
    return get_redis_from_settings(settings)


@dataclass(frozen=True, slots=True)
class RunKeys:
    """The Redis keys of one run: ``<spider>:<database digest>:<role>``."""

    prefix: str

    @classmethod
    def from_settings(cls, settings: BaseSettings, spider: str) -> RunKeys:
        """The keys of ``spider``'s run on the database of ``settings``: its identity from
        ``SCALEOUT_DATABASE_ID``, or read from the database (ScaleOutError when it cannot
        be reached)."""
        identity = settings.get("SCALEOUT_DATABASE_ID") or read_database_identity(
            settings.get("DATABASE_URL"))
        return cls(f"{spider}:{_digest(identity, 12)}")

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

    def site_waiters(self, slot: str) -> tuple[str, str]:
        """A site's waiting requests (sorted set, token -> first ask in ms) and the time
        by which each will ask again (sorted set, token -> ms), for leases in turn."""
        return f"{self.prefix}:site:{slot}:waiters", f"{self.prefix}:site:{slot}:waiting"

    @property
    def pattern(self) -> str:
        """Matches every key of the run (for clearing it)."""
        return f"{self.prefix}:*"
