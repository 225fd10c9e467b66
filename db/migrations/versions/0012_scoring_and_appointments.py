"""visits: the appointment of a quiet-hours visit (预约时间, 预约方式, 同意人; SPEC §4.11, §5.4)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 11:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appointment_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("appointment_by", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("agreed_by", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("agreed_by")
        batch_op.drop_column("appointment_by")
        batch_op.drop_column("appointment_at")
