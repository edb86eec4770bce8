"""crawl runs shared by several processes: their group and per-process detail

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 23:20:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# Plain ADD/DROP COLUMN, never a batch copy of the table: SQLite (3.35+ drops columns in
# place) would otherwise rename a copy over crawl_runs, which the source_health view of
# 0006 reads, and refuse the rename.


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('crawl_runs', sa.Column('worker_group', sa.String(length=64), nullable=True))
    op.add_column('crawl_runs', sa.Column('workers', sa.JSON(), nullable=False,
                                          server_default=sa.text("'[]'")))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('crawl_runs', 'workers')
    op.drop_column('crawl_runs', 'worker_group')
