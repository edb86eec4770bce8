"""article_paragraphs: each body paragraph of a placed article, as a 64-bit key

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 22:30:00

Two reports of one event can share paragraphs that outlets repeat under many stories (a
house background paragraph, a company's "About" section), and a syndicated copy adds
some (an editor's note, a copyright line). A paragraph found under another story is
left out when a candidate copy's containment is read (stories.paragraphs). Articles
placed before this revision have no rows: their paragraphs count as boilerplate only
once they are placed again (``scrapy stories --rebuild`` places the whole table).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0016'
down_revision: Union[str, Sequence[str], None] = '0015'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'article_paragraphs',
        sa.Column('hash', sa.BigInteger(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'],
                                name=op.f('fk_article_paragraphs_article_id_articles'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('hash', 'article_id', name=op.f('pk_article_paragraphs')),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_article_paragraphs_article_id'), 'article_paragraphs',
                    ['article_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_article_paragraphs_article_id'), table_name='article_paragraphs')
    op.drop_table('article_paragraphs')
