"""story_pairs: the story step's candidates by pair of companies

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 08:30:00

Articles under two companies or more were looked for among every article under any of
their companies in the time window, counted per article: thousands of index rows for a
company in the news every day, to find the few dozen that share two companies. Keyed by
pair, the lookup reads only those. Existing placed articles get their pairs from their
``story_keys`` rows, so nothing needs placing again.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('story_pairs',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('company_a', sa.Integer(), nullable=False),
    sa.Column('company_b', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_story_pairs_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_a'], ['companies.id'], name=op.f('fk_story_pairs_company_a_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_b'], ['companies.id'], name=op.f('fk_story_pairs_company_b_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'company_a', 'company_b', name=op.f('pk_story_pairs'))
    )
    with op.batch_alter_table('story_pairs', schema=None) as batch_op:
        batch_op.create_index('ix_story_pairs_company_a_company_b_published_at', ['company_a', 'company_b', 'published_at'], unique=False)
    op.execute("INSERT INTO story_pairs (article_id, company_a, company_b, published_at) "
               "SELECT a.article_id, a.company_id, b.company_id, a.published_at "
               "FROM story_keys a JOIN story_keys b "
               "ON b.article_id = a.article_id AND a.company_id < b.company_id")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('story_pairs', schema=None) as batch_op:
        batch_op.drop_index('ix_story_pairs_company_a_company_b_published_at')
    op.drop_table('story_pairs')
