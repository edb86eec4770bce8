"""The database schema, as SQLAlchemy 2 typed models.

Alembic migrations (``migrations/``) are the only thing that writes this schema to a
database; ``alembic check`` proves the two agree. Uniqueness is enforced by the
database, so a later run or a second process cannot bring duplicates back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    TypeDecorator,
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC; SQLite's naive values are read back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}


class Article(Base):
    """One article, however many URLs it was reached under."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]]
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    # "time": published_at is the stated time; "day": only the day is stated and
    # published_at is that day at 00:00 UTC; NULL: no date, or stored before it was recorded.
    published_precision: Mapped[str | None] = mapped_column(String(8))
    modified_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(16))
    site: Mapped[str | None] = mapped_column(String(256))
    # The site as its URL names it (``dedupe.urls.site_of``): a story's sites are counted
    # by it, as one outlet may state its name on some pages and not on others.
    site_domain: Mapped[str | None] = mapped_column(String(256))
    description: Mapped[str | None] = mapped_column(Text)
    seed: Mapped[str] = mapped_column(String(2048))
    relevant: Mapped[bool] = mapped_column(index=True)
    relevance: Mapped[float]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]  # when a revisit last found changed text
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="SET NULL"))
    # the earlier article this one is a lightly edited copy of, and their estimated Jaccard
    near_duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    near_duplicate_similarity: Mapped[float | None] = mapped_column(Float)
    # Set by a trigger (migration 0006) on insert and on any update of a content column
    # (every column but last_seen_at): the order in which changes were committed.
    # A migration that adds a content column adds it to the trigger; one that rebuilds the
    # table (SQLite batch mode) creates the triggers again.
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)

    # A story's articles, with what its figures are computed from (time and its precision,
    # site, relevance): read from the index, not from the rows, whose text is long.
    __table_args__ = (Index("ix_articles_story_figures", "story_id", "published_at",
                            "first_seen_at", "site_domain", "relevant",
                            "published_precision"),)


class Story(Base):
    """One event as reported by one or more articles (see ``pipelines.stories``)."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[str] = mapped_column(Text)  # the headline of its earliest article
    first_published_at: Mapped[datetime | None]
    last_published_at: Mapped[datetime | None] = mapped_column(index=True)
    articles: Mapped[int] = mapped_column(Integer)
    sites: Mapped[int] = mapped_column(Integer)
    companies: Mapped[list[str]]  # names, most mentioned first
    relevant: Mapped[bool] = mapped_column(index=True)  # any of its articles is relevant
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)  # as articles'


class ArticleSignature(Base):
    """What the story step computed from an article's text: its MinHash and its features.

    ``fingerprint`` is the article's fingerprint when this was computed, so an edited
    article is seen to need computing again.
    """

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    minhash: Mapped[bytes] = mapped_column(LargeBinary)  # uint32 hash values, little-endian
    # distinct word shingles of the text (the MinHash's set); NULL: placed before 0013
    shingles: Mapped[int | None]
    features: Mapped[dict[str, Any]]  # feature name -> list of terms
    published_at: Mapped[datetime]  # published_at, else first_seen_at: the story clock


class ArticleBand(Base):
    """The near-duplicate index: each LSH band of an article's MinHash, as a 64-bit key.

    ``companies`` is the article's companies as a bit set (``stories.records.company_bits``:
    bit ``id % 63`` of each company it names, 0 for none), so a lookup can keep the
    colliding articles about one of its companies without reading their mention rows;
    ``hour`` is its story clock in whole hours since 1970 (UTC, floored:
    ``stories.records.clock_hour``), so a lookup can keep those published within the
    days a copy can be apart from its original. The key is (band, hour, article): a
    lookup seeks each band's rows of those hours, where a band of a house template is
    shared by articles of every day the table holds.
    """

    __tablename__ = "article_bands"

    band: Mapped[int] = mapped_column(BigInteger)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    companies: Mapped[int] = mapped_column(BigInteger, server_default=sql_text("0"))
    hour: Mapped[int]

    # SQLite: the rows are the primary key's B-tree, so a lookup reads each band's
    # articles and their company bits in one place, and an insert writes one tree less.
    __table_args__ = (PrimaryKeyConstraint("band", "hour", "article_id"),
                      {"sqlite_with_rowid": False})


class ArticleParagraph(Base):
    """The paragraph index of the story step: each body paragraph of an article (of
    ``stories.paragraphs.MIN_WORDS`` words or more) as a 64-bit key
    (``stories.paragraphs.paragraph_hash``), so a paragraph found under other stories
    is known as boilerplate when two articles are compared."""

    __tablename__ = "article_paragraphs"

    hash: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True)

    # SQLite: the rows are the primary key's B-tree (see ArticleBand).
    __table_args__ = {"sqlite_with_rowid": False}


class StoryKey(Base):
    """Candidate index of the story step: an article under each company it mentions, by time."""

    __tablename__ = "story_keys"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    published_at: Mapped[datetime]

    __table_args__ = (Index("ix_story_keys_company_id_published_at", "company_id", "published_at"),)


class StoryPair(Base):
    """Candidate index of the story step: an article under each pair of its companies
    (``company_a`` < ``company_b``), by time; an article under one company, under the pair
    (it, it). Two articles share two companies exactly when they share a pair."""

    __tablename__ = "story_pairs"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    company_a: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    company_b: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    published_at: Mapped[datetime]

    __table_args__ = (Index("ix_story_pairs_company_a_company_b_published_at",
                            "company_a", "company_b", "published_at"),)


class ArticleVersion(Base):
    """An earlier text of an article, kept when a revisit found it changed."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
    modified_at: Mapped[datetime | None]
    replaced_at: Mapped[datetime]  # when the newer text was stored


