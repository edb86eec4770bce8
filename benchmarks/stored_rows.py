"""What a crawl of the benchmark site stores, written down to compare two versions of the crawler.

    python -m benchmarks.stored_rows crawl --articles 2000 --output before.json
    (change the crawler)
    python -m benchmarks.stored_rows crawl --articles 2000 --output after.json
    python -m benchmarks.stored_rows compare before.json after.json

``crawl`` generates the throughput benchmark's site (dated from the start of the current
UTC day, so two crawls on one day see the same pages), crawls it into a new SQLite file
and writes every article row (text, metadata, fingerprint, companies and their mention
counts, the URLs it is known under) with the site's address cut from the URLs, so the
server's port does not count. ``compare`` prints how many rows differ and the first
differences, and exits 1 when any does. Story ids and grouping depend on the order in
which concurrent downloads end, so they are compared as groups of URLs and reported
apart, without failing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from benchmarks.runs import run_crawler, served
from benchmarks.site import generate
from pipelines.storage.database import create_db_engine
from pipelines.storage.models import Article, ArticleUrl, Company, CompanyMention

FIELDS = ("title", "text", "authors", "published_at", "published_precision", "modified_at",
          "language", "site", "description", "relevant", "relevance", "fingerprint")


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def stored(database_url: str, base: str) -> dict[str, Any]:
    """``{"articles": {path: fields}, "stories": [[path, ...], ...]}`` of a database."""
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as conn:
            articles = conn.execute(select(Article)).all()
            urls = conn.execute(select(ArticleUrl.article_id, ArticleUrl.url)).all()
            companies = conn.execute(select(CompanyMention.article_id, Company.name,
                                                 CompanyMention.mentions)
                                     .join(Company, Company.id == CompanyMention.company_id)).all()
    finally:
        engine.dispose()
    known: dict[int, list[str]] = {}
    for article_id, url in urls:
        known.setdefault(article_id, []).append(url.removeprefix(base))
    named: dict[int, list[str]] = {}
    for article_id, name, count in companies:
        named.setdefault(article_id, []).append(f"{name}: {count}")
    rows, stories = {}, {}
    for row in articles:
        path = row.url.removeprefix(base)
        rows[path] = {f: _json(getattr(row, f)) for f in FIELDS} | {
            "urls": sorted(known.get(row.id, [])), "companies": sorted(named.get(row.id, []))}
        stories.setdefault(row.story_id, []).append(path)
    return {"articles": rows, "stories": sorted(sorted(g) for g in stories.values())}


def crawl(articles: int, output: Path) -> None:
    """Crawl a new benchmark site into a new database and write what it stored to ``output``."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    with tempfile.TemporaryDirectory(prefix="evp-rows-") as name:
        folder = Path(name)
        (folder / "site").mkdir()
        with served(folder / "site") as (_, port):
            base = f"http://127.0.0.1:{port}"
            site = generate(folder / "site", articles, base, today)
            seeds = folder / "seeds.txt"
            seeds.write_text("".join(f"{base}{p}\n" for p in site.seed_paths))
            database_url = f"sqlite:///{folder / 'crawl.db'}"
            result = run_crawler(seeds, database_url, folder / "crawl.log", ())
            if result.measurement.returncode != 0:
                sys.exit(f"the crawl failed (exit {result.measurement.returncode})")
            output.write_text(json.dumps(stored(database_url, base), indent=1, sort_keys=True))
    print(f"{result.stored} articles written to {output}")


def compare(before: Path, after: Path) -> int:
    """Print the differences between two ``crawl`` outputs; 1 when articles differ."""
    old, new = (json.loads(p.read_text()) for p in (before, after))
    paths = sorted(set(old["articles"]) | set(new["articles"]))
    differing = [p for p in paths if old["articles"].get(p) != new["articles"].get(p)]
    print(f"{len(old['articles'])} and {len(new['articles'])} articles; "
          f"{len(differing)} differ")
    for path in differing[:5]:
        a, b = old["articles"].get(path) or {}, new["articles"].get(path) or {}
        fields = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        print(f"  {path}: {', '.join(fields) or 'missing on one side'}")
    same_stories = old["stories"] == new["stories"]
    print(f"stories: {len(old['stories'])} and {len(new['stories'])}, "
          f"{'the same groups' if same_stories else 'grouped differently'} "
          "(the grouping depends on download order)")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("crawl", help="crawl a new benchmark site, write its rows")
    run.add_argument("--articles", type=int, default=2000)
    run.add_argument("--output", type=Path, required=True)
    check = commands.add_parser("compare", help="compare two crawl outputs")
    check.add_argument("before", type=Path)
    check.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "crawl":
        crawl(args.articles, args.output)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
