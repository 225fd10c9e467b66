"""loans.guarantee_type, enforcement_status, enforcement_on; camps.guarantee_type (SPEC §4.4)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guarantee_type", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("enforcement_status", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("enforcement_on", sa.Date(), nullable=True))
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guarantee_type", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.drop_column("guarantee_type")
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.drop_column("enforcement_on")
        batch_op.drop_column("enforcement_status")
        batch_op.drop_column("guarantee_type")
