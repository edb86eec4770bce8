"""story_pairs: an article under one company, under the pair (it, it)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 17:00:00

An article under one company found every article under it, but an article under two
looked only for articles sharing both: an early report that names one company and
calls the other "a tech giant" was found by a later report when placed after it, and
not when placed before it. Under the pair (it, it), the later report finds it too.
Existing articles under one company get that row from their ``story_keys`` row, so
nothing needs placing again.
"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0012'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("INSERT INTO story_pairs (article_id, company_a, company_b, published_at) "
               "SELECT article_id, MIN(company_id), MIN(company_id), MIN(published_at) "
               "FROM story_keys GROUP BY article_id HAVING COUNT(*) = 1")


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DELETE FROM story_pairs WHERE company_a = company_b")
