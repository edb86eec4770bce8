"""Stories end to end: two real crawls of a site where outlets report the same events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from benchmarks import story_scores as scores
from benchmarks.story_set import generate
from pipelines.storage.database import create_db_engine
from pipelines.storage.models import Article, Story
from tests.helpers import crawl
from tests.site.story_site import StorySite, path_of

pytestmark = pytest.mark.e2e


def _stored(database_url: str) -> tuple[dict[str, int], dict[str, str | None], list[Story]]:
    engine = create_db_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(select(Article.id, Article.url, Article.story_id,
                                   Article.near_duplicate_of)).all()
        stories = conn.execute(select(Story.__table__)).all()
    engine.dispose()
    key = {row.id: row.url.rsplit("/", 1)[1] for row in rows}
    return ({key[r.id]: r.story_id for r in rows},
            {key[r.id]: key.get(r.near_duplicate_of) for r in rows}, stories)


def test_two_nightly_crawls_group_reports_into_stories(database_url: str,
                                                       tmp_path: Path) -> None:
    now = datetime.now(UTC)
    articles = [a for a in generate(events=10, fillers=4, seed=21, start=now - timedelta(days=12),
                                    days=10) if a.published_at < now - timedelta(hours=1)]
    middle = now - timedelta(days=6)
    with StorySite() as site:
        site.publish([a for a in articles if a.published_at < middle])
        first = crawl([f"{site.base_url}/feed.xml"], database_url, tmp_path)
        assert first.returncode == 0, first.stderr[-3000:]
        before, _, _ = _stored(database_url)
        site.publish(articles)
        second = crawl([f"{site.base_url}/feed.xml"], database_url, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
    stories, copies, rows = _stored(database_url)

    assert set(stories) == {path_of(a).rsplit("/", 1)[1] for a in articles}
    assert all(story is not None for story in stories.values())
    assert all(stories[key] == story for key, story in before.items())  # ids kept
    truth = {a.key: a.event for a in articles}
    joined_later = {a.key for a in articles if a.published_at >= middle
                    and stories[a.key] in set(before.values())}
    assert joined_later, "no report of the second night joined a story of the first"
    sizes = {event: list(truth.values()).count(event) for event in truth.values()}
    multi = [key for key, event in truth.items() if sizes[event] > 1]
    assert scores.bcubed(truth, stories, multi)[2] >= 0.95
    assert scores.pairwise(truth, stories)[2] >= 0.90
    negatives = {a.key: a.negatives for a in articles if a.negatives}
    assert scores.negatives_merged(negatives, truth, stories) == 0
    precision, recall, _, _ = scores.near_duplicates({a.key: a.copy_of for a in articles}, copies)
    assert precision >= 0.98 and recall >= 0.95
    assert sum(row.articles for row in rows) == len(articles)
    assert {row.id for row in rows} == set(stories.values())
