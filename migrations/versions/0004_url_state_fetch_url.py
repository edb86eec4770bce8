"""url_state.fetch_url: the URL as the site wrote it, requested instead of the canonical key

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 23:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the nullable column; rows without it are requested by their key, as before.

    Listings are read anew once: a feed or sitemap the former parser misread (a byte-order
    mark, UTF-16) kept the validators of a read that gave no links, and would otherwise
    answer 304 or "unchanged" until the site changes it.
    """
    with op.batch_alter_table('url_state') as batch:
        batch.add_column(sa.Column('fetch_url', sa.String(length=2048), nullable=True))
    op.execute("UPDATE url_state SET etag = NULL, last_modified = NULL, content_hash = NULL "
               "WHERE kind IN ('seed', 'listing')")


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table('url_state') as batch:
        batch.drop_column('fetch_url')
