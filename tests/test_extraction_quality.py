"""Quality floors on the data sets in ../shared: a regression fails here.

The floors sit a little below the figures ``benchmarks/extraction.py`` prints today
(see the README's extraction section); raise them when the extractor gets better.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from benchmarks.extraction import aggregate, score_extraction, score_metadata
from benchmarks.snippets import (
    SnippetScore,
    lost_pages,
    project_text,
    score_snippets,
    trafilatura_text,
)

EXTRACTION_FLOORS = {"body_f1": 0.975, "body_exact": 0.47}
SNIPPETS_RIGHT_FLOOR = 2720  # today 2,733 of 2,951; plain trafilatura (include_tables=True): 2,708
METADATA_FLOORS = {"title_exact": 0.865, "first_line": 0.865, "authors_f1": 0.935,
                   "date_minute": 0.93, "date_day": 0.985, "body_f1": 0.966, "text_f1": 0.957}


@cache
def _figures(folder: Path, kind: str) -> dict[str, float]:
    rows = score_extraction(folder) if kind == "extraction" else score_metadata(folder)
    return aggregate(rows)


@pytest.mark.parametrize(("metric", "floor"), sorted(EXTRACTION_FLOORS.items()))
def test_extraction_benchmark_floor(shared_dir: Path, metric: str, floor: float) -> None:
    figures = _figures(shared_dir / "extraction-benchmark", "extraction")
    assert figures[metric] >= floor, f"{metric} fell to {figures[metric]:.3f} (floor {floor})"


@pytest.mark.parametrize(("metric", "floor"), sorted(METADATA_FLOORS.items()))
def test_news_metadata_benchmark_floor(shared_dir: Path, metric: str, floor: float) -> None:
    figures = _figures(shared_dir / "news-metadata-benchmark", "metadata")
    assert figures[metric] >= floor, f"{metric} fell to {figures[metric]:.3f} (floor {floor})"


@cache
def _snippet_scores(folder: Path) -> dict[str, SnippetScore]:
    return score_snippets(folder, {"ours": project_text, "trafilatura": trafilatura_text})


def test_snippet_benchmark_floor(shared_dir: Path) -> None:
    scores = _snippet_scores(shared_dir / "snippet-benchmark")
    assert scores["ours"].passed >= SNIPPETS_RIGHT_FLOOR, (
        f"{scores['ours'].passed} snippets right (floor {SNIPPETS_RIGHT_FLOOR})")


def test_snippet_benchmark_loses_no_page_trafilatura_has_text_for(shared_dir: Path) -> None:
    scores = _snippet_scores(shared_dir / "snippet-benchmark")
    assert lost_pages(scores, "ours", "trafilatura") == []
