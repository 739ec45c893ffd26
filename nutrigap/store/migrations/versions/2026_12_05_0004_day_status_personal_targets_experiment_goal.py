"""day completion, personal targets, and the goal amount an experiment started with

- ``day_status``: the user's "this day is complete" (or, for a past day, "not complete") flag. No row keeps
  the default: a past day is complete, today is still in progress (issue #13).
- ``personal_target``: a target per nutrient the user set (a doctor's advice), with a note; shown beside the
  DRI, never instead of it (issue #13).
- ``experiment.goal_amount``: the goal [nutrient unit/day] of a nutrient experiment, fixed when it starts so a
  later profile change cannot move it and flip past days (issue #14 item 10). Existing nutrient experiments get
  the goal the profile saved now (or the default profile, if none is saved) gives on their start day: what
  NutriGap showed for them just before the upgrade.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FINITE = "1e308"
NUTRIENTS = "'magnesium', 'calcium', 'potassium', 'vitamin_d', 'vitamin_b12'"


def upgrade() -> None:
    op.create_table(
        "day_status",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_day_status")),
    )
    op.create_table(
        "personal_target",
        sa.Column("nutrient", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"nutrient IN ({NUTRIENTS})", name=op.f("ck_personal_target_nutrient")),
        sa.CheckConstraint(f"amount > 0 AND amount <= {FINITE}", name=op.f("ck_personal_target_amount_range")),
        sa.PrimaryKeyConstraint("nutrient", name=op.f("pk_personal_target")),
    )
    with op.batch_alter_table("experiment") as batch:
        batch.add_column(sa.Column("goal_amount", sa.Float(), nullable=True))
        batch.create_check_constraint(
            batch.f("ck_experiment_goal_range"),
            sa.text(f"goal_amount IS NULL OR (goal_amount > 0 AND goal_amount <= {FINITE})"),
        )
    _fix_experiment_goals()


def _fix_experiment_goals() -> None:
    """Each nutrient experiment's goal as the profile now in the diary gives it on the experiment's start day."""
    from nutrigap.domain.diary import DEFAULT_PROFILE, LifeStage, Profile, Sex
    from nutrigap.domain.nutrients import Nutrient
    from nutrigap.engine.targets import targets_for

    bind = op.get_bind()
    row = bind.execute(sa.text("SELECT sex, birth_date, life_stage FROM profile ORDER BY id LIMIT 1")).first()
    profile = DEFAULT_PROFILE
    if row is not None:
        born = row[1] if isinstance(row[1], dt.date) else dt.date.fromisoformat(str(row[1]))
        profile = Profile(sex=Sex(row[0]), birth_date=born, life_stage=LifeStage(row[2]))
    experiments = bind.execute(
        sa.text(
            "SELECT id, nutrient, target_level, start_day FROM experiment "
            "WHERE kind = 'nutrient_target' AND nutrient IS NOT NULL"
        )
    ).all()
    for exp_id, nutrient, level, start in experiments:
        start_day = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
        try:
            target = targets_for(profile, start_day)[Nutrient(nutrient)]
        except (ValueError, LookupError):  # a nutrient or age NutriGap has no DRI for: the goal stays unknown
            continue
        goal = target.ear if str(level).upper() == "EAR" else target.target
        if goal is not None:
            bind.execute(
                sa.text("UPDATE experiment SET goal_amount = :goal WHERE id = :id"), {"goal": goal, "id": exp_id}
            )


def downgrade() -> None:
    with op.batch_alter_table("experiment") as batch:
        batch.drop_constraint(batch.f("ck_experiment_goal_range"), type_="check")
        batch.drop_column("goal_amount")
    op.drop_table("personal_target")
    op.drop_table("day_status")