class UrlState(Base):
    """What the crawler knows about a URL: seeds, listings (feeds, sitemaps, topic pages) and articles.

    An article URL with ``next_fetch_at`` due is fetched by the next run: this is how a
    discovered article survives a run that dies before storing it, and how recent
    articles are revisited. ``next_fetch_at`` NULL means: never again.
    """

    __tablename__ = "url_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # seed, listing, article
    seed: Mapped[str] = mapped_column(String(2048))
    first_seen_at: Mapped[datetime]
    last_fetched_at: Mapped[datetime | None]
    last_status: Mapped[int | None]
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    revisits: Mapped[int] = mapped_column(default=0)
    next_fetch_at: Mapped[datetime | None] = mapped_column(index=True)
    published_at: Mapped[datetime | None]
    # articles: pending, stored, not_modified, failed, gone, refused, not_article;
    # listings: the kind detected (rss, atom, sitemap_index, sitemap, news_sitemap, html)
    outcome: Mapped[str | None] = mapped_column(String(16))
    next_url: Mapped[str | None] = mapped_column(String(2048))  # a listing's next page
    # an article URL as the site wrote it (the key ``url`` is canonical, never requested)
    fetch_url: Mapped[str | None] = mapped_column(String(2048))


class ArticleUrl(Base):
    """Every canonical URL an article was reached under (including its own)."""

    __tablename__ = "article_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    first_seen_at: Mapped[datetime]


class Company(Base):
    """An automaker or technology company from the companies data file."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The other side the company can stand on in a partnership (Xpeng, an automaker, as
    # the technology partner of Volkswagen): the companies file's "also".
    also_kind: Mapped[str | None] = mapped_column(String(16))


class CompanyMention(Base):
    """How often an article mentions a company."""

    __tablename__ = "company_mentions"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    mentions: Mapped[int] = mapped_column(Integer)


class CrawlRun(Base):
    """One run of the crawl: when, how it ended, and what it counted."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    spider: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))  # running, finished, failed
    finish_reason: Mapped[str | None] = mapped_column(String(128))
    pages_fetched: Mapped[int] = mapped_column(default=0)
    articles_new: Mapped[int] = mapped_column(default=0)
    articles_duplicate: Mapped[int] = mapped_column(default=0)
    items_dropped: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    not_modified: Mapped[int] = mapped_column(default=0)
    articles_updated: Mapped[int] = mapped_column(default=0)
    drops: Mapped[dict[str, Any]] = mapped_column(default=dict)  # reason -> count
    error_types: Mapped[dict[str, Any]] = mapped_column(default=dict)  # exception -> count
    seeds: Mapped[dict[str, Any]] = mapped_column(default=dict)  # seed -> found, new, failed
    silent_seeds: Mapped[list[str]] = mapped_column(default=list)  # no articles for runs
    stats: Mapped[dict[str, Any]]
    # A run shared by several processes (crawler.scaleout): the group they joined
    # (None for a run of one process), and one entry per process with its own counts.
    worker_group: Mapped[str | None] = mapped_column(String(64))
    workers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list,
                                                          server_default=sql_text("'[]'"))

    __table_args__ = (Index("ix_crawl_runs_started_at", "started_at"),)


class ExportWatermark(Base):
    """How far one consumer's incremental exports of one table have gone.

    ``change_seq`` is the table's highest change number as the last successful export saw
    it: the next export writes the rows whose ``change_seq`` is above it.
    """

    __tablename__ = "export_watermarks"

    consumer: Mapped[str] = mapped_column(String(128), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    change_seq: Mapped[int] = mapped_column(BigInteger)
    rows: Mapped[int]
    exported_at: Mapped[datetime | None]


class ChangeCounter(Base):
    """The last change number given to a table's rows on SQLite, which only goes up (a
    deleted row never hands its number to the next change). PostgreSQL numbers changes
    with sequences and leaves these rows at their starting value."""

    __tablename__ = "change_counters"

    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
