"""companies.also_kind, and pair_mentions pairing a company on either side it stands on

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 00:30:00

A company the companies file lists with ``also`` (Xpeng: an automaker that licenses its
software to Volkswagen) now pairs on that side too, so Volkswagen-Xpeng is a pair.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Plain ADD/DROP COLUMN, never a batch copy: the views of 0006 read companies.


def _day(dialect: str, expression: str) -> str:
    if dialect == "postgresql":
        return f"CAST(({expression}) AT TIME ZONE 'UTC' AS DATE)"
    return f"date({expression})"


def _pair_mentions(dialect: str, automaker: str, tech: str) -> str:
    day = _day(dialect, "COALESCE(a.published_at, a.first_seen_at)")
    return f"""CREATE VIEW pair_mentions AS
SELECT {day} AS day, am.name AS automaker, tc.name AS technology_company,
       COUNT(*) AS articles, COUNT(DISTINCT a.story_id) AS stories,
       MAX(a.change_seq) AS change_seq
FROM articles a
JOIN company_mentions ma ON ma.article_id = a.id
JOIN companies am ON am.id = ma.company_id AND {automaker}
JOIN company_mentions mt ON mt.article_id = a.id
JOIN companies tc ON tc.id = mt.company_id AND {tech} AND tc.id <> am.id
WHERE a.relevant
GROUP BY {day}, am.name, tc.name"""


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('companies', sa.Column('also_kind', sa.String(length=16), nullable=True))
    op.execute("DROP VIEW pair_mentions")
    op.execute(_pair_mentions(op.get_bind().dialect.name,
                              "(am.kind = 'automaker' OR am.also_kind = 'automaker')",
                              "(tc.kind = 'tech' OR tc.also_kind = 'tech')"))


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP VIEW pair_mentions")
    op.execute(_pair_mentions(op.get_bind().dialect.name, "am.kind = 'automaker'",
                              "tc.kind = 'tech'"))
    op.drop_column('companies', 'also_kind')
