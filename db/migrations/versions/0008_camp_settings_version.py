"""camps.settings_version: optimistic concurrency of the camp settings forms

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06 07:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("settings_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.drop_column("settings_version")
