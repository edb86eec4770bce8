"""Layer 3: storing articles in a migrated database (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy import text as text_sql

from pipelines.items import ArticleItem
from pipelines.storage.articles import Inserts, Outcome, store_batch, sync_companies
from pipelines.storage.database import create_db_engine
from pipelines.storage.models import (
    Article,
    ArticleSignature,
    ArticleUrl,
    ArticleVersion,
    Company,
    CompanyMention,
)
from pipelines.stories import records
from pipelines.stories.assign import StoryAssigner
from pipelines.stories.similarity import StorySettings
from pipelines.topics.catalog import Catalog, load_catalog
from tests.factories import article

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    path = tmp_path / "companies.toml"
    path.write_text('[[company]]\nname = "Ford"\nkind = "automaker"\n'
                    '[[company]]\nname = "Xiaomi"\nkind = "tech"\n')
    return load_catalog(path)


def store(engine: Engine, catalog: Catalog, *items: ArticleItem) -> list[Outcome]:
    ids = sync_companies(engine, catalog)
    return store_batch(engine, Inserts.for_engine(engine), items, NOW, ids)


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model))


def test_new_article_with_aliases_mentions_and_utc_times(engine: Engine, catalog: Catalog) -> None:
    item = article("https://s.example/news/a?utm_source=x",
                   aliases=["https://s.example/news/a/", "https://s.example/news/a?utm_source=x"])
    assert store(engine, catalog, item) == [Outcome.NEW]
    with engine.connect() as conn:
        row = conn.execute(select(Article)).one()
        urls = set(conn.scalars(select(ArticleUrl.url)))
        mentions = dict(conn.execute(
            select(Company.name, CompanyMention.mentions).join(CompanyMention)).all())
    assert row.url == "https://s.example/news/a" and urls == {"https://s.example/news/a"}
    assert row.published_at == datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    assert row.authors == ["Jane Doe"] and row.relevant is True
    assert mentions == {"Ford": 2, "Xiaomi": 2}


def test_a_day_without_a_time_is_stored_with_its_precision(engine: Engine, catalog: Catalog) -> None:
    day = datetime(2026, 11, 18, tzinfo=UTC)
    store(engine, catalog, article("https://s.example/news/a", published_at=day,
                                   published_precision="day"),
          article("https://s.example/news/b", text="Other story\nIt has other words.",
                  published_precision="time"))
    with engine.connect() as conn:
        rows = dict(conn.execute(select(Article.url, Article.published_precision)).all())
        stored_day = conn.scalar(select(Article.published_at).where(Article.url.endswith("/a")))
    assert rows == {"https://s.example/news/a": "day", "https://s.example/news/b": "time"}
    assert stored_day == day


def test_rerun_is_idempotent(engine: Engine, catalog: Catalog) -> None:
    store(engine, catalog, article("https://s.example/news/a"))
    assert store(engine, catalog, article("https://s.example/news/a")) == [Outcome.KNOWN]
    assert (count(engine, Article), count(engine, ArticleUrl)) == (1, 1)


def test_same_text_elsewhere_is_one_article_with_two_aliases(engine: Engine, catalog: Catalog) -> None:
    outcomes = store(engine, catalog, article("https://s.example/news/a"),
                     article("https://wire.example/copy/a-copy"))
    assert outcomes == [Outcome.NEW, Outcome.DUPLICATE]
    assert (count(engine, Article), count(engine, ArticleUrl)) == (1, 2)


def test_amp_page_declaring_its_canonical_becomes_an_alias(engine: Engine, catalog: Catalog) -> None:
    amp = article("https://s.example/amp/news/a", declared_canonical="https://s.example/news/a",
                  aliases=["https://s.example/amp/news/a"])
    assert amp.url == "https://s.example/news/a"
    store(engine, catalog, article("https://s.example/news/a"))
    assert store(engine, catalog, amp) == [Outcome.DUPLICATE]
    with engine.connect() as conn:
        assert set(conn.scalars(select(ArticleUrl.url))) == {
            "https://s.example/news/a", "https://s.example/amp/news/a"}


def test_a_copy_naming_the_original_on_another_site_never_takes_its_place(
        engine: Engine, catalog: Catalog) -> None:
    """A syndicator's edited copy declares the wire's URL as canonical and is stored first:
    the wire's page, met later, is still stored with its own text."""
    wire = "https://wire.example/news/ford-xiaomi"
    copy = article("https://daily.example/copy/ford-xiaomi", declared_canonical=wire,
                   text="Ford and Xiaomi talk\nFrom our partners: Ford held talks with Xiaomi.")
    assert copy.url == "https://daily.example/copy/ford-xiaomi"
    assert store(engine, catalog, copy) == [Outcome.NEW]
    assert store(engine, catalog, article(wire, text="Ford and Xiaomi hold talks\n"
                                          "Ford held talks with Xiaomi.")) == [Outcome.NEW]
    with engine.connect() as conn:
        assert set(conn.scalars(select(Article.url))) == {wire, copy.url}


