"""change numbers that never go back: a counter per table on SQLite

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 00:50:00

0006 numbered SQLite changes as the table's highest ``change_seq`` plus one. Deleting the
row that held the highest number (an emptied story, a rebuild) let the next change take a
number a consumer's watermark had already passed, so an incremental export skipped it.
A counter per table only goes up. PostgreSQL's sequences never went back; there the
article trigger now also watches ``published_precision`` (added in 0003).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ARTICLE_CONTENT = ("url", "fingerprint", "title", "text", "authors", "published_at",
                   "modified_at", "language", "site", "description", "seed", "relevant",
                   "relevance", "updated_at", "story_id", "near_duplicate_of",
                   "near_duplicate_similarity")
STORY_CONTENT = ("headline", "first_published_at", "last_published_at", "articles", "sites",
                 "companies", "relevant", "created_at", "updated_at")
BEFORE = {"articles": ARTICLE_CONTENT, "stories": STORY_CONTENT}
AFTER = {"articles": (*ARTICLE_CONTENT, "published_precision"), "stories": STORY_CONTENT}


def _sqlite_triggers(table: str, columns: Sequence[str], counted: bool) -> list[str]:
    if counted:
        body = (f"BEGIN UPDATE change_counters SET value = value + 1 "
                f"WHERE table_name = '{table}'; UPDATE {table} SET change_seq = "
                f"(SELECT value FROM change_counters WHERE table_name = '{table}') "
                f"WHERE id = NEW.id; END")
    else:
        body = (f"BEGIN UPDATE {table} SET change_seq = "
                f"(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM {table}) WHERE id = NEW.id; END")
    return [f"DROP TRIGGER IF EXISTS {table}_change_seq_insert",
            f"DROP TRIGGER IF EXISTS {table}_change_seq_update",
            f"CREATE TRIGGER {table}_change_seq_insert AFTER INSERT ON {table} {body}",
            f"CREATE TRIGGER {table}_change_seq_update AFTER UPDATE OF {', '.join(columns)} "
            f"ON {table} {body}"]


def _postgresql_triggers(table: str, columns: Sequence[str]) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_change_seq ON {table}",
            f"CREATE TRIGGER {table}_change_seq BEFORE INSERT OR UPDATE OF {', '.join(columns)} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION stamp_change_seq()"]


def _triggers(columns: dict[str, Sequence[str]], counted: bool) -> None:
    dialect = op.get_bind().dialect.name
    for table, watched in columns.items():
        statements = (_postgresql_triggers(table, watched) if dialect == "postgresql"
                      else _sqlite_triggers(table, watched, counted))
        for statement in statements:
            op.execute(statement)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('change_counters',
    sa.Column('table_name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', name=op.f('pk_change_counters'))
    )
    for table in AFTER:
        op.execute(f"INSERT INTO change_counters (table_name, value) "
                   f"SELECT '{table}', COALESCE(MAX(change_seq), 0) FROM {table}")
    _triggers(AFTER, counted=True)


def downgrade() -> None:
    """Downgrade schema."""
    _triggers(BEFORE, counted=False)
    op.drop_table('change_counters')
