"""lab_result.import_id: blood test results brought in by an import from another app (issue #18)

Cronometer's biometrics export holds blood values; an import writes them as ``lab_result`` rows carrying the
import's id (NULL: entered in NutriGap), so the import is undone as a whole, its blood results with it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lab_result") as batch:
        batch.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_lab_result_import_id"), ["import_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_lab_result_import_id_import_batch"), "import_batch", ["import_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("lab_result") as batch:
        batch.drop_constraint(batch.f("fk_lab_result_import_id_import_batch"), type_="foreignkey")
        batch.drop_index(batch.f("ix_lab_result_import_id"))
        batch.drop_column("import_id")
