"""visits.kept_points, visits.kept_day: promise_kept points another team's payment earned
a promise visit land in that payment's period (SPEC §4.7)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kept_points", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("kept_day", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("kept_day")
        batch_op.drop_column("kept_points")