_WIRE_TIME = datetime(2026, 11, 27, 1, tzinfo=UTC)


@pytest.mark.parametrize(("copy_date", "copy_precision", "wire_first"), [
    (datetime(2026, 11, 27, 3, tzinfo=UTC), "time", True),
    (datetime(2026, 11, 27, 3, tzinfo=UTC), "time", False),
    (datetime(2026, 11, 26, tzinfo=UTC), "day", True),  # its local date, west of UTC
    (datetime(2026, 11, 26, tzinfo=UTC), "day", False),
    (None, None, False),
])
def test_an_unedited_copy_gives_way_to_the_earlier_original_whichever_comes_first(
        engine: Engine, catalog: Catalog, copy_date: datetime | None,
        copy_precision: str | None, wire_first: bool) -> None:
    """The same text under a syndicator's URL and headline, published after the wire story
    (two hours later, on its local day, or undated): one article, whichever is met
    first, with the wire's URL, headline, site and time, and both URLs as aliases."""
    body = "\nFord held talks with Xiaomi.\nThe partnership could be big."
    wire = article("https://wire.example/news/a", "Ford and Xiaomi hold talks" + body,
                   published_at=_WIRE_TIME, published_precision="time", site="Wire")
    copy = article("https://daily.example/copy/a", "Talks: Ford meets Xiaomi" + body,
                   published_at=copy_date, published_precision=copy_precision, site="Daily")
    first, second = (wire, copy) if wire_first else (copy, wire)
    assert store(engine, catalog, first) == [Outcome.NEW]
    assert store(engine, catalog, second) == [Outcome.DUPLICATE]
    with engine.connect() as conn:
        (row,) = conn.execute(select(Article.url, Article.title, Article.site,
                                     Article.published_at, Article.published_precision)).all()
        aliases = set(conn.scalars(select(ArticleUrl.url)))
    assert tuple(row) == (wire.url, wire.title, "Wire", _WIRE_TIME, "time")
    assert aliases == {wire.url, copy.url}


def test_an_article_that_took_an_earlier_page_is_placed_again(engine: Engine,
                                                              catalog: Catalog) -> None:
    """Its story clock was the copy's: the story step places it again with the wire's."""
    body = "\nFord held talks with Xiaomi.\nThe partnership could be big."
    copy = article("https://daily.example/copy/a", "Talks: Ford meets Xiaomi" + body,
                   published_at=datetime(2026, 11, 27, 9, tzinfo=UTC))
    store(engine, catalog, copy)
    assigner = StoryAssigner(catalog, sync_companies(engine, catalog), StorySettings())
    assigner.place_pending(engine)
    with engine.connect() as conn:
        assert records.pending(conn) == []
    store(engine, catalog, article("https://wire.example/news/a",
                                   "Ford and Xiaomi hold talks" + body, published_at=_WIRE_TIME))
    with engine.connect() as conn:
        assert len(records.pending(conn)) == 1
    assert assigner.place_pending(engine) == 1
    with engine.connect() as conn:
        clock = conn.scalar(select(ArticleSignature.published_at))
    assert clock == _WIRE_TIME


def test_home_page_canonical_is_not_trusted(engine: Engine, catalog: Catalog) -> None:
    item = article("https://s.example/news/b", declared_canonical="https://s.example/")
    assert item.url == "https://s.example/news/b"


def _two_writers(database_url: str, catalog: Catalog, items: list[ArticleItem],
                 size: int) -> list[Outcome]:
    """Two threads, each with its own engine, store ``items`` in batches of ``size`` at
    once; every outcome of both."""
    outcomes: list[Outcome] = []

    def writer() -> None:
        own = create_db_engine(database_url)
        ids = sync_companies(own, catalog)
        for start in range(0, len(items), size):
            outcomes.extend(store_batch(own, Inserts.for_engine(own), items[start:start + size],
                                        NOW, ids))
        own.dispose()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_writers_racing_store_one_article(engine: Engine, catalog: Catalog,
                                               database_url: str) -> None:
    sync_companies(engine, catalog)
    items = [article(f"https://s.example/news/{n}", text=f"Title {n}\nBody {n} words.")
             for n in range(40)]
    flat = _two_writers(database_url, catalog, items, 1)
    assert count(engine, Article) == 40 and count(engine, ArticleUrl) == 40
    assert flat.count(Outcome.NEW) == 40 and len(flat) == 80


