"""Stories end to end: two real crawls of a site where outlets report the same events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from benchmarks import story_scores as scores
from benchmarks.story_set import Labelled, generate
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


def _straddling(articles: list[Labelled]) -> datetime:
    """A time that cuts a story told by several reports in two (the first night has some
    of its reports, the second the rest)."""
    events: dict[str, list[datetime]] = {}
    for article in articles:
        events.setdefault(article.event, []).append(article.published_at)
    times = max(events.values(), key=len)
    return min(times) + (max(times) - min(times)) / 2


def test_two_nightly_crawls_group_reports_into_stories(database_url: str,
                                                       tmp_path: Path) -> None:
    now = datetime.now(UTC)
    articles = [a for a in generate(events=10, fillers=4, seed=21, start=now - timedelta(days=12),
                                    days=10) if a.published_at < now - timedelta(hours=1)]
    middle = _straddling(articles)
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


def _published(database_url: str) -> dict[str, tuple[datetime | None, str | None]]:
    engine = create_db_engine(database_url)
    with engine.connect() as conn:
        found = conn.execute(select(Article.url, Article.published_at,
                                    Article.published_precision)).all()
    engine.dispose()
    return {url.rsplit("/", 1)[1]: (at, precision) for url, at, precision in found}


@pytest.mark.parametrize("dating", ["none", "day"])
def test_pages_that_state_no_time_are_dated_by_their_feed(database_url: str, tmp_path: Path,
                                                          dating: str) -> None:
    """Pages that state no time, or only a day: the feed's time is the article's, so the
    reports of one event, crawled days later, are still within hours of each other."""
    now = datetime.now(UTC).replace(microsecond=0)
    articles = [a for a in generate(events=4, fillers=0, seed=5, start=now - timedelta(days=9),
                                    days=3) if a.published_at < now - timedelta(days=2)]
    with StorySite(dating) as site:
        site.publish(articles)
        result = crawl([f"{site.base_url}/feed.xml"], database_url, tmp_path)
        assert result.returncode == 0, result.stderr[-3000:]
    published = _published(database_url)
    assert published == {path_of(a).rsplit("/", 1)[1]: (a.published_at.replace(microsecond=0),
                                                         "time") for a in articles}
    stories, _, _ = _stored(database_url)
    truth = {a.key: a.event for a in articles}
    assert scores.pairwise(truth, stories)[2] >= 0.90
