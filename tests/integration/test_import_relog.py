"""An imported food logged again in NutriGap (issue #18): a Cronometer row has no weight, so its food holds one
serving as Cronometer recorded it under a nominal 100 g. Logged again it must be logged in that serving only: a
unit of mass (or a portion of the person's) would turn the nominal 100 g into a real weight — "1 oz" of imported
almonds gave 46 kcal where Cronometer's 1 oz was 164. Both ways in (the window's services and the command line,
quick and full path) agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text as sa_text

from nutrigap.services.context import AppContext
from nutrigap.services.food_search import food_details
from nutrigap.services.importers.apply import apply_plan
from nutrigap.services.importers.cronometer import parse_cronometer
from tests.integration.import_fixtures import SERVINGS_HEADER, csv_text, serving, write
from tests.safety.helpers import run_cli

ALMONDS = serving("2026-11-02", "Snacks", "Almonds", "1.00 oz", kcal="164", mg_mg="76", ca="75", k="208")


def _imported_almonds(ctx: AppContext, tmp_path: Path) -> str:
    apply_plan(ctx, parse_cronometer([write(tmp_path / "servings.csv", csv_text(SERVINGS_HEADER, [ALMONDS]))]))
    with ctx.uow() as uow:
        [ref] = [f.ref for f in uow.foods.user_foods() if f.name == "Almonds"]
    return ref


@pytest.mark.parametrize("quick", ["1", "0"])
def test_an_imported_food_is_logged_again_in_its_serving_only(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, quick: str
) -> None:
    monkeypatch.setenv("NUTRIGAP_QUICK_LOG", quick)
    ref = _imported_almonds(ctx, tmp_path)
    details = food_details(ctx, ref)
    assert [p.label for p in details.portions] == ["serving (1 oz in Cronometer)"]  # no g, oz, lb, kg

    code, out, err = run_cli(["log", "add", "2026-11-05", "snacks", ref, "1", "oz"], capsys)
    assert code != 0 and "serving (1 oz in Cronometer)" in err  # refused, naming the unit it can be logged in

    serving_unit = ["serving", "(1", "oz", "in", "Cronometer)"]
    code, out, err = run_cli(["log", "add", "2026-11-05", "snacks", ref, "2", *serving_unit], capsys)
    assert code == 0, err
    code, out, err = run_cli(["report", "day", "2026-11-05", "--json"], capsys)
    assert code == 0, err
    day = json.loads(out)
    assert day["energy_kcal"] == pytest.approx(2 * 164)  # two of Cronometer's 1 oz
    assert day["nutrients"]["magnesium"]["intake"] == pytest.approx(2 * 76)


def test_imported_entries_show_no_weight(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """'1 oz (100 g)' in the diary read as plainly wrong: the 100 g is nominal. The diary service, the window's
    first paint (day preview) and the command line all say the amount as the app wrote it, with no weight."""
    import datetime as dt

    from nutrigap.services.day_preview import day_preview
    from nutrigap.services.diary import entries_for_day

    _imported_almonds(ctx, tmp_path)
    [entry] = entries_for_day(ctx, "2026-11-02")
    assert not entry.weight_known and entry.to_json()["grams"] is None
    assert entry.energy_kcal == pytest.approx(164)
    preview = day_preview(ctx.paths, dt.date(2026, 11, 2), today=dt.date(2026, 12, 5))
    assert preview is not None and [e.weight_known for e in preview.entries] == [False]
    code, out, err = run_cli(["log", "show", "2026-11-02"], capsys)
    assert code == 0, err
    [line] = [line for line in out.splitlines() if "Almonds" in line]
    assert "1 oz" in line and " 100 " not in line


def test_a_food_stays_nominal_when_its_import_is_undone(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Logged again by hand, the imported food outlives its import's undo (its import id is cleared); it must still
    be logged only in its serving, with no weight shown (so the flag is the food's own, not the import's)."""
    from nutrigap.services.diary import entries_for_day
    from nutrigap.services.importers.apply import list_imports, undo_import

    ref = _imported_almonds(ctx, tmp_path)
    code, out, err = run_cli(["log", "add", "2026-11-05", "snacks", ref, "1", "serving", "(1", "oz", "in",
                              "Cronometer)"], capsys)  # fmt: skip
    assert code == 0, err
    [batch] = list_imports(ctx)
    undo_import(ctx, batch.id)
    assert [p.label for p in food_details(ctx, ref).portions] == ["serving (1 oz in Cronometer)"]
    [entry] = entries_for_day(ctx, "2026-11-05")
    assert not entry.weight_known and entry.energy_kcal == pytest.approx(164)


