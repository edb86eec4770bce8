"""ix_articles_story_figures: with the precision of each article's time

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 11:10:00

A story's first article is the earliest, counting a day stated alone (stored as 00:00
UTC) as published when that day has ended everywhere (``pipelines.stated_day``), so
its figures need each article's ``published_precision`` beside its time. In the index
they are still read without the article rows (SQLite keeps that column after the long
text, so reading it from a row reads the text's overflow pages too).
"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0018'
down_revision: Union[str, Sequence[str], None] = '0017'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_COLUMNS = ['story_id', 'published_at', 'first_seen_at', 'site', 'relevant']


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index('ix_articles_story_figures', table_name='articles')
    op.create_index('ix_articles_story_figures', 'articles', [*_COLUMNS, 'published_precision'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_articles_story_figures', table_name='articles')
    op.create_index('ix_articles_story_figures', 'articles', _COLUMNS)