def test_edited_page_updates_the_article_and_an_unchanged_copy_never_reverts_it(
        engine: Engine, catalog: Catalog) -> None:
    original, copy = "https://s.example/news/a", "https://wire.example/copy/a"
    old = "Ford and Xiaomi hold talks\nFord held talks with Xiaomi.\nThe partnership could be big."
    new = old + "\nCorrection: the talks began in October."
    assert store(engine, catalog, article(original, old, state_url=original)) == [Outcome.NEW]
    assert store(engine, catalog, article(copy, old, state_url=copy)) == [Outcome.DUPLICATE]

    assert store(engine, catalog, article(original, new, state_url=original)) == [Outcome.UPDATED]
    assert store(engine, catalog, article(copy, old, state_url=copy)) == [Outcome.KNOWN]
    with engine.connect() as conn:
        (row,) = conn.execute(select(Article)).all()
        versions = conn.execute(select(ArticleVersion.text)).scalars().all()
    assert row.text == new and row.updated_at is not None
    assert versions == [old]


@pytest.mark.parametrize(("revisit", "kept"), [
    (None, True), (datetime(2026, 11, 19, 7, 0, tzinfo=UTC), True),
    (datetime(2026, 11, 18, 6, 0, tzinfo=UTC), False)])
def test_an_edit_keeps_the_stored_time_unless_it_states_an_earlier_one(
        engine: Engine, catalog: Catalog, revisit: datetime | None, kept: bool) -> None:
    """An article revisited after an edit: a page that states no time (its listing dated
    it, the revisit came from none), or a later one (a CMS that stamps the edit as the
    publication), keeps the stored time; an earlier one is a correction."""
    url = "https://s.example/news/a"
    old = "Ford and Xiaomi hold talks\nFord held talks with Xiaomi.\nThe deal could be big."
    listed = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    store(engine, catalog, article(url, old, state_url=url, published_at=listed,
                                   published_precision="time"))
    store(engine, catalog, article(url, old + "\nUpdated with comment.", state_url=url,
                                   published_at=revisit,
                                   published_precision="time" if revisit else None))
    with engine.connect() as conn:
        row = conn.execute(select(Article.published_at, Article.published_precision)).one()
    assert tuple(row) == (listed if kept else revisit, "time")


@pytest.mark.parametrize(("revisit", "taken"), [
    (datetime(2026, 11, 18, 21, 15, tzinfo=timezone(timedelta(hours=-5))), True),
    (datetime(2026, 11, 20, 8, 0, tzinfo=UTC), False)])
def test_an_edit_gives_a_stored_day_its_time_of_that_day(
        engine: Engine, catalog: Catalog, revisit: datetime, taken: bool) -> None:
    """Only the day was stored: a time of that day in some zone (the evening in New York
    is the next day in UTC) is taken, a time days later is not."""
    url = "https://s.example/news/a"
    old = "Ford and Xiaomi hold talks\nFord held talks with Xiaomi.\nThe deal could be big."
    day = datetime(2026, 11, 18, tzinfo=UTC)
    store(engine, catalog, article(url, old, state_url=url, published_at=day,
                                   published_precision="day"))
    store(engine, catalog, article(url, old + "\nUpdated with comment.", state_url=url,
                                   published_at=revisit, published_precision="time"))
    with engine.connect() as conn:
        row = conn.execute(select(Article.published_at, Article.published_precision)).one()
    assert tuple(row) == ((revisit, "time") if taken else (day, "day"))


def test_a_company_on_both_sides_pairs_as_either_and_kinds_follow_the_file(
        engine: Engine, tmp_path: Path) -> None:
    text = ("Volkswagen licenses Xpeng software\nVolkswagen signed a licensing deal with Xpeng."
            "\nXpeng will supply Volkswagen with its driving software.")
    store(engine, load_catalog(), article("https://s.example/news/vw-xpeng", text,
                                          companies={"Volkswagen": 3, "Xpeng": 2}))
    with engine.connect() as conn:
        pairs = conn.execute(text_sql("SELECT automaker, technology_company, articles "
                                      "FROM pair_mentions")).all()
        xpeng = conn.execute(select(Company.kind, Company.also_kind)
                             .where(Company.name == "Xpeng")).one()
    assert xpeng == ("automaker", "tech")
    assert ("Volkswagen", "Xpeng", 1) in pairs  # Xpeng as the technology partner
    assert all(automaker != tech for automaker, tech, _ in pairs)

    changed = tmp_path / "companies.toml"  # the file changes its mind: kinds are mirrored
    changed.write_text('[[company]]\nname = "Xpeng"\nkind = "tech"\naliases = []\n'
                       'former_names = []\n\n[[company]]\nname = "Volkswagen"\n'
                       'kind = "automaker"\naliases = []\nformer_names = []\n', encoding="utf-8")
    sync_companies(engine, load_catalog(changed))
    with engine.connect() as conn:
        assert conn.execute(select(Company.kind, Company.also_kind)
                            .where(Company.name == "Xpeng")).one() == ("tech", None)


