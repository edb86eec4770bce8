"""ix_articles_story_figures: a story's articles with the columns of its figures

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 21:00:00

Each batch of the story step recomputes the figures of the stories it touched (first
and last time, sites, relevance, headline) from their articles. Found through the
index on story_id alone, every article row was read, text and all: at the end of the
benchmark's 20,000 articles a batch touches stories of 14,000 articles. The index on
(story_id, published_at, first_seen_at, site, relevant) replaces it and serves the
figures itself; only the earliest articles' rows are read, for their headline.
"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0015'
down_revision: Union[str, Sequence[str], None] = '0014'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index('ix_articles_story_figures', 'articles',
                    ['story_id', 'published_at', 'first_seen_at', 'site', 'relevant'])
    op.drop_index('ix_articles_story_id', table_name='articles')


def downgrade() -> None:
    """Downgrade schema."""
    op.create_index('ix_articles_story_id', 'articles', ['story_id'])
    op.drop_index('ix_articles_story_figures', table_name='articles')
