"""Builders of test objects shared by several test modules."""

from __future__ import annotations

from datetime import UTC, datetime

from pipelines.dedupe.pipeline import assign_identity
from pipelines.items import ArticleItem

TEXT = "Ford and Xiaomi hold talks\nFord held talks with Xiaomi.\nThe partnership could be big."


def article(url: str, text: str = TEXT, **extra: object) -> ArticleItem:
    """A tagged ArticleItem with its identity assigned, as the store stage receives it."""
    item = ArticleItem(
        url=url, title=text.splitlines()[0], text=text, authors=["Jane Doe"],
        published_at=datetime(2026, 11, 18, 9, 30, tzinfo=UTC), modified_at=None,
        language="en", site="Autoworld", description=None, seed="https://s.example/feed",
        aliases=[url], companies={"Ford": 2, "Xiaomi": 2}, relevance=0.5, relevant=True,
    )
    for key, value in extra.items():
        setattr(item, key, value)
    return assign_identity(item)
