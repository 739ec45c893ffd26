"""What schema 0004 added (days marked complete or not, a doctor's targets with notes, an experiment's goal) comes
back unchanged through CSV export → import and backup → restore (issue #13, #14 item 10)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from nutrigap.paths import DataPaths
from nutrigap.services import backup, diary, transfer
from nutrigap.services.context import AppContext
from nutrigap.services.day_status import complete_days, set_day_complete
from nutrigap.services.experiments import list_experiments, set_experiment_goal, start_experiment
from nutrigap.services.profile import personal_targets, set_personal_target
from tests.conftest import food_id
from tests.safety.helpers import dump

TODAY = dt.date.today()
WEEK = (TODAY - dt.timedelta(days=6), TODAY)


def _fill(ctx: AppContext) -> None:
    bread = food_id(ctx, "Bread, whole wheat", "survey_fndds_food")
    for i in range(7):
        diary.log_food(ctx, WEEK[0] + dt.timedelta(days=i), "breakfast", bread, 40)
    set_day_complete(ctx, TODAY)
    set_day_complete(ctx, WEEK[0] + dt.timedelta(days=2), False)
    set_personal_target(ctx, "magnesium", 400, note="Dr Müller — 400 mg/Tag, «bis März»")
    set_personal_target(ctx, "vitamin_d", 2000, unit="IU")  # stored as 50 µg
    set_personal_target(ctx, "vitamin_b12", 0.1 + 0.2)  # a float that is not short in binary
    start_experiment(ctx, "mg", nutrient="magnesium", target="EAR", start=WEEK[0], days=14)
    set_experiment_goal(ctx, "mg", "333.3")


def _state(ctx: AppContext) -> tuple[object, ...]:
    return (
        list(complete_days(ctx, *WEEK).items()),
        personal_targets(ctx),
        [(e.name, e.goal, e.target_level) for e in list_experiments(ctx)],
    )


def _new_context(home: Path, food_db: Path) -> AppContext:
    home.mkdir(parents=True)
    shutil.copy(food_db, home / "food.sqlite")
    return AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))


def _rows(url: str) -> dict[str, object]:
    """The new tables' rows without their change stamps, and each experiment's goal."""
    rows = dump(url)
    return {
        "day_status": [r[:2] for r in rows["day_status"]],
        "personal_target": [r[:3] for r in rows["personal_target"]],
        "experiment": sorted((r[1], r[-1]) for r in rows["experiment"]),
    }


def test_export_import_keeps_day_flags_personal_targets_and_experiment_goals(
    ctx: AppContext, tmp_path: Path, slice_food_db: Path
) -> None:
    _fill(ctx)
    before = _state(ctx)
    assert before[2] == [("mg", 333.3, "EAR")]
    path = tmp_path / "diary.csv"
    transfer.export_csv(ctx, path)
    other = _new_context(tmp_path / "other", slice_food_db)
    try:
        counts = transfer.import_csv(other, path)
        assert counts["day_status"] == 2 and counts["personal_target"] == 3
        assert _state(other) == before
        assert _rows(other.paths.diary_url) == _rows(ctx.paths.diary_url)
        # and once more: the second export is the same file
        transfer.export_csv(other, tmp_path / "again.csv")
        assert (tmp_path / "again.csv").read_bytes() == path.read_bytes()
    finally:
        other.close()


def test_a_bad_row_of_the_new_kinds_is_refused_and_changes_nothing(
    ctx: AppContext, tmp_path: Path, slice_food_db: Path
) -> None:
    import pytest

    from nutrigap.domain.errors import InvalidInput

    _fill(ctx)
    path = tmp_path / "diary.csv"
    transfer.export_csv(ctx, path)
    text = path.read_text(encoding="utf-8")
    for good, bad, message in (
        ("personal_target,,,,,,,,,,,,,,,400.0", "personal_target,,,,,,,,,,,,,,,-4", "below"),
        (",vitamin_b12,", ",zinc,", "zinc"),
    ):
        broken = tmp_path / f"bad-{message}.csv"
        broken.write_text(text.replace(good, bad, 1), encoding="utf-8")
        other = _new_context(tmp_path / f"other-{message}", slice_food_db)
        try:
            with pytest.raises(InvalidInput, match=message):
                transfer.import_csv(other, broken)
            assert transfer.diary_is_empty(other)
        finally:
            other.close()


def test_backup_and_restore_keep_them(ctx: AppContext) -> None:
    _fill(ctx)
    before = _state(ctx)
    saved = backup.create_backup(ctx)
    set_day_complete(ctx, TODAY, False)
    set_personal_target(ctx, "magnesium", 350)
    set_experiment_goal(ctx, "mg", 300)
    assert _state(ctx) != before
    backup.restore_backup(ctx, saved.path)
    assert _state(ctx) == before