def test_foods_imported_before_0009_become_nominal_on_upgrade(isolated_home: Path) -> None:
    """A diary from the first imports (0008): its Cronometer and MyFitnessPal foods had no flag and no serving;
    the upgrade marks them nominal with the serving their entries were logged in; a CSV food stays as it was."""
    import sqlalchemy as sa

    from tests.safety.test_migrations import build_at, open_ctx

    url = f"sqlite:///{isolated_home / 'diary.sqlite'}"
    build_at(url, "0008", with_seed=False)
    engine = sa.create_engine(url)
    with engine.begin() as con:
        batch = "INSERT INTO import_batch (id, app, file_names, file_hash, created_at) VALUES (1, 'cronometer', "
        con.execute(sa.text(batch + "'servings.csv', :h, '2026-12-01 10:00:00')"), {"h": "c" * 64})
        for n, source in enumerate(("imported from Cronometer", "imported from MyFitnessPal; calcium % DV 1,000 mg",
                                    "imported from CSV file"), start=1):  # fmt: skip
            con.execute(sa.text("INSERT INTO food (id, ref, kind, name, data_type, source, favourite, archived, "
                                "created_at, updated_at, import_id) VALUES (:id, :ref, 'custom', :name, 'custom', "
                                ":source, 0, 0, '2026-12-01 10:00:00', '2026-12-01 10:00:00', 1)"),
                        {"id": n, "ref": f"custom:{n}", "name": f"food {n}", "source": source})  # fmt: skip
    engine.dispose()
    ctx = open_ctx(isolated_home, url)
    try:
        _ = ctx.engine  # the upgrade
        with ctx.engine.connect() as con:
            rows = con.execute(sa.text("SELECT id, nominal_weight, serving_label, serving_grams FROM food ORDER BY id"))
            assert [tuple(r) for r in rows] == [
                (1, 1, "serving (as imported)", 100.0),
                (2, 1, "serving (as imported)", 100.0),
                (3, 0, None, None),
            ]
    finally:
        ctx.close()


def test_the_flag_survives_export_and_backup(ctx: AppContext, tmp_path: Path, slice_food_db: Path) -> None:
    from nutrigap.services import backup, transfer
    from nutrigap.services.diary import entries_for_day
    from tests.safety.test_roundtrip_imports import _new_context

    ref = _imported_almonds(ctx, tmp_path)
    path = tmp_path / "diary.csv"
    transfer.export_csv(ctx, path)
    other = _new_context(tmp_path / "other", slice_food_db)
    try:
        transfer.import_csv(other, path)
        [entry] = entries_for_day(other, "2026-11-02")
        assert not entry.weight_known
        assert [p.label for p in food_details(other, entry.food_id).portions] == ["serving (1 oz in Cronometer)"]
    finally:
        other.close()
    saved = backup.create_backup(ctx)
    with ctx.uow() as uow:
        uow.session.execute(sa_text("UPDATE food SET nominal_weight = 0"))
        uow.commit()
    backup.restore_backup(ctx, saved.path)
    assert [p.label for p in food_details(ctx, ref).portions] == ["serving (1 oz in Cronometer)"]
