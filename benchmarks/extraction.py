"""Score ``extract_article`` on the two extraction data sets and time it against trafilatura.

    python benchmarks/extraction.py --extraction-benchmark ../shared/extraction-benchmark \
        --metadata-benchmark ../shared/news-metadata-benchmark \
        --snippet-benchmark ../shared/snippet-benchmark

The metrics are the ones each data set's README documents (and ../shared/tools implements):
4-token shingle precision/recall/F1 averaged per page and token-sequence exact match for the
body; title exact, authors set F1, publication time equal to the minute in UTC, first line
equal to the headline for the metadata. The body is what each set calls one: the text
without headline and lead for the extraction set (its articleBody leaves the standfirst
out), the text after the headline for the metadata set (its body opens with the lead);
``text_*`` scores the whole stored text. ``--snippet-benchmark`` also scores the text
without its headline line on a snippet set, beside plain trafilatura (see
``benchmarks/snippets.py``), and lists the pages for which nothing came back. Each page is
also given to plain ``trafilatura.extract`` right after the project's extractor, so the two
times are comparable.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.snippets import (  # noqa: E402
    project_text,
    report_snippets,
    score_snippets,
    trafilatura_text,
)
from pipelines.extract import Article, extract_article  # noqa: E402

_WORD = re.compile(r"\w+")
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
Row = dict[str, float | None]


@dataclass(frozen=True)
class Page:
    """One benchmark page and what is expected of it."""

    page_id: str
    url: str
    html: str
    truth: dict[str, Any]


@dataclass
class Timing:
    """Seconds spent by each extractor on the same pages."""

    ours: list[float] = field(default_factory=list)
    plain: list[float] = field(default_factory=list)


def clean(text: str | None) -> str:
    """NFC without soft hyphens, zero-width spaces, word joiners and byte-order marks."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Multiset of 4-token shingles (one shorter shingle for 1-3 tokens, none for 0)."""
    tokens = _WORD.findall(text)
    if len(tokens) <= 4:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3))


def body_scores(expected: str, predicted: str) -> Row:
    """Per-page precision/recall (None where the benchmark leaves the page out) and exactness."""
    gold, pred = shingles(expected), shingles(predicted)
    tp, fp, fn = sum((gold & pred).values()), sum((pred - gold).values()), sum((gold - pred).values())
    perfect = fp == 0 and fn == 0
    return {
        "body_precision": None if tp + fp == 0 else (1.0 if perfect else tp / (tp + fp)),
        "body_recall": None if tp + fn == 0 else (1.0 if perfect else tp / (tp + fn)),
        "body_exact": float(_WORD.findall(expected) == _WORD.findall(predicted)),
    }


def _norm(text: str | None) -> str:
    return " ".join(clean(text).split())


def authors_f1(expected: list[str], predicted: tuple[str, ...]) -> float:
    """Set F1 of case-folded names; 1 when both are empty."""
    gold = {_norm(a).casefold() for a in expected if _norm(a)}
    pred = {_norm(a).casefold() for a in predicted if _norm(a)}
    common = len(gold & pred)
    if not gold and not pred:
        return 1.0
    return 0.0 if not common else 2 * common / (len(gold) + len(pred))


def date_scores(expected: str | None, predicted: datetime | None) -> Row:
    """Minute match in UTC (both aware), same day in the expected offset, missing."""
    if not expected:
        return {"date_minute": None, "date_day": None, "date_missing": None}
    gold = datetime.fromisoformat(expected.replace("Z", "+00:00"))
    if predicted is None:
        return {"date_minute": 0.0, "date_day": 0.0, "date_missing": 1.0}
    minute = 0.0
    if gold.tzinfo is not None:
        def utc(d: datetime) -> datetime:
            return d.astimezone(UTC).replace(second=0, microsecond=0)
        minute = float(utc(gold) == utc(predicted))
    local = predicted.astimezone(gold.tzinfo) if gold.tzinfo else predicted
    return {"date_minute": minute, "date_day": float(local.date() == gold.date()), "date_missing": 0.0}


