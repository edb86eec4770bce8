"""analytics views, change sequence and export watermarks

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 09:12:00.000000

Every insert or content update of an article or a story takes the next change number of
its table into its ``change_seq`` (a trigger, so every writer does it; an article's
``last_seen_at`` alone is no change of content). Numbers are handed out in commit order: SQLite has one writer
at a time; on PostgreSQL every INSERT or UPDATE of these tables first takes a
transaction-level advisory lock (a statement trigger, so before it locks any row: two
writers cannot deadlock over it), so a second writing transaction waits for the first
to commit before it numbers its rows.
So a reader whose snapshot holds the highest number V holds every row numbered V or
less. Incremental exports keep, per consumer, the last V they wrote
(``export_watermarks``).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARTICLE_CONTENT = ("url", "fingerprint", "title", "text", "authors", "published_at",
                   "modified_at", "language", "site", "description", "seed", "relevant",
                   "relevance", "updated_at", "story_id", "near_duplicate_of",
                   "near_duplicate_similarity")
STORY_CONTENT = ("headline", "first_published_at", "last_published_at", "articles", "sites",
                 "companies", "relevant", "created_at", "updated_at")
TRACKED = {"articles": ARTICLE_CONTENT, "stories": STORY_CONTENT}
VIEWS = ("source_health", "pair_mentions", "story_outlets", "relevant_articles")


def _sqlite_triggers(table: str, columns: Sequence[str]) -> list[str]:
    body = (f"BEGIN UPDATE {table} SET change_seq = "
            f"(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM {table}) WHERE id = NEW.id; END")
    return [f"CREATE TRIGGER {table}_change_seq_insert AFTER INSERT ON {table} {body}",
            f"CREATE TRIGGER {table}_change_seq_update AFTER UPDATE OF {', '.join(columns)} "
            f"ON {table} {body}"]


def _postgresql_triggers(table: str, columns: Sequence[str]) -> list[str]:
    return [f"CREATE SEQUENCE {table}_change_seq",
            f"SELECT setval('{table}_change_seq', COALESCE(MAX(change_seq), 0) + 1, false) "
            f"FROM {table}",
            f"CREATE TRIGGER {table}_change_lock BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION take_change_lock()",
            f"CREATE TRIGGER {table}_change_seq BEFORE INSERT OR UPDATE OF {', '.join(columns)} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION stamp_change_seq()"]


CHANGE_LOCK = 7_406_351_883  # the advisory lock key that orders writers (any fixed number)
LOCK_FUNCTION = f"""
CREATE FUNCTION take_change_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({CHANGE_LOCK});
    RETURN NULL;
END $$
"""
STAMP_FUNCTION = f"""
CREATE FUNCTION stamp_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({CHANGE_LOCK});
    NEW.change_seq := nextval(TG_TABLE_NAME || '_change_seq');
    RETURN NEW;
END $$
"""


def _company_names(dialect: str, kind: str) -> str:
    where = (f"FROM company_mentions m JOIN companies c ON c.id = m.company_id "
             f"WHERE m.article_id = a.id AND c.kind = '{kind}'")
    if dialect == "postgresql":
        return f"(SELECT string_agg(c.name, ', ' ORDER BY c.name) {where})"
    return f"(SELECT group_concat(name, ', ') FROM (SELECT c.name {where} ORDER BY c.name))"


def _day(dialect: str, expression: str) -> str:
    if dialect == "postgresql":
        return f"CAST(({expression}) AT TIME ZONE 'UTC' AS DATE)"
    return f"date({expression})"


def relevant_articles(dialect: str) -> str:
    return f"""CREATE VIEW relevant_articles AS
SELECT a.id AS article_id, a.published_at, a.site, a.title, a.url, a.relevance,
       {_company_names(dialect, 'automaker')} AS automakers,
       {_company_names(dialect, 'tech')} AS technology_companies,
       a.story_id, s.headline AS story_headline, a.near_duplicate_of,
       a.first_seen_at, a.updated_at
FROM articles a LEFT JOIN stories s ON s.id = a.story_id
WHERE a.relevant"""


def story_outlets(dialect: str) -> str:
    if dialect == "postgresql":
        outlets = ("(SELECT string_agg(DISTINCT a.site, ', ' ORDER BY a.site) "
                   "FROM articles a WHERE a.story_id = s.id)")
        companies = ("(SELECT string_agg(c.value, ', ' ORDER BY c.n) "
                     "FROM json_array_elements_text(s.companies) WITH ORDINALITY AS c(value, n))")
    else:
        outlets = ("(SELECT group_concat(site, ', ') FROM (SELECT DISTINCT a.site FROM articles a "
                   "WHERE a.story_id = s.id AND a.site IS NOT NULL ORDER BY a.site))")
        companies = ("(SELECT group_concat(c.value, ', ') FROM "
                     "(SELECT value FROM json_each(s.companies) ORDER BY key) c)")
    return f"""CREATE VIEW story_outlets AS
