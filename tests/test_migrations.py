"""Layer 3: Alembic owns the schema: one head, up and down, and models that match it."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from pipelines.storage.database import alembic_config, create_db_engine, migrate

TABLES = {"articles", "article_urls", "companies", "company_mentions", "crawl_runs",
          "export_watermarks"}
VIEWS = {"relevant_articles", "story_outlets", "pair_mentions", "source_health"}


def test_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_upgrade_check_downgrade_upgrade(database_url: str) -> None:
    config = alembic_config(database_url)
    migrate(database_url)
    command.check(config)  # raises if the models and the migrations disagree
    engine = create_db_engine(database_url)
    assert TABLES <= set(inspect(engine).get_table_names())
    assert VIEWS <= set(inspect(engine).get_view_names())
    command.downgrade(config, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    assert not VIEWS & set(inspect(engine).get_view_names())
    migrate(database_url)
    migrate(database_url)  # a second upgrade is a no-op
    assert TABLES <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_0004_keeps_articles_and_has_every_listing_read_anew(database_url: str) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import text

    config = alembic_config(database_url)
    command.upgrade(config, "0002")
    engine = create_db_engine(database_url)
    now = datetime(2026, 11, 20, tzinfo=UTC)
    insert = text("INSERT INTO url_state (url, kind, seed, first_seen_at, etag, content_hash, "
                  "failures, revisits, outcome) VALUES (:url, :kind, 's', :now, '\"e\"', 'h', 0, 0, "
                  ":outcome)")
    with engine.begin() as conn:
        conn.execute(insert, [{"url": "https://s.example/sitemap.xml", "kind": "seed", "now": now,
                               "outcome": "html"},
                              {"url": "https://s.example/a", "kind": "article", "now": now,
                               "outcome": "stored"}])
    migrate(database_url)
    with engine.connect() as conn:
        found = dict(conn.execute(text("SELECT kind, etag FROM url_state")).all())
        fetch_urls = conn.execute(text("SELECT fetch_url FROM url_state")).scalars().all()
    engine.dispose()
    assert found == {"seed": None, "article": '"e"'} and fetch_urls == [None, None]


def test_0011_gives_existing_band_rows_their_article_s_companies(database_url: str) -> None:
    """Band rows stored before 0011 get their article's company bits from its mention rows,
    so nothing needs placing again; bits from 32 up need 64-bit shifts on PostgreSQL."""
    from datetime import UTC, datetime

    from sqlalchemy import select, text

    from pipelines.storage.articles import Inserts, store_batch, sync_companies
    from pipelines.storage.models import Article, CompanyMention
    from pipelines.stories.records import company_bits
    from pipelines.topics.catalog import load_catalog
    from tests.factories import article

    migrate(database_url)  # stored as now, then taken down to 0010 with the rows
    engine = create_db_engine(database_url)
    catalog = load_catalog()
    ids = sync_companies(engine, catalog)
    names = sorted(ids, key=ids.__getitem__)
    items = [article("https://s.example/a", companies={names[0]: 2, names[-1]: 1}),
             article("https://s.example/b", text="Talks\nNothing named here.", companies={}),
             article("https://s.example/c", text="Many\nMany named.",
                     companies={name: 1 for name in names[::3]})]
    store_batch(engine, Inserts.for_engine(engine), items, datetime(2026, 11, 20, tzinfo=UTC), ids)
    command.downgrade(alembic_config(database_url), "0010")
    engine.dispose()
    with engine.begin() as conn:
        stored = list(conn.scalars(select(Article.id)))
        conn.execute(text("INSERT INTO article_bands (band, article_id) VALUES (:band, :id)"),
                     [{"band": band, "id": i} for i in stored for band in (-7, 11, 2**40 + i)])
        named = {i: set() for i in stored}
        for i, company in conn.execute(select(CompanyMention.article_id,
                                              CompanyMention.company_id)):
            named[i].add(company)
    command.upgrade(alembic_config(database_url), "0011")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT article_id, companies FROM article_bands")).all()
        if engine.dialect.name == "sqlite":  # rebuilt as the primary key's own tree
            assert "WITHOUT ROWID" in conn.scalar(text(
                "SELECT sql FROM sqlite_master WHERE name = 'article_bands'"))
    engine.dispose()
    assert len(rows) == 9
    assert all(bits == company_bits(named[i]) for i, bits in rows)
    assert {bits for _, bits in rows} >= {0} and max(bits for _, bits in rows) >= 2**32


def test_0014_gives_existing_band_rows_their_article_s_time(database_url: str) -> None:
    """Band rows of articles placed before 0014 get their article's story clock, in whole
    hours since 1970, from its signature row, so nothing needs placing again; the table
    stays the primary key's own tree on SQLite, and the column is required from then on."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select, text

    from pipelines.storage.articles import Inserts, store_batch, sync_companies
    from pipelines.storage.models import ArticleBand, ArticleSignature
    from pipelines.stories.assign import StoryAssigner
    from pipelines.stories.records import clock_hour
    from pipelines.stories.similarity import StorySettings
    from pipelines.topics.catalog import load_catalog
    from tests.factories import article

    migrate(database_url)
    engine = create_db_engine(database_url)
    catalog = load_catalog()
    ids = sync_companies(engine, catalog)
    start = datetime(2026, 11, 2, 9, 59, 59, 999999, tzinfo=UTC)  # floored to 9:00
    items = [article(f"https://s.example/{n}", text=f"Talks {n}\nFord and Xiaomi talk {n}.",
                     companies={"Ford": 1, "Xiaomi": 1}, published_at=start + timedelta(days=n))
             for n in range(4)]
    items.insert(0, article("https://s.example/old", text="Old talks\nFord and Xiaomi, 1969.",
                            companies={"Ford": 1, "Xiaomi": 1},
                            published_at=datetime(1969, 12, 31, 23, 30, tzinfo=UTC)))
    store_batch(engine, Inserts.for_engine(engine), items, start + timedelta(days=5), ids)
    with engine.connect() as conn:
        *placed, unplaced = list(conn.scalars(text("SELECT id FROM articles ORDER BY id")))
    StoryAssigner(catalog, ids, StorySettings()).place_all(engine, placed)
    with engine.connect() as conn:
        before = conn.execute(select(ArticleBand.article_id, ArticleBand.band,
                                     ArticleBand.hour)
                              .order_by(ArticleBand.article_id, ArticleBand.band)).all()
        clocks = dict(conn.execute(select(ArticleSignature.article_id,
                                          ArticleSignature.published_at)).all())
    command.downgrade(alembic_config(database_url), "0013")
    with engine.begin() as conn:  # a band row left without its signature is no index
        conn.execute(text("INSERT INTO article_bands (band, article_id, companies) "
                          "VALUES (77, :id, 0)"), {"id": unplaced})
    migrate(database_url)
    with engine.connect() as conn:
        after = conn.execute(select(ArticleBand.article_id, ArticleBand.band,
                                    ArticleBand.hour)
                             .order_by(ArticleBand.article_id, ArticleBand.band)).all()
        if engine.dialect.name == "sqlite":
            assert "WITHOUT ROWID" in conn.scalar(text(
                "SELECT sql FROM sqlite_master WHERE name = 'article_bands'"))
    engine.dispose()
    assert after == before and len({row.article_id for row in after}) == 4
    assert all(row.hour == clock_hour(clocks[row.article_id]) for row in after)
    assert {row.hour for row in after} == {-1} | {clock_hour(start) + 24 * n for n in range(3)}


