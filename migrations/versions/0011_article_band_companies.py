"""article_bands.companies: the article's companies as a bit set beside each band

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 13:30:00

The near-duplicate lookup keeps only the colliding articles about one of the article's
companies. It tested that on each colliding article's mention rows: on texts cast in
one mould, hundreds of probes per article, most of the lookup's time. With the set
beside the band, the test is a bit mask on the index row. Existing rows get their
article's set from its mention rows, so nothing needs placing again. On SQLite the
table is rebuilt WITHOUT ROWID: its rows are then the primary key's own tree, so the
bits are read where the band is found, and an insert writes two trees, not three.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade() -> None:
    """Upgrade schema."""
    column = sa.Column('companies', sa.BigInteger(), nullable=False, server_default=sa.text('0'))
    if _sqlite():
        # Rebuilt WITHOUT ROWID: the rows are the primary key's tree, bits included.
        with op.batch_alter_table('article_bands', recreate='always',
                                  table_kwargs={'sqlite_with_rowid': False}) as batch_op:
            batch_op.add_column(column)
    else:
        op.add_column('article_bands', column)
    # SUM of distinct powers of two is their bitwise OR, in SQLite and PostgreSQL alike.
    op.execute("UPDATE article_bands SET companies = COALESCE(("
               "SELECT CAST(SUM(DISTINCT CAST(1 AS BIGINT) << (m.company_id % 63)) AS BIGINT) "
               "FROM company_mentions m WHERE m.article_id = article_bands.article_id), 0)")


def downgrade() -> None:
    """Downgrade schema."""
    if _sqlite():
        with op.batch_alter_table('article_bands', recreate='always',
                                  table_kwargs={'sqlite_with_rowid': True}) as batch_op:
            batch_op.drop_column('companies')
    else:
        op.drop_column('article_bands', 'companies')