SELECT s.id AS story_id, s.headline, s.first_published_at, s.last_published_at,
       s.articles, s.sites AS outlet_count, {outlets} AS outlets,
       {companies} AS companies, s.relevant, s.updated_at
FROM stories s"""


def pair_mentions(dialect: str) -> str:
    day = _day(dialect, "COALESCE(a.published_at, a.first_seen_at)")
    return f"""CREATE VIEW pair_mentions AS
SELECT {day} AS day, am.name AS automaker, tc.name AS technology_company,
       COUNT(*) AS articles, COUNT(DISTINCT a.story_id) AS stories,
       MAX(a.change_seq) AS change_seq
FROM articles a
JOIN company_mentions ma ON ma.article_id = a.id
JOIN companies am ON am.id = ma.company_id AND am.kind = 'automaker'
JOIN company_mentions mt ON mt.article_id = a.id
JOIN companies tc ON tc.id = mt.company_id AND tc.kind = 'tech'
WHERE a.relevant
GROUP BY {day}, am.name, tc.name"""


SOURCE_HEALTH = {
    "sqlite": """CREATE VIEW source_health AS
SELECT r.id AS run_id, r.started_at, r.status AS run_status, s.key AS seed,
       CAST(json_extract(s.value, '$.found') AS INTEGER) AS articles_found,
       CAST(json_extract(s.value, '$.new') AS INTEGER) AS articles_new,
       CAST(json_extract(s.value, '$.updated') AS INTEGER) AS articles_updated,
       CAST(json_extract(s.value, '$.failures') AS INTEGER) AS failures,
       CAST(json_extract(s.value, '$.not_modified') AS INTEGER) AS not_modified,
       CAST(json_extract(s.value, '$.silent') AS BOOLEAN) AS silent,
       EXISTS (SELECT 1 FROM json_each(r.silent_seeds) f WHERE f.value = s.key)
           AS silent_flagged
FROM crawl_runs r, json_each(r.seeds) s""",
    "postgresql": """CREATE VIEW source_health AS
SELECT r.id AS run_id, r.started_at, r.status AS run_status, s.key AS seed,
       CAST(s.value ->> 'found' AS INTEGER) AS articles_found,
       CAST(s.value ->> 'new' AS INTEGER) AS articles_new,
       CAST(s.value ->> 'updated' AS INTEGER) AS articles_updated,
       CAST(s.value ->> 'failures' AS INTEGER) AS failures,
       CAST(s.value ->> 'not_modified' AS INTEGER) AS not_modified,
       CAST(s.value ->> 'silent' AS BOOLEAN) AS silent,
       s.key IN (SELECT json_array_elements_text(r.silent_seeds)) AS silent_flagged
FROM crawl_runs r CROSS JOIN LATERAL json_each(r.seeds) s""",
}


def _create_change_tracking(dialect: str) -> None:
    if dialect == "postgresql":
        op.execute(LOCK_FUNCTION)
        op.execute(STAMP_FUNCTION)
    for table, columns in TRACKED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('change_seq', sa.BigInteger(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_change_seq'), ['change_seq'],
                                  unique=False)
        op.execute(f"UPDATE {table} SET change_seq = id")  # existing rows: one change each
        triggers = _postgresql_triggers if dialect == "postgresql" else _sqlite_triggers
        for statement in triggers(table, columns):
            op.execute(statement)


def upgrade() -> None:
    """Upgrade schema."""
    dialect = op.get_bind().dialect.name
    _create_change_tracking(dialect)
    op.create_table('export_watermarks',
    sa.Column('consumer', sa.String(length=128), nullable=False),
    sa.Column('table_name', sa.String(length=32), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('consumer', 'table_name', name=op.f('pk_export_watermarks'))
    )
    op.execute(relevant_articles(dialect))
    op.execute(story_outlets(dialect))
    op.execute(pair_mentions(dialect))
    op.execute(SOURCE_HEALTH[dialect])


def downgrade() -> None:
    """Downgrade schema."""
    dialect = op.get_bind().dialect.name
    for view in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    op.drop_table('export_watermarks')
    for table in TRACKED:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_change_seq ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_change_lock ON {table}")
            op.execute(f"DROP SEQUENCE IF EXISTS {table}_change_seq")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_change_seq_insert")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_change_seq_update")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_change_seq'))
            batch_op.drop_column('change_seq')
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS stamp_change_seq()")
        op.execute("DROP FUNCTION IF EXISTS take_change_lock()")