def metadata_scores(truth: dict[str, Any], article: Article | None) -> Row:
    """Every metadata metric of one page."""
    text = clean(article.text) if article else ""
    title = _norm(article.title) if article else ""
    first = next((_norm(line) for line in text.splitlines() if _norm(line)), "")
    lead = next((_norm(line) for line in truth["body"].splitlines() if _norm(line)), "")
    row: Row = {
        "title_exact": float(bool(title) and title == _norm(truth["title"])),
        "authors_f1": authors_f1(truth["authors"] or [], article.authors if article else ()),
        "first_line": float(bool(first) and first in {_norm(truth["title"]), lead}),
    }
    row.update(date_scores(truth["publishing_date"], article.published_at if article else None))
    row.update(body_scores(clean(truth["body"]), text.partition("\n")[2]))  # lead and body
    whole = body_scores(clean(truth["body"]), text)  # headline line included, as stored
    row.update(text_precision=whole["body_precision"], text_recall=whole["body_recall"])
    return row


def aggregate(rows: list[Row]) -> dict[str, float]:
    """Means over the pages where a metric is defined; body F1 from mean P and mean R."""
    keys = [key for key in rows[0] if key != "page"] if rows else []
    out = {}
    for key in keys:
        values = [row[key] for row in rows if row[key] is not None]
        out[key] = sum(values) / len(values) if values else math.nan  # type: ignore[arg-type]
    for name in ("body", "text"):
        if f"{name}_precision" in out:
            p, r = out[f"{name}_precision"], out[f"{name}_recall"]
            out[f"{name}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def interval(rows: list[Row], key: str, resamples: int, seed: int = 0) -> tuple[float, float]:
    """95% bootstrap interval of one aggregate figure (pages resampled with replacement)."""
    rng = random.Random(seed)
    draws = sorted(aggregate([rng.choice(rows) for _ in rows])[key] for _ in range(resamples))
    draws = [d for d in draws if not math.isnan(d)]
    if not draws:
        return math.nan, math.nan
    return draws[int(0.025 * (len(draws) - 1))], draws[int(0.975 * (len(draws) - 1))]


def extraction_pages(folder: Path) -> Iterator[Page]:
    """Pages of an article-extraction-benchmark folder."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth):
        with gzip.open(folder / "html" / f"{page_id}.html.gz", "rb") as handle:
            html = handle.read().decode("utf-8", errors="replace")
        yield Page(page_id, truth[page_id].get("url", ""), html, truth[page_id])


def metadata_pages(folder: Path) -> Iterator[Page]:
    """Pages of a news-metadata-benchmark folder."""
    for record in json.loads((folder / "records.json").read_text(encoding="utf-8")):
        path = folder / "html" / (record["id"].replace("/", "__") + ".html.gz")
        with gzip.open(path, "rb") as handle:
            yield Page(record["id"], record["url"], handle.read().decode("utf-8", errors="replace"), record)


def body_of(article: Article | None) -> str:
    """What articleBody holds: the text without its headline and lead lines."""
    return article.body if article else ""


def plain_trafilatura(html: str, url: str) -> Article | None:
    """What trafilatura alone makes of a page (its own title, author, date and text), for
    the comparison in the README."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if not isinstance(document, trafilatura.settings.Document) or not document.text:
        return None
    published = None
    if document.date:
        published = datetime.fromisoformat(document.date).replace(hour=12, tzinfo=UTC)
    authors = tuple(a.strip() for a in (document.author or "").split(";") if a.strip())
    return Article(title=document.title or "", text=f"{document.title or ''}\n{document.text}",
                   authors=authors, published_at=published, modified_at=None, language=None,
                   site=document.sitename, description=document.description, canonical_url=None)


Extractor = Callable[[str, str], Article | None]


def run(pages: Iterator[Page], score: Callable[[Page, Article | None], Row], timing: Timing | None,
        extractor: Extractor = extract_article) -> list[Row]:
    """Extract and score every page; when ``timing`` is given, time plain trafilatura too."""
    rows = []
    for page in pages:
        start = time.perf_counter()
        article = extractor(page.html, page.url)
        middle = time.perf_counter()
        if timing is not None:
            trafilatura.extract(page.html, url=page.url)
            timing.ours.append(middle - start)
            timing.plain.append(time.perf_counter() - middle)
        row = score(page, article)
        row["page"] = page.page_id  # type: ignore[assignment]
        rows.append(row)
    return rows


def score_extraction(folder: Path, timing: Timing | None = None,
                     extractor: Extractor = extract_article) -> list[Row]:
    """Per-page body scores on the article-extraction benchmark."""
    return run(extraction_pages(folder), lambda p, a: body_scores(p.truth["articleBody"], body_of(a)),
               timing, extractor)


def score_metadata(folder: Path, timing: Timing | None = None,
                   extractor: Extractor = extract_article) -> list[Row]:
    """Per-page metadata scores on the news-metadata benchmark."""
    return run(metadata_pages(folder), lambda p, a: metadata_scores(p.truth, a), timing, extractor)


def report(name: str, rows: list[Row], resamples: int) -> None:
    """Print each figure with its 95% bootstrap interval."""
    figures = aggregate(rows)
    print(f"\n{name}: {len(rows)} pages")
    for key, value in figures.items():
        low, high = interval(rows, key, resamples) if resamples else (math.nan, math.nan)
        print(f"  {key:<16}{value:7.3f}   [{low:.3f}, {high:.3f}]")


def print_timing(timing: Timing) -> None:
    """Mean and median time per page of both extractors and their ratio."""
    def stats(values: list[float]) -> str:
        ordered = sorted(values)
        return f"mean {1000 * sum(values) / len(values):6.1f} ms, median {1000 * ordered[len(values) // 2]:6.1f} ms"
    print(f"\ntime per page ({len(timing.ours)} pages, same pages, interleaved)")
    print(f"  extract_article        {stats(timing.ours)}")
    print(f"  trafilatura.extract    {stats(timing.plain)}")
    print(f"  ratio (mean)           {sum(timing.ours) / sum(timing.plain):.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--extraction-benchmark", type=Path, help="folder with ground-truth.json and html/")
    parser.add_argument("--metadata-benchmark", type=Path, help="folder with records.json and html/")
    parser.add_argument("--snippet-benchmark", type=Path, help="folder with records.json and html/")
    parser.add_argument("--bootstrap", type=int, default=1000, help="resamples for the 95%% intervals")
    parser.add_argument("--no-timing", action="store_true", help="skip plain trafilatura")
    parser.add_argument("--per-page", type=Path, help="write per-page scores here (JSON)")
    parser.add_argument("--plain-trafilatura", action="store_true",
                        help="score trafilatura's own metadata and text instead (no timing)")
    args = parser.parse_args(argv)
    timing = None if args.no_timing or args.plain_trafilatura else Timing()
    extractor = plain_trafilatura if args.plain_trafilatura else extract_article
    every: dict[str, list[Row]] = {}
    if args.extraction_benchmark:
        every["extraction-benchmark"] = score_extraction(
            args.extraction_benchmark, timing, extractor)
    if args.metadata_benchmark:
        every["news-metadata-benchmark"] = score_metadata(
            args.metadata_benchmark, timing, extractor)
    for name, rows in every.items():
        report(name, rows, args.bootstrap)
    if timing and timing.ours:
        print_timing(timing)
    if args.snippet_benchmark:
        scores = score_snippets(args.snippet_benchmark,
                                {"extract_article": project_text, "trafilatura": trafilatura_text})
        report_snippets(scores, "extract_article", "trafilatura")
    if args.per_page:
        args.per_page.write_text(json.dumps(every, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
