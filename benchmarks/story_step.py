"""The story step's cost per article, replayed on a database a crawl filled.

Placing is what the crawl's story stage does after storage: batches of
``STORIES_BATCH_SIZE`` (200) articles in storage order, each with the story signals its
extraction worker computed. This script does the same on a copy of a SQLite database
(e.g. one kept by ``benchmarks.throughput --keep DIR``; the copy is migrated first, so
a database of an earlier version is replayed as the code is now): it computes every
article's signals first (not timed, as they come from the workers), forgets all stories, then
places the articles again batch by batch and prints the CPU milliseconds per article
(user + system of this process, SQLite included), overall and per quarter of the table:
the cost of a lookup grows with what is already placed.

    python -m benchmarks.story_step --database /tmp/keep/crawl-XXXX.db
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

from alembic.util import CommandError
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from pipelines.storage.articles import sync_companies
from pipelines.storage.database import create_db_engine, migrate
from pipelines.storage.models import Article
from pipelines.stories import records
from pipelines.stories.assign import StoryAssigner
from pipelines.stories.features import signals
from pipelines.stories.similarity import StorySettings
from pipelines.topics.catalog import catalog_from_settings


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _copy(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API, read-only: commits still in the
    source's write-ahead log are included, and the source is never written."""
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def computed_signals(engine: Engine, assigner: StoryAssigner) -> dict[int, dict]:
    """Article id -> its story signals, as an extraction worker makes them."""
    with engine.connect() as conn:
        ids = list(conn.scalars(select(Article.id).order_by(Article.id)))
        rows = records.articles(conn, ids)
    size = assigner.settings.shingle_size
    return {i: signals(row.title, row.text, row.companies, assigner.catalog, size)
            for i, row in rows.items()}


def replay(engine: Engine, assigner: StoryAssigner, computed: dict[int, dict],
           batch: int) -> list[tuple[int, float, float]]:
    """Place every article again in batches of ``batch`` (storage order); return
    (articles, CPU s, wall s) per quarter of the table."""
    with engine.begin() as conn:
        records.clear(conn)
    ids = sorted(computed)
    bounds = [len(ids) * number // 4 for number in range(5)]
    spent: list[tuple[int, float, float]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        part = ids[start:end]
        cpu, wall = _cpu(), time.perf_counter()
        for at in range(0, len(part), batch):
            chunk = part[at:at + batch]
            assigner.place_all(engine, chunk, {i: computed[i] for i in chunk})
        spent.append((len(part), _cpu() - cpu, time.perf_counter() - wall))
    return spent


def _replayed(database: Path, batch: int) -> list[tuple[int, float, float]]:
    """``replay`` on a copy of ``database``, with the shipped companies file."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "replay.db"
        _copy(database, copy)
        migrate(f"sqlite:///{copy}")  # a database of an earlier version is replayed as of now
        engine = create_db_engine(f"sqlite:///{copy}")
        try:
            catalog = catalog_from_settings({})
            assigner = StoryAssigner(catalog, sync_companies(engine, catalog), StorySettings())
            return replay(engine, assigner, computed_signals(engine, assigner), batch)
        finally:
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True, help="a SQLite file (copied)")
    parser.add_argument("--batch", type=int, default=200, help="articles per batch")
    args = parser.parse_args()
    if not args.database.is_file():
        parser.error(f"--database {args.database}: no such file")
    if args.batch < 1:
        parser.error(f"--batch {args.batch}: expected a whole number from 1")
    try:
        spent = _replayed(args.database, args.batch)
    except (sqlite3.DatabaseError, SQLAlchemyError, CommandError) as exc:
        reason = getattr(exc, "orig", None) or exc
        parser.error(f"--database {args.database}: not a crawl's SQLite database ({reason})")
    total = sum(n for n, _, _ in spent)
    if total == 0:
        raise SystemExit(f"{args.database}: no articles to place")
    cpu, wall = sum(c for _, c, _ in spent), sum(w for _, _, w in spent)
    print(f"{total} articles placed in batches of {args.batch} (pid {os.getpid()})")
    print(f"story step: {1000 * cpu / total:.2f} CPU ms per article, "
          f"{1000 * wall / total:.2f} wall ms")
    for number, (count, part_cpu, _) in enumerate(spent, 1):
        if count:
            print(f"  quarter {number}: {1000 * part_cpu / count:.2f} CPU ms per article")


if __name__ == "__main__":
    main()
