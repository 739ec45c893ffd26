"""Blood test results (issue #17): migration 0005 both ways, the services, the ``lab`` commands, and the round
trips (export → import, backup → restore) keeping every result unchanged."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from nutrigap.domain.errors import InvalidInput, NotFound
from nutrigap.paths import DataPaths
from nutrigap.services import backup, labs, transfer
from nutrigap.services.context import AppContext
from nutrigap.store import db
from tests.safety.helpers import dump, run_cli
from tests.safety.test_migrations import build_at

DAY = dt.date(2026, 3, 2)


def _fill(ctx: AppContext) -> None:
    labs.add_result(ctx, DAY, "vitamin_d_25oh", "11", "ng/mL", note="Dr Müller — «low», retest in 3 months")
    labs.add_result(ctx, DAY, "magnesium", "1,7", "mg/dL", range_text="1.6-2.6")
    labs.add_result(ctx, DAY + dt.timedelta(days=60), "vitamin_b12", 0.1 + 0.2, "pmol/L")  # not short in binary
    labs.add_result(ctx, DAY, "other:ferritin", "35.5", "µg/L", range_text=">15")
    labs.add_result(ctx, DAY, "potassium", "5.4", "mEq/L", range_text="<5.1")


def _lab_rows(url: str) -> list[tuple[object, ...]]:
    return [r[:10] for r in dump(url)["lab_result"]]  # without the change stamps


def _new_context(home: Path, food_db: Path) -> AppContext:
    home.mkdir(parents=True)
    shutil.copy(food_db, home / "food.sqlite")
    return AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))


def test_migration_0005_adds_and_drops_only_lab_result(diary_url: str) -> None:
    build_at(diary_url, "0005")
    engine = db.create_diary_engine(diary_url)
    try:
        with engine.connect() as connection:
            assert len(connection.execute(sa.text("SELECT * FROM lab_result")).all()) == 4
        db.downgrade(engine, "0004")
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
        assert "lab_result" not in tables and {"personal_target", "day_status"} <= tables
        db.migrate(engine)
        with engine.connect() as connection:
            columns = [c["name"] for c in sa.inspect(connection).get_columns("lab_result")]
        assert columns[:4] == ["id", "day", "analyte", "value"] and "canonical_value" in columns
    finally:
        engine.dispose()


def test_services_add_edit_list_delete(ctx: AppContext) -> None:
    _fill(ctx)
    found = labs.list_results(ctx)
    assert [r.analyte for r in found][:3] == ["vitamin_d_25oh", "magnesium", "other:ferritin"]
    d, mg = found[0], found[1]
    assert (d.canonical_value, d.canonical_unit, d.flag, d.range_source) == (27.456, "nmol/L", "below", "IOM 2011")
    assert (mg.value, mg.range_low, mg.range_high, mg.range_unit, mg.flag) == (1.7, 1.6, 2.6, "mg/dL", "within")
    edited = labs.edit_result(ctx, d.id, DAY, "vitamin_d_25oh", "60", "nmol/L")
    assert (edited.id, edited.flag, edited.note) == (d.id, "within", None)
    assert labs.list_results(ctx, DAY + dt.timedelta(days=1)) == [labs.get_result(ctx, 3)]
    gone = labs.delete_result(ctx, d.id)
    assert d.id not in [r.id for r in labs.list_results(ctx)]
    assert labs.restore_result(ctx, gone) == gone
    with pytest.raises(NotFound):
        labs.delete_result(ctx, 999)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("magnesium", "-0.5", "mmol/L"), "negative"),
        (("magnesium", "85", "mmol/L"), "not a plausible"),
        (("potassium", "4.1", "mg/dL"), "not a unit"),
        (("zinc", "12", "µmol/L"), "not a blood test"),
        (("magnesium", "abc", "mmol/L"), "not a number"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    ctx: AppContext, args: tuple[str, str, str], reason: str
) -> None:
    with pytest.raises(InvalidInput, match=reason):
        labs.add_result(ctx, DAY, *args)
    with pytest.raises(InvalidInput, match="not below"):
        labs.add_result(ctx, DAY, "magnesium", "0.8", "mmol/L", range_text="1.0-0.7")
    assert labs.list_results(ctx) == []


def test_export_import_keeps_every_result(ctx: AppContext, tmp_path: Path, slice_food_db: Path) -> None:
    _fill(ctx)
    labs.delete_result(ctx, 2)  # a gap in the ids is kept too
    before = labs.list_results(ctx)
    path = tmp_path / "diary.csv"
    transfer.export_csv(ctx, path)
    other = _new_context(tmp_path / "other", slice_food_db)
    try:
        counts = transfer.import_csv(other, path)
        assert counts["lab_result"] == 4
        assert labs.list_results(other) == before
        assert _lab_rows(other.paths.diary_url) == _lab_rows(ctx.paths.diary_url)
        transfer.export_csv(other, tmp_path / "again.csv")
        assert (tmp_path / "again.csv").read_bytes() == path.read_bytes()
    finally:
        other.close()


def test_a_bad_lab_row_in_an_import_is_refused(ctx: AppContext, tmp_path: Path, slice_food_db: Path) -> None:
    _fill(ctx)
    path = tmp_path / "diary.csv"
    transfer.export_csv(ctx, path)
    broken = tmp_path / "broken.csv"
    broken.write_text(path.read_text(encoding="utf-8").replace(",potassium,5.4,", ",potassium,-5.4,"), "utf-8")
    other = _new_context(tmp_path / "other", slice_food_db)
    try:
        with pytest.raises(InvalidInput, match="negative"):
            transfer.import_csv(other, broken)
        assert transfer.diary_is_empty(other)
    finally:
        other.close()


def test_backup_and_restore_keep_every_result(ctx: AppContext) -> None:
    _fill(ctx)
    before = labs.list_results(ctx)
    saved = backup.create_backup(ctx)
    labs.delete_result(ctx, 1)
    labs.edit_result(ctx, 2, DAY, "magnesium", "0.6", "mmol/L")
    backup.restore_backup(ctx, saved.path)
    assert labs.list_results(ctx) == before


def test_cli_add_list_rm(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["lab", "add", "2026-03-02", "vitamin_d_25oh", "11", "ng/mL", "--note", "fasting"], capsys)
    assert code == 0, err
    assert "below the default range (IOM 2011" in out
    code, out, _ = run_cli(["lab", "add", "2026-03-02", "magnesium", "0.72", "mmol/L", "--range", "0.7-1.0"], capsys)
    assert code == 0 and "within the lab's range" in out
    code, out, _ = run_cli(["lab", "list", "--from", "2026-03-01", "--to", "2026-03-31", "--json"], capsys)
    rows = json.loads(out)
    assert list(rows[0]) == [
        "id", "date", "analyte", "value", "unit", "canonical_value", "canonical_unit", "range_low", "range_high",
        "range_source", "flag",
    ]  # fmt: skip
    assert rows[0] | {"id": 0} == {
        "id": 0, "date": "2026-03-02", "analyte": "vitamin_d_25oh", "value": 11.0, "unit": "ng/mL",
        "canonical_value": 27.456, "canonical_unit": "nmol/L", "range_low": None, "range_high": None,
        "range_source": "IOM 2011", "flag": "below",
    }  # fmt: skip
    assert rows[1]["range_source"] == "lab" and rows[1]["range_low"] == 0.7
    code, out, _ = run_cli(["lab", "list"], capsys)
    assert code == 0 and "25-hydroxyvitamin D" in out and "0.7–1 mmol/L (lab)" in out
    code, out, _ = run_cli(["lab", "rm", str(rows[0]["id"])], capsys)
    assert code == 0 and "Removed result" in out
    code, out, _ = run_cli(["lab", "list", "--json"], capsys)
    assert [r["analyte"] for r in json.loads(out)] == ["magnesium"]


@pytest.mark.parametrize(
    "args",
    [
        ["lab", "add", "2026-03-02", "magnesium", "-1", "mmol/L"],
        ["lab", "add", "2026-03-02", "potassium", "4", "mg/dL"],
        ["lab", "add", "2026-13-02", "potassium", "4", "mmol/L"],
        ["lab", "add", "2026-03-02", "potassium", "4", "mmol/L", "--range", "5-3"],
        ["lab", "rm", "7"],
        ["lab", "list", "--from", "2026-04-01", "--to", "2026-03-01"],
    ],
)
def test_cli_bad_input_is_one_line_and_writes_nothing(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run_cli(args, capsys)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("nutrigap: error: "), err
    code, out, _ = run_cli(["lab", "list", "--json"], capsys)
    assert json.loads(out) == []


def test_the_trend_chart_service_passes_the_periods_results(ctx: AppContext) -> None:
    from nutrigap.charts.blood import GID_BLOOD
    from nutrigap.services.charts import trend_chart

    _fill(ctx)
    fig = trend_chart(ctx, DAY - dt.timedelta(days=13), DAY, today=DAY)
    gids = {str(a.get_gid()) for ax in fig.axes for a in ax.get_children() if a.get_gid()}
    # 25(OH)D, Mg and K of DAY; B12 comes 60 days later; ferritin measures no tracked nutrient
    assert {g for g in gids if g.startswith(GID_BLOOD) and "range" not in g} == {
        f"{GID_BLOOD}vitamin_d", f"{GID_BLOOD}magnesium", f"{GID_BLOOD}potassium"
    }  # fmt: skip


def test_a_diary_holding_only_blood_tests_is_backed_up_daily(ctx: AppContext) -> None:
    assert backup.auto_backup(ctx, now=dt.datetime(2026, 3, 2, 9)) is None  # an empty diary: nothing to keep
    labs.add_result(ctx, DAY, "potassium", "4.1", "mmol/L")
    made = backup.auto_backup(ctx, now=dt.datetime(2026, 3, 3, 9))
    assert made is not None and made.kind == "auto"
