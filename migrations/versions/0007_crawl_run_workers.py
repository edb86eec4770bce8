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


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker_group', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('workers', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_column('workers')
        batch_op.drop_column('worker_group')
