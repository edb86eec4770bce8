"""Shared fixtures: databases (a fresh SQLite file, a fresh PostgreSQL database) and paths.

PostgreSQL is found at ``TEST_POSTGRES_URL`` (default: the local server, user postgres),
Redis at ``TEST_REDIS_URL``. Where one is missing, its tests skip with the reason; under
``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from pipelines.storage.database import create_db_engine, migrate
from tests.helpers import POSTGRES_URL, REDIS_URL, ROOT, unavailable
from tests.site.server import FixtureSite


def _admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test; dropped afterwards."""
    admin = _admin_engine()
    name = f"evp_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable server
        admin.dispose()
        unavailable(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.__class__.__name__}")
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def redis_url() -> str:
    """The Redis server at ``TEST_REDIS_URL`` (default: the local one, database 0).

    Runs keep apart by their keys' prefix, which names the database each test creates.
    """
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except RedisError as exc:
        unavailable(f"Redis not reachable at {REDIS_URL}: {exc.__class__.__name__}")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A new SQLite file in the test's own folder."""
    return f"sqlite:///{tmp_path / 'crawl.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using it runs once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param.replace('postgresql', 'postgres')}_url")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a database migrated by Alembic, once on SQLite and once on PostgreSQL."""
    migrate(database_url)
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder with the benchmarks, or a skip (a failure under CI=true)."""
    path = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))
    if not path.is_dir():
        unavailable(f"shared data folder not found at {path}: set SHARED_DIR")
    return path


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    """The local fixture news site, started on a free port."""
    with FixtureSite() as running:
        yield running
