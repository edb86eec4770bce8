"""article_bands.hour: the article's story clock beside each band, in whole hours

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 20:40:00

A copy is published within STORIES_NEAR_DUPLICATE_DAYS of its original, so the
near-duplicate lookup keeps only the colliding articles within that window. Read from
the band rows, the test comes before any signature is read, and the lookup is bounded
by the articles of those days rather than by the whole table, whose templated texts
collide more the longer it grows. Existing rows get their article's time from its
signature row, so nothing needs placing again. Whole hours since 1970 (UTC) take a few
bytes where SQLite's text timestamps took 26, in a table of 32 rows per article; the
lookup's exact test on the time follows.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0014'
down_revision: Union[str, Sequence[str], None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


# Floored as Python's // floors (records.clock_hour): SQLite's integer division truncates
# towards zero, and its %s rounds fractions of a second, so they are cut first.
_SECONDS = "CAST(strftime('%s', substr(s.published_at, 1, 19)) AS INTEGER)"
_HOURS = {
    'sqlite': f"({_SECONDS} - ({_SECONDS} % 3600 + 3600) % 3600) / 3600",
    'postgresql': "CAST(floor(extract(epoch FROM s.published_at) / 3600) AS BIGINT)",
}


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('article_bands', sa.Column('hour', sa.Integer(), nullable=True))
    hours = _HOURS[op.get_bind().dialect.name]
    op.execute(f"UPDATE article_bands SET hour = (SELECT {hours} "
               "FROM article_signatures s WHERE s.article_id = article_bands.article_id)")
    # A band row without a signature row cannot be read by any lookup: none is written
    # so, but one left over would block the NOT NULL below.
    op.execute("DELETE FROM article_bands WHERE hour IS NULL")
    if _sqlite():
        with op.batch_alter_table('article_bands', recreate='always',
                                  table_kwargs={'sqlite_with_rowid': False}) as batch_op:
            batch_op.alter_column('hour', existing_type=sa.Integer(), nullable=False)
    else:
        op.alter_column('article_bands', 'hour', existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    """Downgrade schema."""
    if _sqlite():
        with op.batch_alter_table('article_bands', recreate='always',
                                  table_kwargs={'sqlite_with_rowid': False}) as batch_op:
            batch_op.drop_column('hour')
    else:
        op.drop_column('article_bands', 'hour')
