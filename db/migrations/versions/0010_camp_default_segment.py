"""camps.default_segment: the segment of loans whose 客户类型 cannot be derived (SPEC §5.3)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 09:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("default_segment", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.drop_column("default_segment")
