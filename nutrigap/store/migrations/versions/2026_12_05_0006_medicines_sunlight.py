"""medicines taken regularly, and sunlight as a daily factor (issue #17)

- ``medicine``: name, class (a ``food_db/medicine_classes.csv`` id), dose text, start and stop days, note.
- ``daily_factors.sun_min`` and ``daily_factors.sun_exposure``: minutes outdoors in daylight and how much skin
  was bare (none, face_hands, arms_legs); NULL until the user records them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

EXPOSURES = "'none', 'face_hands', 'arms_legs'"


def upgrade() -> None:
    op.create_table(
        "medicine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("class_id", sa.String(length=40), nullable=False),
        sa.Column("dose", sa.String(length=100), nullable=True),
        sa.Column("start_day", sa.Date(), nullable=True),
        sa.Column("stop_day", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "stop_day IS NULL OR start_day IS NULL OR stop_day >= start_day", name=op.f("ck_medicine_dates_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medicine")),
        sa.UniqueConstraint("name", name=op.f("uq_medicine_name")),
    )
    with op.batch_alter_table("daily_factors") as batch:
        batch.add_column(sa.Column("sun_min", sa.Float(), nullable=True))
        batch.add_column(sa.Column("sun_exposure", sa.String(length=12), nullable=True))
        batch.create_check_constraint(
            batch.f("ck_daily_factors_sun_range"), sa.text("sun_min IS NULL OR (sun_min >= 0 AND sun_min <= 1440)")
        )
        batch.create_check_constraint(
            batch.f("ck_daily_factors_sun_exposure"),
            sa.text(f"sun_exposure IS NULL OR sun_exposure IN ({EXPOSURES})"),
        )


def downgrade() -> None:
    with op.batch_alter_table("daily_factors") as batch:
        batch.drop_constraint(batch.f("ck_daily_factors_sun_exposure"), type_="check")
        batch.drop_constraint(batch.f("ck_daily_factors_sun_range"), type_="check")
        batch.drop_column("sun_exposure")
        batch.drop_column("sun_min")
    op.drop_table("medicine")
