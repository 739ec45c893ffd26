"""Export the whole diary to one CSV file and import it back (a round trip gives the same diary).

The file is "long": each row has a ``table`` column (profile, food, food_nutrient, recipe_item, user_portion,
entry, twitch, factors, experiment) and fills the columns that table uses; the others stay empty. It opens
in any spreadsheet (filter on ``table``). Numbers use a dot and full precision; dates are ISO 8601.
The first row names the format; the last row (``table`` = ``end``, ``key`` = the number of rows before it)
marks a complete file, so a truncated copy (or one with rows cut out) is refused instead of importing part of
a diary. Text cells that a spreadsheet would run as a formula are written with a leading apostrophe, which the
import removes again (``nutrigap.domain.spreadsheet``).

Writing lives in ``transfer_write``, reading in ``transfer_read``; both stream, so a diary of any size exports
and imports in little memory. This module holds the two use cases.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlalchemy import select

from nutrigap.domain.errors import InvalidInput
from nutrigap.services.context import AppContext
from nutrigap.services.transfer_read import MAX_IMPORT_BYTES, MAX_NOTE, Line, open_export
from nutrigap.services.transfer_rows import BATCH_ROWS, RowImporter, clear_diary
from nutrigap.services.transfer_write import COLUMNS, END, FORMAT, FORMATS_READ, SYMPTOMS, diary_rows
from nutrigap.store.models import (
    DailyFactorsRow,
    DayStatusRow,
    EntryRow,
    ExperimentRow,
    FoodRow,
    ImportBatchRow,
    PersonalTargetRow,
    SettingRow,
    TwitchRow,
    UserPortionRow,
)

__all__ = [
    "BATCH_ROWS", "COLUMNS", "END", "FORMAT", "FORMATS_READ", "MAX_IMPORT_BYTES", "MAX_NOTE", "SYMPTOMS",
    "diary_is_empty", "export_csv", "import_csv", "import_rows",
]  # fmt: skip


def _rows(ctx: AppContext) -> Iterator[dict[str, str]]:
    return diary_rows(ctx)


def export_csv(ctx: AppContext, path: Path) -> int:
    """Write the whole diary to ``path`` (a private temporary file beside it, renamed when complete; see
    :mod:`nutrigap.store.output_file`). Returns rows."""
    from nutrigap.store.output_file import output_file

    count = 0
    with output_file(path, text=True) as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="raise")
        writer.writeheader()
        for row in _rows(ctx):
            writer.writerow(row)
            count += 1
        writer.writerow({"table": END, "key": str(count)})
    return count


def diary_is_empty(ctx: AppContext) -> bool:
    with ctx.uow() as uow:
        s = uow.session
        for model in (
            EntryRow, FoodRow, TwitchRow, DailyFactorsRow, ExperimentRow, UserPortionRow, DayStatusRow,
            PersonalTargetRow, ImportBatchRow,
        ):  # fmt: skip
            if s.scalars(select(model).limit(1)).first() is not None:
                return False
    return True


def import_csv(ctx: AppContext, path: Path, *, replace: bool = False, backup_first: bool = True) -> dict[str, int]:
    """Import a diary export in one transaction. Into an empty diary, or with ``replace`` instead of the
    current contents (a ``pre-import`` backup of them is made first unless ``backup_first`` is False, as when a
    restore has just made its own). The file is read as a stream and every row checked as entry checks it;
    any bad line: a message naming the line, and nothing changed."""
    with open_export(path) as export:
        empty = diary_is_empty(ctx)
        if not replace and not empty:
            raise InvalidInput(
                "The diary already holds data; import into an empty diary, or use --replace to replace it "
                "(make a backup first). Nothing was imported."
            )
        saved = _backup_before_replace(ctx) if replace and backup_first and not empty else None
        try:
            counts = import_rows(ctx, export.lines(), replace=replace, label=path.name)
        except InvalidInput as exc:
            if saved is not None:
                saved.unlink(missing_ok=True)  # nothing was replaced: the refused import leaves no trace
            raise export.incomplete() or exc from None
    return counts


def _backup_before_replace(ctx: AppContext) -> Path:
    """A ``pre-import`` backup of the diary (refuses the import if it cannot be made); its path."""
    from nutrigap.domain.errors import NutriGapError
    from nutrigap.services.backup import create_backup

    try:
        return create_backup(ctx, kind="pre-import").path
    except NutriGapError as exc:
        raise InvalidInput(
            f"The diary could not be backed up before the import replaced it ({exc}); nothing was imported."
        ) from None


def import_rows(
    ctx: AppContext,
    lines: Iterable[Line],
    *,
    replace: bool,
    label: str | None,
    settings: dict[str, str] | None = None,
) -> dict[str, int]:
    """Add checked rows to the diary in one transaction (after deleting its contents if ``replace``).

    ``label`` (the file's name) is recorded as the last import; ``settings`` (a restored diary's) are kept."""
    with ctx.uow() as uow:
        s = uow.session
        if replace:
            clear_diary(s)
        counts = RowImporter(s).add_all(lines)
        for key, value in (settings or {}).items():
            if len(key) > 64 or len(value) > MAX_NOTE:
                raise InvalidInput(f"The setting '{key[:64]}' is too long; nothing was imported.")
            s.merge(SettingRow(key=key, value=value))
        if label is not None:
            now = dt.datetime.now().isoformat(timespec="seconds")
            s.merge(SettingRow(key="last_import", value=f"{now} {label}"))
        uow.commit()
    ctx.diary_changed()
    return counts