def test_0016_adds_the_paragraph_index_placing_fills(database_url: str) -> None:
    """Placing writes an article's paragraph keys; the table is the primary key's own
    tree on SQLite and its rows go with their article; down to 0015 and up again, it
    is there, empty until articles are placed again."""
    from sqlalchemy import delete, func, select, text

    from pipelines.storage.articles import Inserts, store_batch, sync_companies
    from pipelines.storage.models import Article, ArticleParagraph
    from pipelines.stories.assign import StoryAssigner
    from pipelines.stories.paragraphs import paragraph_hashes
    from pipelines.stories.similarity import StorySettings
    from pipelines.topics.catalog import load_catalog
    from tests.factories import article

    migrate(database_url)
    engine = create_db_engine(database_url)
    catalog = load_catalog()
    ids = sync_companies(engine, catalog)
    texts = [f"Talks {n}\nFord and Xiaomi held talks number {n}.\nShort one.\n"
             "Both companies declined to comment on the talks." for n in range(2)]
    items = [article(f"https://s.example/{n}", text=body) for n, body in enumerate(texts)]
    store_batch(engine, Inserts.for_engine(engine), items, items[0].published_at, ids)
    with engine.connect() as conn:
        placed = list(conn.scalars(select(Article.id).order_by(Article.id)))
    StoryAssigner(catalog, ids, StorySettings()).place_all(engine, placed)
    with engine.connect() as conn:
        rows = conn.execute(select(ArticleParagraph.article_id, ArticleParagraph.hash)).all()
        if engine.dialect.name == "sqlite":
            assert "WITHOUT ROWID" in conn.scalar(text(
                "SELECT sql FROM sqlite_master WHERE name = 'article_paragraphs'"))
    assert sorted(rows) == sorted((i, key) for i, body in zip(placed, texts, strict=True)
                                  for key in paragraph_hashes(body.split("\n")[0], body))
    assert len(rows) == 4  # two paragraphs of four words or more each; the shared one twice
    with engine.begin() as conn:
        conn.execute(delete(Article).where(Article.id == placed[0]))
    with engine.connect() as conn:
        assert set(conn.scalars(select(ArticleParagraph.article_id))) == {placed[1]}
    command.downgrade(alembic_config(database_url), "0015")
    assert "article_paragraphs" not in inspect(engine).get_table_names()
    migrate(database_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ArticleParagraph)) == 0
    engine.dispose()


