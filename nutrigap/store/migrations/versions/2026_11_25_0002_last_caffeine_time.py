"""daily_factors.last_caffeine_at: clock time of the day's last caffeinated drink

Needed by "no caffeine after noon" experiments (issue #4); NULL means the user did not say.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("daily_factors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_caffeine_at", sa.Time(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("daily_factors", schema=None) as batch_op:
        batch_op.drop_column("last_caffeine_at")
