"""The bare-extraction ceiling: how fast plain ``trafilatura.extract`` turns the site's article
pages into text with every core busy, the physical limit of the crawl on this machine.

One process per core (``os.cpu_count()``), each reading its pages from disk (the page
cache holds them) and calling ``trafilatura.extract`` with its defaults on the decoded
text; pages per second of wall time, from the first page handed out to the last result.
Process start-up and trafilatura's first-call costs are paid before the clock starts.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from benchmarks.site import GeneratedSite, file_for

CHUNK = 8  # pages a process takes at a time: few round trips, even shares at the end


@dataclass(frozen=True)
class Ceiling:
    """Bare extraction on ``processes`` processes: ``pages`` pages in ``seconds`` of wall time."""

    processes: int
    pages: int
    seconds: float

    @property
    def rate(self) -> float:
        """Pages per second of wall time."""
        return self.pages / self.seconds if self.seconds else 0.0


def _extract_file(path: str) -> int:
    text = trafilatura.extract(Path(path).read_bytes().decode("utf-8", "replace"))
    return len(text or "")


def bare_ceiling(site: GeneratedSite, pages: int = 3000,
                 processes: int | None = None) -> Ceiling:
    """Bare ``trafilatura.extract`` over up to ``pages`` of the site's article pages (in
    path order), on ``processes`` processes (default: one per core)."""
    count = processes or os.cpu_count() or 1
    paths = [str(file_for(site.root, p)) for p in sorted(site.article_paths)[:pages]]
    with multiprocessing.get_context("spawn").Pool(count, _extract_file, (paths[0],)) as pool:
        pool.map(_extract_file, paths[:count * CHUNK], chunksize=CHUNK)  # every process warm
        started = time.perf_counter()
        pool.map(_extract_file, paths, chunksize=CHUNK)
        seconds = time.perf_counter() - started
    return Ceiling(count, len(paths), seconds)
