"""blood test results (issue #17)

- ``lab_result``: one blood test result per row, as entered (value, unit, the lab's range and its unit), with
  the value in the analyte's canonical unit.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FINITE = "1e308"


def upgrade() -> None:
    op.create_table(
        "lab_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("analyte", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("canonical_value", sa.Float(), nullable=False),
        sa.Column("range_low", sa.Float(), nullable=True),
        sa.Column("range_high", sa.Float(), nullable=True),
        sa.Column("range_unit", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"value >= 0 AND value <= {FINITE}", name=op.f("ck_lab_result_value_range")),
        sa.CheckConstraint(
            f"canonical_value >= 0 AND canonical_value <= {FINITE}", name=op.f("ck_lab_result_canonical_range")
        ),
        sa.CheckConstraint(
            f"range_low IS NULL OR (range_low >= 0 AND range_low <= {FINITE})", name=op.f("ck_lab_result_low_range")
        ),
        sa.CheckConstraint(
            f"range_high IS NULL OR (range_high >= 0 AND range_high <= {FINITE})",
            name=op.f("ck_lab_result_high_range"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_result")),
    )
    op.create_index(op.f("ix_lab_result_day"), "lab_result", ["day"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_lab_result_day"), table_name="lab_result")
    op.drop_table("lab_result")
