"""repayments: the core system's repayment records; camps.awards_verified (SPEC §5.6)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "repayments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camp_id", sa.Integer(), nullable=False),
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("principal_fen", sa.BigInteger(), nullable=False),
        sa.Column("interest_fen", sa.BigInteger(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["camp_id"], ["camps.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("camp_id", "fingerprint"),
    )
    op.create_index("ix_repayments_loan_paid", "repayments", ["loan_id", "paid_on"])
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("awards_verified", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.drop_column("awards_verified")
    op.drop_index("ix_repayments_loan_paid", table_name="repayments")
    op.drop_table("repayments")
