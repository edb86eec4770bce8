"""stories, near-duplicates, story signatures and keys

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-29 22:56:43.398540

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('headline', sa.Text(), nullable=False),
    sa.Column('first_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('sites', sa.Integer(), nullable=False),
    sa.Column('companies', sa.JSON(), nullable=False),
    sa.Column('relevant', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories'))
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_last_published_at'), ['last_published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_relevant'), ['relevant'], unique=False)

    op.create_table('article_signatures',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('minhash', sa.LargeBinary(), nullable=False),
    sa.Column('features', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_signatures_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_article_signatures'))
    )
    op.create_table('story_keys',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_story_keys_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_story_keys_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'company_id', name=op.f('pk_story_keys'))
    )
    with op.batch_alter_table('story_keys', schema=None) as batch_op:
        batch_op.create_index('ix_story_keys_company_id_published_at', ['company_id', 'published_at'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('story_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('near_duplicate_of', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('near_duplicate_similarity', sa.Float(), nullable=True))
        batch_op.create_index(batch_op.f('ix_articles_near_duplicate_of'), ['near_duplicate_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_story_id'), ['story_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_articles_near_duplicate_of_articles'), 'articles', ['near_duplicate_of'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_articles_story_id_stories'), 'stories', ['story_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_articles_story_id_stories'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_articles_near_duplicate_of_articles'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_articles_story_id'))
        batch_op.drop_index(batch_op.f('ix_articles_near_duplicate_of'))
        batch_op.drop_column('near_duplicate_similarity')
        batch_op.drop_column('near_duplicate_of')
        batch_op.drop_column('story_id')

    with op.batch_alter_table('story_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_story_keys_company_id_published_at')

    op.drop_table('story_keys')
    op.drop_table('article_signatures')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stories_relevant'))
        batch_op.drop_index(batch_op.f('ix_stories_last_published_at'))

    op.drop_table('stories')
