"""article_signatures.shingles: the number of distinct shingles of the MinHash's set

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 17:20:00

A copy with a new intro or outro contains its original, though their Jaccard
similarity falls under the threshold where the original is short. Containment is
computed from the Jaccard estimate and the sizes of the two sets, so each signature
keeps its set's size. Existing signatures have none (NULL) and are left out of that
test until they are placed again; their Jaccard test is unchanged.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0013'
down_revision: Union[str, Sequence[str], None] = '0012'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('article_signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shingles', sa.Integer(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('article_signatures', schema=None) as batch_op:
        batch_op.drop_column('shingles')
