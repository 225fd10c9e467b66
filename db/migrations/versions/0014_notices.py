"""notices: templates, printed batches, numbered notices and their receipts (issue 17)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 13:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notice_return_days", sa.Integer(), nullable=False, server_default="7")
        )
    op.create_table(
        "notice_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camp_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["camp_id"], ["camps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("camp_id", "kind"),
    )
    op.create_index("ix_notice_templates_camp_id", "notice_templates", ["camp_id"])
    op.create_table(
        "notice_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camp_id", sa.Integer(), nullable=False),
        sa.Column("selection", sa.JSON(), nullable=False),
        sa.Column("printed_by", sa.String(length=100), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["camp_id"], ["camps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notice_batches_camp_id", "notice_batches", ["camp_id"])
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camp_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("addressee", sa.String(length=100), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_by", sa.String(length=8), nullable=True),
        sa.Column("received_by", sa.String(length=100), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("followup_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["camp_id"], ["camps.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["batch_id"], ["notice_batches.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["followup_id"], ["followups.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("camp_id", "seq"),
    )
    op.create_index("ix_notices_batch_id", "notices", ["batch_id"])
    op.create_index("ix_notices_camp_loan", "notices", ["camp_id", "loan_id"])


def downgrade() -> None:
    op.drop_index("ix_notices_camp_loan", table_name="notices")
    op.drop_index("ix_notices_batch_id", table_name="notices")
    op.drop_table("notices")
    op.drop_index("ix_notice_batches_camp_id", table_name="notice_batches")
    op.drop_table("notice_batches")
    op.drop_index("ix_notice_templates_camp_id", table_name="notice_templates")
    op.drop_table("notice_templates")
    with op.batch_alter_table("camps", schema=None) as batch_op:
        batch_op.drop_column("notice_return_days")
