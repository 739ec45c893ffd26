"""integrity guards: finite amounts, bounded recipe items and food sizes, index on recipe ingredients

The database itself now refuses what the services already refuse, so no other writer (an old version, a
script, a shared server edited by hand) can store a value that would poison every total:

- ``food_nutrient.amount``, ``diary_entry.quantity``, ``recipe_item.quantity``: finite. SQLite stores NaN as
  NULL (refused by NOT NULL) but keeps infinity; PostgreSQL keeps both and counts NaN as greater than any
  number, so ``amount >= 0`` alone let them through.
- ``recipe_item.amount_g`` at most 5 kg like a diary entry; ``food`` serving at most 5 kg, at most 1000
  servings, a cooked yield at most 1000 kg: the limits the services and the CSV import apply.
- An index on ``recipe_item.ingredient_id``: every foreign-key child column is indexed, so deleting or
  checking a food does not scan all recipe items.

Rows are kept as they are. The only exception: an infinite nutrient value (no food has infinitely much of
anything; only a broken import could have stored it) becomes unknown, which is what it really was.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: Largest finite double is about 1.8e308: "<= 1e308" is true for every real number and false for
#: +infinity and (on PostgreSQL) NaN.
FINITE = "1e308"


def upgrade() -> None:
    op.execute(sa.text(f"DELETE FROM food_nutrient WHERE NOT (amount <= {FINITE})"))
    with op.batch_alter_table("food_nutrient") as batch:
        batch.create_check_constraint(batch.f("ck_food_nutrient_amount_finite"), sa.text(f"amount <= {FINITE}"))
    with op.batch_alter_table("diary_entry") as batch:
        batch.create_check_constraint(batch.f("ck_diary_entry_quantity_finite"), sa.text(f"quantity <= {FINITE}"))
    with op.batch_alter_table("recipe_item") as batch:
        batch.create_check_constraint(batch.f("ck_recipe_item_quantity_finite"), sa.text(f"quantity > 0 AND quantity <= {FINITE}"))
        batch.create_check_constraint(batch.f("ck_recipe_item_amount_max"), sa.text("amount_g <= 5000"))
        batch.create_index(batch.f("ix_recipe_item_ingredient_id"), ["ingredient_id"], unique=False)
    with op.batch_alter_table("food") as batch:
        batch.create_check_constraint(
            batch.f("ck_food_sizes_range"),
            sa.text(
                "(serving_grams IS NULL OR serving_grams <= 5000)"
                " AND (servings IS NULL OR servings <= 1000)"
                " AND (yield_grams IS NULL OR (yield_grams > 0 AND yield_grams <= 1000000))"
            ),
        )


def downgrade() -> None:
    with op.batch_alter_table("food") as batch:
        batch.drop_constraint(batch.f("ck_food_sizes_range"), type_="check")
    with op.batch_alter_table("recipe_item") as batch:
        batch.drop_index(batch.f("ix_recipe_item_ingredient_id"))
        batch.drop_constraint(batch.f("ck_recipe_item_amount_max"), type_="check")
        batch.drop_constraint(batch.f("ck_recipe_item_quantity_finite"), type_="check")
    with op.batch_alter_table("diary_entry") as batch:
        batch.drop_constraint(batch.f("ck_diary_entry_quantity_finite"), type_="check")
    with op.batch_alter_table("food_nutrient") as batch:
        batch.drop_constraint(batch.f("ck_food_nutrient_amount_finite"), type_="check")
