"""url state, article versions, run reports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 18:43:04.308966

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('url_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('seed', sa.String(length=2048), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('etag', sa.String(length=512), nullable=True),
    sa.Column('last_modified', sa.String(length=64), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('revisits', sa.Integer(), nullable=False),
    sa.Column('next_fetch_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('next_url', sa.String(length=2048), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_url_state')),
    sa.UniqueConstraint('url', name=op.f('uq_url_state_url'))
    )
    with op.batch_alter_table('url_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_url_state_next_fetch_at'), ['next_fetch_at'], unique=False)

    op.create_table('article_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('modified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_versions_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_versions'))
    )
    with op.batch_alter_table('article_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_versions_article_id'), ['article_id'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_modified', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('articles_updated', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('drops', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('error_types', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('seeds', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('silent_seeds', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_column('silent_seeds')
        batch_op.drop_column('seeds')
        batch_op.drop_column('error_types')
        batch_op.drop_column('drops')
        batch_op.drop_column('articles_updated')
        batch_op.drop_column('not_modified')

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('updated_at')

    with op.batch_alter_table('article_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_versions_article_id'))

    op.drop_table('article_versions')
    with op.batch_alter_table('url_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_url_state_next_fetch_at'))

    op.drop_table('url_state')
