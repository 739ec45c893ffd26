"""food.nominal_weight: a food imported from another app without a weight (issue #18)

Cronometer and MyFitnessPal rows say what a serving contained, not what it weighed; such a food holds one serving
under a nominal weight. The flag says so, so the food is logged again only in that serving and no weight of it is
shown, also after its import is undone (when its ``import_id`` is cleared because the person logged it by hand).

Foods imported before this revision: every food an import from Cronometer or MyFitnessPal created is nominal
(those importers never know a weight); a food imported from a mapped CSV file had real grams only when the file
had a grams column, which the diary does not record, so those are left as they are. A nominal food without a
serving gets the nominal serving its entries were logged in (100 g, ``services.importers.plan.NOMINAL_GRAMS``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("food") as batch:
        batch.add_column(sa.Column("nominal_weight", sa.Boolean(), nullable=False, server_default=sa.false()))
    imported = (
        "import_id IS NOT NULL AND (source LIKE 'imported from Cronometer%' OR source LIKE 'imported from MyFitnessPal%')"
    )
    op.execute(f"UPDATE food SET nominal_weight = {_true()} WHERE {imported}")
    op.execute(
        "UPDATE food SET serving_label = 'serving (as imported)', serving_grams = 100 "
        f"WHERE nominal_weight = {_true()} AND (serving_label IS NULL OR serving_grams IS NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("food") as batch:
        batch.drop_column("nominal_weight")


def _true() -> str:
    return "true" if op.get_bind().dialect.name == "postgresql" else "1"
