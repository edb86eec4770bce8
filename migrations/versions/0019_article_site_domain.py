"""articles.site_domain: the site as its URL names it; a story's sites counted by it

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 11:30:00

``stories.sites`` counted distinct ``articles.site``, the name a page states. An outlet
that states it on some pages and not on others (a live page, a gallery) counted twice,
its stated name and its domain. ``site_domain`` is ``dedupe.urls.site_of(url)``, filled
here for the stored articles, and ``ix_articles_story_figures`` holds it in place of
``site``. The stories' figures are recomputed when they next change; ``scrapy stories
--rebuild`` recomputes them all at once.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from pipelines.dedupe.urls import site_of

# revision identifiers, used by Alembic.
revision: str = '0019'
down_revision: Union[str, Sequence[str], None] = '0018'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_CHUNK = 5000  # articles read and updated at a time
_BEFORE = ['story_id', 'published_at', 'first_seen_at', 'site', 'relevant', 'published_precision']
_AFTER = ['story_id', 'published_at', 'first_seen_at', 'site_domain', 'relevant',
          'published_precision']


def _fill() -> None:
    """Each stored article's site_domain, from its URL, a chunk of ids at a time."""
    bind, last = op.get_bind(), 0
    articles = sa.table('articles', sa.column('id', sa.Integer), sa.column('url', sa.String),
                        sa.column('site_domain', sa.String))
    update = (sa.update(articles).where(articles.c.id == sa.bindparam('b_id'))
              .values(site_domain=sa.bindparam('b_domain')))
    while rows := bind.execute(sa.select(articles.c.id, articles.c.url)
                               .where(articles.c.id > last).order_by(articles.c.id)
                               .limit(_CHUNK)).all():
        bind.execute(update, [{'b_id': i, 'b_domain': site_of(url)} for i, url in rows])
        last = rows[-1][0]


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('articles', sa.Column('site_domain', sa.String(length=256), nullable=True))
    _fill()
    op.drop_index('ix_articles_story_figures', table_name='articles')
    op.create_index('ix_articles_story_figures', 'articles', _AFTER)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_articles_story_figures', table_name='articles')
    op.create_index('ix_articles_story_figures', 'articles', _BEFORE)
    # In place on SQLite too (3.35+): a batch-mode copy of the table would drop its
    # change_seq triggers and break the views that read it.
    op.execute('ALTER TABLE articles DROP COLUMN site_domain')
