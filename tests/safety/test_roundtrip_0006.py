"""What schema 0006 added (medicines taken regularly, sunlight minutes and bare skin) comes back unchanged
through CSV export → import and backup → restore, and the CLI refuses bad input writing nothing (issue #17)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.medicines import Medicine
from nutrigap.paths import DataPaths
from nutrigap.services import backup, transfer
from nutrigap.services.context import AppContext
from nutrigap.services.factors import factors_between, set_factors
from nutrigap.services.medicines import add_medicine, list_medicines, stop_medicine
from tests.safety.helpers import dump, run_cli

TODAY = dt.date.today()
WEEK = (TODAY - dt.timedelta(days=6), TODAY)


def _fill(ctx: AppContext) -> None:
    add_medicine(ctx, Medicine("Omeprazole", "ppi", dose="20 mg, once a day", start=TODAY - dt.timedelta(days=40)))
    add_medicine(
        ctx, Medicine("Prednisolon «Ratio»", "corticosteroid", start=dt.date(2025, 1, 2), note="=1+1\nzweite Zeile")
    )
    add_medicine(ctx, Medicine("Fish oil", "other"))
    stop_medicine(ctx, "prednisolon «ratio»", dt.date(2025, 2, 1))
    set_factors(ctx, WEEK[0], sun_min=0.1 + 0.2, sun_exposure="none")
    set_factors(ctx, WEEK[0] + dt.timedelta(days=1), sun_min=45, sun_exposure="arms and legs")
    set_factors(ctx, WEEK[0] + dt.timedelta(days=2), sun_exposure="face_hands", water_ml=1500)


def _state(ctx: AppContext) -> tuple[list[Medicine], list[tuple[object, ...]]]:
    medicines = [m.__class__(**{**{s: getattr(m, s) for s in m.__slots__}, "id": None}) for m in list_medicines(ctx)]
    return medicines, [(f.day, f.sun_min, f.sun_exposure, f.water_ml) for f in factors_between(ctx, *WEEK)]


def _new_context(home: Path, food_db: Path) -> AppContext:
    home.mkdir(parents=True)
    shutil.copy(food_db, home / "food.sqlite")
    return AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))


def test_export_import_keeps_medicines_and_sunlight(ctx: AppContext, tmp_path: Path, slice_food_db: Path) -> None:
    _fill(ctx)
    before = _state(ctx)
    assert len(before[0]) == 3 and before[1][1] == (WEEK[0] + dt.timedelta(days=1), 45.0, "arms_legs", None)
    path = tmp_path / "diary.csv"
    transfer.export_csv(ctx, path)
    other = _new_context(tmp_path / "other", slice_food_db)
    try:
        counts = transfer.import_csv(other, path)
        assert counts["medicine"] == 3 and counts["factors"] == 3
        assert _state(other) == before
        medicine_rows = [r[1:7] for r in dump(other.paths.diary_url)["medicine"]]
        assert medicine_rows == [r[1:7] for r in dump(ctx.paths.diary_url)["medicine"]]
        transfer.export_csv(other, tmp_path / "again.csv")
        assert (tmp_path / "again.csv").read_bytes() == path.read_bytes()
    finally:
        other.close()


@pytest.mark.parametrize(
    ("good", "bad", "message"),
    [
        (",ppi,", ",statin,", "statin"),
        (",arms_legs,", ",legs,", "legs"),
        (",45.0,arms_legs", ",1441,arms_legs", "1441"),
    ],
)
def test_a_bad_row_of_the_new_kinds_is_refused_and_changes_nothing(
    ctx: AppContext, tmp_path: Path, slice_food_db: Path, good: str, bad: str, message: str
) -> None:
    _fill(ctx)
    path = tmp_path / "diary.csv"
    transfer.export_csv(ctx, path)
    text = path.read_text(encoding="utf-8")
    assert good in text
    broken = tmp_path / "bad.csv"
    broken.write_text(text.replace(good, bad, 1), encoding="utf-8")
    other = _new_context(tmp_path / "other", slice_food_db)
    try:
        with pytest.raises(InvalidInput, match=message):
            transfer.import_csv(other, broken)
        assert transfer.diary_is_empty(other)
    finally:
        other.close()


def test_a_medicine_listed_twice_is_refused(ctx: AppContext, tmp_path: Path, slice_food_db: Path) -> None:
    _fill(ctx)
    path = tmp_path / "diary.csv"
    transfer.export_csv(ctx, path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    twice = [line for line in lines if line.startswith("medicine,") and "Fish oil" in line]
    end = lines.pop()  # the end row counts the rows before it
    count = int(end.split(",")[1])
    broken = tmp_path / "twice.csv"
    broken.write_text("".join([*lines, *twice, end.replace(f",{count},", f",{count + 1},", 1)]), encoding="utf-8")
    other = _new_context(tmp_path / "other", slice_food_db)
    try:
        with pytest.raises(InvalidInput, match="listed twice"):
            transfer.import_csv(other, broken)
        assert transfer.diary_is_empty(other)
    finally:
        other.close()


def test_backup_and_restore_keep_medicines_and_sunlight(ctx: AppContext) -> None:
    _fill(ctx)
    before = _state(ctx)
    saved = backup.create_backup(ctx)
    stop_medicine(ctx, "Omeprazole", TODAY)
    set_factors(ctx, WEEK[0], sun_min=None, sun_exposure=None)
    assert _state(ctx) != before
    backup.restore_backup(ctx, saved.path)
    assert _state(ctx) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["med", "add", "Omeprazole", "--class", "statin"], "Unknown medicine class 'statin'"),
        (["med", "add", "Omeprazole", "--start", "2026-13-01"], "is not a date"),
        (["med", "add", "Omeprazole", "--start", "2026-10-02", "--stop", "2026-10-01"], "before it started"),
        (["med", "add", "   "], "needs a name"),
        (["med", "stop", "Nothing"], "is not in your medicines"),
        (["factors", "set", "2026-12-01", "--sun-min", "-5"], "Sunlight must be between 0 and 1440 min"),
        (["factors", "set", "2026-12-01", "--sun-skin", "legs"], "is not one of: none, face_hands, arms_legs"),
    ],
)
def test_bad_cli_input_is_one_line_and_writes_nothing(
    ctx: AppContext, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    add_medicine(ctx, Medicine("Fish oil", "other"))  # a diary that exists, with a row
    before = dump(ctx.paths.diary_url)
    code, out, err = run_cli(args, capsys)
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1
    assert dump(ctx.paths.diary_url) == before


def test_cli_add_list_stop(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _ = run_cli(["med", "add", "Omeprazole", "--dose", "20 mg", "--start", "2026-10-01"], capsys)
    assert code == 0 and "added Omeprazole (ppi)" in out and "Ask your doctor whether a blood test is due." in out
    assert run_cli(["med", "add", "Furosemide", "--class", "loop"], capsys)[0] == 0
    assert run_cli(["med", "stop", "omeprazole", "--date", "2026-11-30"], capsys)[0] == 0
    code, out, _ = run_cli(["med", "list", "--json"], capsys)
    rows = json.loads(out)
    assert [(r["name"], r["class"], r["dose"], r["start"], r["stop"]) for r in rows] == [
        ("Omeprazole", "ppi", "20 mg", "2026-10-01", "2026-11-30"),
        ("Furosemide", "loop_diuretic", None, None, None),
    ]
    assert rows[0]["atc"] == ["A02BC"] and {i["nutrient"] for i in rows[0]["interactions"]} == {
        "magnesium",
        "vitamin_b12",
    }
    code, out, _ = run_cli(["med", "list"], capsys)
    assert "proton-pump inhibitor" in out and "ods.od.nih.gov" in out
    code, out, _ = run_cli(["factors", "set", "2026-12-01", "--sun-min", "30", "--sun-skin", "face and hands"], capsys)
    assert code == 0 and "30  min (face and hands bare)" in out
    code, out, _ = run_cli(["factors", "show", "2026-12-01", "--json"], capsys)
    shown = json.loads(out)
    assert (shown["sun_min"], shown["sun_exposure"]) == (30.0, "face_hands")
