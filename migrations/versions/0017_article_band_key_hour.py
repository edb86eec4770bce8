"""article_bands keyed by (band, hour, article_id): a lookup seeks its window's hours

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 11:20:00

The near-duplicate lookup asks for the articles sharing one of an article's bands within
STORIES_NEAR_DUPLICATE_DAYS of it. Keyed by (band, article_id), each band's rows of
every day the table holds were read and their hour tested one by one: a band that a
house template or a press release's "About" section gives to hundreds of articles a
month grew the lookup with the table. With the hour second in the key, the lookup
seeks the window's hours of each band (both SQLite and PostgreSQL use the key's range).
The rows are kept as they are; the table stays the key's own tree on SQLite.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0017'
down_revision: Union[str, Sequence[str], None] = '0016'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _table(columns: list[str]) -> sa.Table:
    """article_bands as it is, keyed by ``columns``: batch mode copies into it as given."""
    return sa.Table(
        'article_bands', sa.MetaData(),
        sa.Column('band', sa.BigInteger(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('companies', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
        sa.Column('hour', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE',
                                name='fk_article_bands_article_id_articles'),
        sa.PrimaryKeyConstraint(*columns, name='pk_article_bands'),
        sa.Index('ix_article_bands_article_id', 'article_id'),
        sqlite_with_rowid=False)


def _key(columns: list[str]) -> None:
    """Make ``columns`` the primary key of article_bands, its rows kept."""
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('article_bands', recreate='always',
                                  copy_from=_table(columns)):
            pass
    else:
        op.drop_constraint('pk_article_bands', 'article_bands', type_='primary')
        op.create_primary_key('pk_article_bands', 'article_bands', columns)


def upgrade() -> None:
    """Upgrade schema."""
    _key(['band', 'hour', 'article_id'])


def downgrade() -> None:
    """Downgrade schema."""
    _key(['band', 'article_id'])
