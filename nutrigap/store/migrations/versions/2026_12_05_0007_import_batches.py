"""import batches: imports from Cronometer, MyFitnessPal and mapped CSV files (issue #18)

- ``import_batch``: one row per import (app, file names, one SHA-256 over the files' bytes, the day notes and
  "complete" flags it set as JSON, when). The hash is unique: the same files are not imported twice.
- ``food.import_id`` and ``diary_entry.import_id``: the import that created the row (NULL: made in NutriGap),
  so an import can be undone as a whole.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

APPS = "'cronometer', 'myfitnesspal', 'csv-mapped'"


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("app", sa.String(length=20), nullable=False),
        sa.Column("file_names", sa.Text(), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("day_changes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"app IN ({APPS})", name=op.f("ck_import_batch_app")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
        sa.UniqueConstraint("file_hash", name=op.f("uq_import_batch_file_hash")),
    )
    for table in ("food", "diary_entry"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
            batch.create_index(batch.f(f"ix_{table}_import_id"), ["import_id"], unique=False)
            batch.create_foreign_key(
                batch.f(f"fk_{table}_import_id_import_batch"), "import_batch", ["import_id"], ["id"]
            )


def downgrade() -> None:
    for table in ("diary_entry", "food"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(batch.f(f"fk_{table}_import_id_import_batch"), type_="foreignkey")
            batch.drop_index(batch.f(f"ix_{table}_import_id"))
            batch.drop_column("import_id")
    op.drop_table("import_batch")
