"""Benchmark of the story step on a labelled set of stories.

Usage: python -m benchmarks.stories [--set events] [--events 60] [--fillers 40] [--seed 7]
       [--database-url URL] [--seed-articles DIR] [--nights 30] [--crawl-order]

``--set events`` (the default) is the set of ``benchmarks/story_set``; ``--set styles`` is
the second set of ``benchmarks/story_styles``, written independently in other house
styles (wire, analysis, non-native English, press releases, blogs), with copies at four
edit levels. ``--events``, ``--fillers`` and ``--seed`` apply to either.

The set is stored night by night, as the crawl would store it (``store_batch``), and
each night's articles are placed by the story step (``StoryAssigner.place_all``), so
stories grow across runs. It prints B-cubed precision, recall and F1 over the articles
of multi-article true stories, pairwise F1, near-duplicate precision and recall, the
hard negatives wrongly merged, how many copies point to their true original, and the
story step's milliseconds per article. ``--crawl-order`` stores each night in a random
order rather than by publication time. With
``--seed-articles`` (a folder of plain-text articles, headline first), they are stored
together with the set, and it says whether they landed in one story and whether
another article joined them.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, select

from benchmarks import story_scores as scores
from benchmarks import story_set, story_styles
from benchmarks.story_set import Labelled
from pipelines.dedupe.pipeline import assign_identity
from pipelines.items import ArticleItem
from pipelines.storage.articles import Inserts, store_batch, sync_companies
from pipelines.storage.database import create_db_engine, migrate
from pipelines.storage.models import Article
from pipelines.stories.assign import StoryAssigner
from pipelines.stories.features import signals
from pipelines.stories.similarity import StorySettings
from pipelines.topics.catalog import Catalog, load_catalog
from pipelines.topics.relevance import tag

# The labelled sets, by the name ``--set`` gives them: each a function of (events,
# fillers, seed) returning the articles oldest first.
SETS: dict[str, Callable[[int, int, int], list[Labelled]]] = {
    "events": story_set.generate, "styles": story_styles.generate}


def to_item(catalog: Catalog, article: Labelled) -> ArticleItem:
    """The ArticleItem the crawl would hand to storage for ``article``."""
    url = f"https://{article.site}/news/{article.key}"
    topic = tag(catalog, article.text)
    item = ArticleItem(url=url, title=article.title, text=article.text, authors=[],
                       published_at=article.published_at, modified_at=None, language="en",
                       site=article.site, description=None, seed=f"https://{article.site}/feed",
                       aliases=[url], companies=topic.companies, relevance=topic.relevance,
                       relevant=topic.relevant)
    return assign_identity(item)


def seed_articles(folder: Path, at: Labelled) -> list[Labelled]:
    """Plain-text articles of ``folder`` as one event told on the day of ``at``."""
    found = []
    for index, path in enumerate(sorted(folder.glob("*.txt"))):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        title = next(line for line in lines if len(line.split()) >= 5)
        text = "\n".join(line for line in lines[lines.index(title):] if line)
        found.append(Labelled(f"seed-{path.stem}", f"seed{index}.example", title, text,
                              at.published_at + timedelta(hours=3 * index), "seed"))
    return found


def nights(articles: list[Labelled], count: int) -> Iterator[list[Labelled]]:
    """The set cut into ``count`` runs by publication time."""
    step = max(1, -(-len(articles) // count))
    for start in range(0, len(articles), step):
        yield articles[start:start + step]


def run(engine: Engine, articles: list[Labelled], runs: int, settings: StorySettings,
        crawl_order: random.Random | None = None
        ) -> tuple[dict[str, int], dict[str, str | None], tuple[float, ...]]:
    """Store and place the set night by night, as a crawl does: signals computed per item
    (in the crawl, by the extraction workers), then placed after storage. With
    ``crawl_order``, each night's articles are stored in an order it draws (a crawl of
    many sites meets copies before their originals), and placed in that order in
    batches of ``assign.BATCH``.

    Returns key -> story id, key -> key of the article it copies, and the seconds spent
    computing signals and placing: CPU seconds of this process (on a shared machine the
    wall time also counts the time other processes had the CPU), then wall seconds.
    """
    catalog = load_catalog()
    company_ids = sync_companies(engine, catalog)
    inserts, spent = Inserts.for_engine(engine), [0.0, 0.0, 0.0, 0.0]
    assigner = StoryAssigner(catalog, company_ids, settings)
    by_url = {}
    for night in nights(articles, runs):
        if crawl_order is not None:
            night = crawl_order.sample(night, len(night))
        items = [to_item(catalog, article) for article in night]
        by_url.update({item.url: article.key for item, article in zip(items, night)})
        clocks = time.process_time(), time.perf_counter()
        for item in items:
            item.story_signals = signals(item.title, item.text, item.companies, catalog,
                                         settings.shingle_size)
        clocks = _add(spent, 0, clocks)
        store_batch(engine, inserts, items, night[-1].published_at, company_ids)
        with engine.connect() as conn:
            ids = dict(conn.execute(select(Article.url, Article.id).where(
                Article.url.in_([item.url for item in items]))).all())
        clocks = time.process_time(), time.perf_counter()
        assigner.place_all(engine, sorted(ids.values()),
                           {ids[item.url]: item.story_signals for item in items})
        _add(spent, 2, clocks)
    return *read_back(engine, by_url), (spent[0], spent[2], spent[1], spent[3])


def _add(spent: list[float], at: int, clocks: tuple[float, float]) -> tuple[float, float]:
    """Add the CPU and wall seconds since ``clocks`` to ``spent[at]`` and ``spent[at + 1]``."""
    now = time.process_time(), time.perf_counter()
    spent[at] += now[0] - clocks[0]
    spent[at + 1] += now[1] - clocks[1]
    return now


def read_back(engine: Engine, by_url: dict[str, str]
              ) -> tuple[dict[str, int], dict[str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(Article.id, Article.url, Article.story_id,
                                   Article.near_duplicate_of)).all()
    key_of = {row.id: by_url[row.url] for row in rows}
    stories = {by_url[row.url]: row.story_id for row in rows}
    copies = {by_url[row.url]: key_of.get(row.near_duplicate_of) for row in rows}
    return stories, copies


def report(articles: list[Labelled], stories: dict[str, int], copies: dict[str, str | None],
           seconds: tuple[float, ...]) -> None:
    truth = {a.key: a.event for a in articles}
    sizes: dict[str, int] = {}
    for event in truth.values():
        sizes[event] = sizes.get(event, 0) + 1
    multi = [key for key, event in truth.items() if sizes[event] > 1]
    precision, recall, f = scores.bcubed(truth, stories, multi)
    print(f"articles {len(articles)}, true stories {len(sizes)}, "
          f"multi-article {sum(1 for s in sizes.values() if s > 1)} ({len(multi)} articles), "
          f"predicted stories {len(set(stories.values()))}")
    print(f"B-cubed (multi-article stories): P {precision:.3f} R {recall:.3f} F1 {f:.3f}")
    print("B-cubed (all articles):          P {:.3f} R {:.3f} F1 {:.3f}".format(
        *scores.bcubed(truth, stories, truth)))
    print("pairwise:                        P {:.3f} R {:.3f} F1 {:.3f}".format(
        *scores.pairwise(truth, stories)))
    print("near-duplicates: P {:.3f} R {:.3f} (marked {}, true {})".format(
        *scores.near_duplicates({a.key: a.copy_of for a in articles}, copies)))
    print("copies marked with their original: {} of {} right marks; originals marked as "
          "copies: {}".format(*scores.copy_direction({a.key: a.copy_of for a in articles},
                                                     copies)))
    negatives = {a.key: a.negatives for a in articles if a.negatives}
    print(f"hard negatives merged: {scores.negatives_merged(negatives, truth, stories)} "
          f"of {len({frozenset((a.event, n)) for a in articles for n in a.negatives})}")
    computing, placing, computing_wall, placing_wall = (1000 * s / len(articles)
                                                        for s in seconds)
    print(f"story step, CPU: {computing + placing:.2f} ms per article: signals "
          f"{computing:.2f} (in the extraction workers), placing {placing:.2f} (after storage)")
    print(f"story step, wall: {computing_wall + placing_wall:.2f} ms per article "
          f"({computing_wall:.2f} + {placing_wall:.2f})")


def seed_verdict(stories: dict[str, int]) -> None:
    seeds = {story for key, story in stories.items() if key.startswith("seed-")}
    joined = [key for key, story in stories.items()
              if story in seeds and not key.startswith("seed-")]
    print(f"seed articles in one story: {'yes' if len(seeds) == 1 else 'NO'}; "
          f"other articles joined: {len(joined)} {joined}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="events",
                        help="events: the set of benchmarks/story_set (default); styles: the "
                             "set of benchmarks/story_styles, written apart in other house "
                             "styles")
    parser.add_argument("--events", type=int, default=60,
                        help="events of the set, each told by several reports (default 60)")
    parser.add_argument("--fillers", type=int, default=40,
                        help="articles about no event, stories of their own (default 40)")
    parser.add_argument("--seed", type=int, default=7,
                        help="seed of the set's random generator (default 7)")
    parser.add_argument("--nights", type=int, default=30)
    parser.add_argument("--crawl-order", action="store_true",
                        help="store each night's articles in a random order (seeded by "
                             "--seed), as a crawl of many sites does")
    parser.add_argument("--database-url")
    parser.add_argument("--seed-articles", type=Path)
    args = parser.parse_args()
    articles = SETS[args.set](args.events, args.fillers, args.seed)
    if args.seed_articles:
        articles += seed_articles(args.seed_articles, articles[len(articles) // 2])
        articles.sort(key=lambda a: (a.published_at, a.key))
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/stories.db"
        migrate(url)
        engine = create_db_engine(url)
        order = random.Random(args.seed) if args.crawl_order else None
        stories, copies, seconds = run(engine, articles, args.nights, StorySettings(), order)
        engine.dispose()
    report(articles, stories, copies, seconds)
    if args.seed_articles:
        seed_verdict(stories)


if __name__ == "__main__":
    main()
