"""Score text extractors on a snippet benchmark (``../shared/snippet-benchmark``).

The data set's README and ``../shared/tools/score_snippets.py`` define the measure: a
``with`` snippet passes when it occurs in the extracted text, a ``without`` snippet when it
does not, both compared after Unicode NFC normalisation with white space runs made one
space; a page for which nothing came back fails its ``with`` snippets. The project's text
is judged without its headline line (the snippets follow trafilatura's convention of text
without the title), side by side with plain trafilatura, whose options are the README's
(``include_comments=False, include_tables=True``).
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from pipelines.extract import extract_article

TextExtractor = Callable[[str, str], str | None]


def norm(text: str) -> str:
    """NFC with white space runs made one space (the scorer's comparison)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def project_text(html: str, url: str) -> str | None:
    """The stored text without its headline line, or None when no article came back."""
    article = extract_article(html, url)
    return article.text.partition("\n")[2] if article else None


def trafilatura_text(html: str, url: str) -> str | None:
    """Plain ``trafilatura.extract`` with the options the data set's README compares to."""
    return trafilatura.extract(html, url=url, include_comments=False, include_tables=True)


@dataclass
class SnippetScore:
    """Snippets passed out of all, and the pages (id, url) for which nothing came back."""

    passed: int = 0
    total: int = 0
    kept: int = 0
    with_total: int = 0
    left_out: int = 0
    without_total: int = 0
    empty: list[tuple[str, str]] = field(default_factory=list)

    @property
    def f1(self) -> float:
        """F1 of the share of ``with`` snippets kept and ``without`` snippets left out."""
        recall = self.kept / max(1, self.with_total)
        precision = self.left_out / max(1, self.without_total)
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def add(self, record: dict, text: str | None, page: tuple[str, str]) -> None:
        """Count one page's snippets against its extracted ``text``."""
        got = norm(text or "")
        kept = sum(norm(s) in got for s in record["with"])
        left_out = sum(norm(s) not in got for s in record["without"])
        self.kept, self.with_total = self.kept + kept, self.with_total + len(record["with"])
        self.left_out += left_out
        self.without_total += len(record["without"])
        self.passed, self.total = self.kept + self.left_out, self.with_total + self.without_total
        if not got:
            self.empty.append(page)


def snippet_pages(folder: Path) -> Iterator[tuple[str, dict, str]]:
    """(id, record, html) for every page of a snippet-benchmark folder, in id order."""
    records = json.loads((folder / "records.json").read_text(encoding="utf-8"))
    for page_id, record in sorted(records.items()):
        raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        yield page_id, record, raw.decode("utf-8", "replace")


def score_snippets(folder: Path, extractors: dict[str, TextExtractor]) -> dict[str, SnippetScore]:
    """Each named extractor's score on the same pages."""
    scores = {name: SnippetScore() for name in extractors}
    for page_id, record, html in snippet_pages(folder):
        for name, extractor in extractors.items():
            scores[name].add(record, extractor(html, record["url"]), (page_id, record["url"]))
    return scores


def lost_pages(scores: dict[str, SnippetScore], ours: str, reference: str) -> list[tuple[str, str]]:
    """Pages for which ``ours`` returned nothing while ``reference`` returned text."""
    theirs = set(scores[reference].empty)
    return [page for page in scores[ours].empty if page not in theirs]


def report_snippets(scores: dict[str, SnippetScore], ours: str, reference: str) -> None:
    """Print both extractors' figures and the pages without text."""
    print(f"\nsnippet-benchmark: {len(scores[ours].empty)} pages without text ({ours})")
    for name, score in scores.items():
        print(f"  {name:<22} {score.passed:5d}/{score.total} snippets right, kept "
              f"{score.kept}/{score.with_total}, left out {score.left_out}/{score.without_total}, "
              f"F1 {score.f1:.3f}, pages without text {len(score.empty)}")
    lost = lost_pages(scores, ours, reference)
    print(f"  pages without text where {reference} has text: {len(lost)}")
    for page_id, url in scores[ours].empty:
        print(f"    {page_id} {url}{'' if (page_id, url) in lost else f' (also {reference})'}")