def _band_lookup_seeks_hours(conn: Any) -> bool:
    """Whether the near-duplicate lookup's band query (``records.colliding``) seeks the
    window's hours in the key, as the database plans it (index scans preferred: a test
    table is too small to need one), rather than testing each row's hour."""
    from pipelines.stories.records import _band_query, _driver_sql

    sql, order = _driver_sql(_band_query, (3, True, False), conn.dialect)
    named = {"b0": 1, "b1": 2, "b2": 3, "exclude": 9, "start": 10, "end": 20, "companies": 6}
    if conn.dialect.name == "sqlite":
        plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}",
                                    tuple(named[name] for name in order or ())).all()
        return any("(band=? AND hour>? AND hour<?)" in str(row[-1]) for row in plan)
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = [row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}", named)]
    return any("Index Cond:" in line and "hour >=" in line for line in plan)


def test_0017_keys_band_rows_by_hour_so_a_lookup_seeks_its_window(database_url: str) -> None:
    """The near-duplicate lookup seeks each band's rows of its window's hours rather than
    reading the band's rows of every day and testing each; the rows are kept, and the
    key is back to (band, article_id) after a downgrade."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select, text

    from pipelines.storage.articles import Inserts, store_batch, sync_companies
    from pipelines.storage.models import ArticleBand
    from pipelines.stories.assign import StoryAssigner
    from pipelines.stories.similarity import StorySettings
    from pipelines.topics.catalog import load_catalog
    from tests.factories import article

    migrate(database_url)
    engine = create_db_engine(database_url)
    catalog = load_catalog()
    ids = sync_companies(engine, catalog)
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    items = [article(f"https://s.example/{n}", text=f"Talks {n}\nFord and Xiaomi talk {n}.",
                     companies={"Ford": 1, "Xiaomi": 1}, published_at=start + timedelta(days=n))
             for n in range(3)]
    store_batch(engine, Inserts.for_engine(engine), items, start + timedelta(days=5), ids)
    with engine.connect() as conn:
        placed = list(conn.scalars(text("SELECT id FROM articles ORDER BY id")))
    StoryAssigner(catalog, ids, StorySettings()).place_all(engine, placed)
    rows = select(ArticleBand.band, ArticleBand.hour, ArticleBand.article_id,
                  ArticleBand.companies).order_by(ArticleBand.band, ArticleBand.article_id)

    def state() -> tuple[list[Any], list[str], bool]:
        engine.dispose()  # SQLite's statement cache would give an EXPLAIN's old plan
        with engine.begin() as conn:
            key = inspect(conn).get_pk_constraint("article_bands")["constrained_columns"]
            return conn.execute(rows).all(), key, _band_lookup_seeks_hours(conn)

    keyed = state()
    assert keyed[1:] == (["band", "hour", "article_id"], True) and len(keyed[0]) == 3 * 32
    command.downgrade(alembic_config(database_url), "0016")
    assert state() == (keyed[0], ["band", "article_id"], False)
    migrate(database_url)
    assert state() == keyed
    engine.dispose()


def test_0019_names_each_stored_article_s_site_by_its_url(database_url: str) -> None:
    """Articles stored before 0019 get their site's domain from their URL, without counting
    as changed for consumers (``change_seq``); down and up again, the same."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    from pipelines.storage.articles import Inserts, store_batch, sync_companies
    from pipelines.topics.catalog import load_catalog
    from tests.factories import article

    migrate(database_url)
    engine = create_db_engine(database_url)
    items = [article("https://www.autoworld.example/news/a"),
             article("http://127.0.0.1:8101/b", text="Talks\nOther talks here."),
             article("https://wire.blogspot.com/c", text="Deal\nA deal is signed.")]
    store_batch(engine, Inserts.for_engine(engine), items, datetime(2026, 11, 20, tzinfo=UTC),
                sync_companies(engine, load_catalog()))
    query = text("SELECT url, site_domain, change_seq FROM articles ORDER BY id")
    with engine.connect() as conn:
        stored = conn.execute(query).all()
    command.downgrade(alembic_config(database_url), "0018")
    engine.dispose()
    with engine.connect() as conn:
        assert "site_domain" not in conn.execute(text("SELECT * FROM articles")).keys()
    migrate(database_url)
    engine.dispose()
    with engine.connect() as conn:
        assert conn.execute(query).all() == stored
    engine.dispose()
    assert [domain for _, domain, _ in stored] == ["autoworld.example", "127.0.0.1:8101",
                                                  "wire.blogspot.com"]
