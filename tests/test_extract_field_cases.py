"""The field cases in ../shared/field-cases/pages that run through ``extract_article``:
small pages rebuilt from public bug reports of other extractors, each with its right value.

Where ../shared is absent the cases skip with the reason (under CI=true they fail).
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pipelines.extract import Article, extract_article
from tests.helpers import ROOT

_FOLDER = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared")) / "field-cases" / "pages"


def _article_cases() -> list[str]:
    if not _FOLDER.is_dir():
        return ["absent"]  # the shared_dir fixture skips (or fails under CI=true)
    cases = sorted(_FOLDER.glob("*.expect.json"))
    return [path.name.removesuffix(".expect.json") for path in cases
            if json.loads(path.read_text(encoding="utf-8"))["run"] == "article"]


def _check(article: Article, key: str, expected: Any) -> None:
    if key == "published_at":
        assert article.published_at == datetime.fromisoformat(expected)
    elif key == "authors":
        assert list(article.authors) == expected
    elif key == "authors_count":
        assert len(article.authors) == expected
    elif key == "authors_prefixes":
        assert [name[: len(prefix)] for name, prefix in zip(article.authors, expected)] == expected
    elif key in ("title", "language", "site"):
        assert getattr(article, key) == expected
    else:
        pytest.fail(f"no check for the expected value {key!r}: add one")


@pytest.mark.parametrize("case", _article_cases())
def test_field_case(shared_dir: Path, case: str) -> None:
    folder = shared_dir / "field-cases" / "pages"
    expect = json.loads((folder / f"{case}.expect.json").read_text(encoding="utf-8"))
    page = next(path for path in folder.glob(f"{case}.*") if not path.name.endswith(".json"))
    article = extract_article(page.read_text(encoding="utf-8"), expect["url"])
    assert article is not None, expect["why"]
    for key, value in expect["expected"].items():
        _check(article, key, value)