def _tables(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "articles": "SELECT id, url, fingerprint, title, text, published_at, first_seen_at, "
                    "last_seen_at, updated_at FROM articles ORDER BY id",
        "aliases": "SELECT article_id, url, first_seen_at FROM article_urls ORDER BY url",
        "mentions": "SELECT article_id, company_id, mentions FROM company_mentions "
                    "ORDER BY article_id, company_id",
        "versions": "SELECT article_id, text FROM article_versions ORDER BY id",
        "states": "SELECT url, kind, outcome, revisits, content_hash, published_at, "
                  "next_fetch_at, last_fetched_at FROM url_state ORDER BY url",
    }
    with engine.connect() as conn:
        return {name: [tuple(row) for row in conn.execute(text_sql(sql))]
                for name, sql in queries.items()}


def _mixed_batch() -> tuple[list[ArticleItem], list[ArticleItem]]:
    """A stored batch, then one that mixes new articles with every other kind of item."""
    def page(n: int, body: str, *aliases: str) -> ArticleItem:
        url = f"https://s.example/news/{n}"
        return article(url, f"Ford and Xiaomi, part {body}\nFord met Xiaomi about {body}.",
                       state_url=url, aliases=sorted({url, *aliases}))

    before = [page(1, "one"), page(2, "two")]
    after = [page(3, "three"),                       # new
             page(4, "one"),                         # another URL of a stored text
             page(5, "five"),                        # new
             page(6, "six"), page(7, "six"),         # one new text twice in the batch
             page(2, "two, corrected"),              # a stored page edited
             page(8, "eight", "https://s.example/amp/8"),  # new, with an alias
             page(1, "one"),                         # nothing new
             page(10, "ten"), page(11, "eleven")]    # new
    return before, after


def test_a_batch_stores_what_storing_its_items_in_turn_stores(
        engine: Engine, catalog: Catalog, database_url: str) -> None:
    """New articles are written a few statements per batch; the rows, ids, aliases,
    mentions and URL states are those of storing each item in turn."""
    from alembic import command

    from pipelines.storage.articles import _store_in_turn
    from pipelines.storage.database import alembic_config, migrate
    from pipelines.storage.revisit import Schedule

    before, after = _mixed_batch()
    with _statements(engine) as batched_statements:
        outcomes = [store(engine, catalog, *batch) for batch in (before, after)]
    batched = _tables(engine)
    command.downgrade(alembic_config(database_url), "base")
    migrate(database_url)
    ids = sync_companies(engine, catalog)
    with _statements(engine) as in_turn_statements:
        for batch, stored in zip((before, after), outcomes, strict=True):
            with engine.begin() as conn:
                assert _store_in_turn(conn, Inserts.for_engine(engine), batch, NOW, ids,
                                      Schedule()) == stored
    assert outcomes[1] == [Outcome.NEW, Outcome.DUPLICATE, Outcome.NEW, Outcome.NEW,
                           Outcome.DUPLICATE, Outcome.UPDATED, Outcome.NEW, Outcome.KNOWN,
                           Outcome.NEW, Outcome.NEW]
    assert batched == _tables(engine)
    assert len(batched_statements) < len(in_turn_statements) - 10


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements ``engine`` sends inside the block."""
    sent: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_two_writers_racing_with_batches_store_each_article_once(
        engine: Engine, catalog: Catalog, database_url: str) -> None:
    sync_companies(engine, catalog)
    items = [article(f"https://s.example/news/{n}", text=f"Title {n}\nBody {n} words.")
             for n in range(60)]
    outcomes = _two_writers(database_url, catalog, items, 10)
    assert count(engine, Article) == 60 and count(engine, ArticleUrl) == 60
    assert count(engine, CompanyMention) == 120
    assert outcomes.count(Outcome.NEW) == 60 and len(outcomes) == 120
