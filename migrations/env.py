"""Alembic environment: the URL is injected by the caller, never hard-coded."""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool, text

from pipelines.storage.database import normalise_url
from pipelines.storage.models import Base

MIGRATION_LOCK_KEY = 0x65767020_6d696772  # an advisory lock key of its own ("evp migr")
config = context.config
if config.config_file_name and not config.attributes.get("database_url"):
    # Run from the alembic command line: let alembic.ini configure logging.
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    """The URL from the crawler, then ``-x url=...``, then DATABASE_URL."""
    url = (
        config.attributes.get("database_url")
        or context.get_x_argument(as_dictionary=True).get("url")
        or os.environ.get("DATABASE_URL")
    )
    if not url:
        raise RuntimeError("no database URL: pass -x url=... or set DATABASE_URL")
    return normalise_url(url)


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=Base.metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = engine_from_config({"sqlalchemy.url": database_url()}, prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=connection.dialect.name == "sqlite",
                          compare_type=True)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Processes of a shared run start together: one migrates, the others wait
                # here and then find the schema up to date.
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                                   {"k": MIGRATION_LOCK_KEY})
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
