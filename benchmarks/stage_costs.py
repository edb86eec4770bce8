"""Where an article's CPU goes: the extraction worker's stages timed on the benchmark site's
pages, and the crawl process's share read from a py-spy profile.

    python -m benchmarks.stage_costs --articles 300
    py-spy record --gil -r 200 -f raw -o crawl.txt -- python -m scrapy crawl ev_partnerships ...
    python -m benchmarks.stage_costs --crawl-profile crawl.txt --stored 3000

The first form generates the throughput benchmark's site (no server) and times, per page
in CPU milliseconds (best of three passes), what a worker does: bare ``trafilatura.extract``
for comparison, parsing, trafilatura's extraction on our tree, our own passes (metadata,
pruning, line rules, language), tagging, the story signals and the fingerprint. The
second sorts the samples of a py-spy ``raw`` profile of the crawl process (``--gil``:
only samples holding the GIL, that is the process's own Python work) into stages by the
modules on their stack, and gives each stage in milliseconds per stored article
(samples / rate / articles).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

# (stage, marks of its frames). A sample goes to the stage of its innermost frame that bears
# a mark (a query run by the storage stage is storage, not SQLAlchemy's).
CRAWL_STAGES = (
    ("start-up: imports, migrations", ("_find_and_load", "exec_module", "alembic")),
    ("stories: placing", ("pipelines/stories",)),
    ("storage", ("pipelines/storage",)),
    ("transfer to and from workers", ("pipelines/extract/workers.py", "multiprocessing/")),
    ("fingerprint, duplicates", ("pipelines/dedupe",)),
    ("spider, discovery, our middlewares", ("crawler/spiders", "crawler/discovery",
                                            "crawler/fetching", "crawler/runs",
                                            "crawler/scaleout")),
    ("download: HTTP client, sockets", ("http11.py", "twisted/internet/tcp", "twisted/web")),
    ("Scrapy: engine, scheduler, middlewares", ("scrapy/",)),
)


def _stage(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, marks in CRAWL_STAGES:
            if any(mark in frame for mark in marks):
                return name
    return "event loop, logging, other"


def crawl_costs(profile: Path, stored: int, rate: float) -> dict[str, float]:
    """Milliseconds per stored article of each stage in a py-spy raw profile (lines
    ``frame;frame;... count``) sampled at ``rate`` per second."""
    samples: Counter[str] = Counter()
    for line in profile.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples[_stage(stack.split(";"))] += int(count)
    return {name: 1000 * n / rate / stored for name, n in samples.most_common()}


def _best(pages: list[str], step: Callable[[int, str], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for index, html in enumerate(pages):
            step(index, html)
        best = min(best, time.process_time() - started)
    return 1000 * best / len(pages)


def worker_costs(pages: list[str], url: str) -> dict[str, float]:
    """CPU milliseconds per page of each stage of the extraction worker's task."""
    import trafilatura

    from pipelines.dedupe.fingerprint import text_fingerprint
    from pipelines.extract import article as extraction
    from pipelines.extract.source import clean_source, parse_html
    from pipelines.stories.features import signals
    from pipelines.topics.catalog import DEFAULT_COMPANIES_FILE, load_catalog
    from pipelines.topics.relevance import tag

    extraction.warm_up()
    catalog = load_catalog(DEFAULT_COMPANIES_FILE)
    articles = [extraction.extract(html, url).article for html in pages]
    texts = [(a.title, a.text) if a else ("", "") for a in articles]
    topics = [tag(catalog, text) for _, text in texts]
    whole = _best(pages, lambda i, h: extraction.extract(h, url))
    parse = _best(pages, lambda i, h: parse_html(clean_source(h)))
    body = _best(pages, lambda i, h: extraction._bare(parse_html(clean_source(h)), url))
    return {
        "bare trafilatura.extract (the ceiling's work)": _best(
            pages, lambda i, h: trafilatura.extract(h)),
        "parse (lxml)": parse,
        "trafilatura's extraction on our tree": body - parse,
        "our passes: metadata, pruning, lines, language": whole - body,
        "tagging": _best(pages, lambda i, h: tag(catalog, texts[i][1])),
        "story signals": _best(pages, lambda i, h: signals(*texts[i], topics[i].companies,
                                                             catalog, 3)),
        "fingerprint": _best(pages, lambda i, h: text_fingerprint(texts[i][1])),
    }


def _site_pages(articles: int) -> list[str]:
    from benchmarks.site import file_for, generate

    with tempfile.TemporaryDirectory(prefix="evp-stages-") as folder:
        site = generate(Path(folder), articles, "http://127.0.0.1:8000", datetime.now(UTC))
        return [file_for(site.root, p).read_text() for p in sorted(site.article_paths)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="pages to time the worker on")
    parser.add_argument("--crawl-profile", type=Path, help="a py-spy raw profile of a crawl")
    parser.add_argument("--stored", type=int, help="articles the profiled crawl stored")
    parser.add_argument("--rate", type=float, default=200.0, help="py-spy's samples per second")
    args = parser.parse_args(argv)
    if args.crawl_profile is not None:
        if not args.stored:
            parser.error("--crawl-profile needs --stored")
        costs = crawl_costs(args.crawl_profile, args.stored, args.rate)
        title = "crawl process, ms per stored article"
    else:
        costs = worker_costs(_site_pages(args.articles), "http://127.0.0.1:8000/news/a")
        title = f"extraction worker, CPU ms per page ({args.articles} pages)"
    print(title)
    for name, ms in costs.items():
        print(f"  {name:<50}{ms:7.2f}")
    if args.crawl_profile is not None:
        print(f"  {'total':<50}{sum(costs.values()):7.2f}")


if __name__ == "__main__":
    main()
