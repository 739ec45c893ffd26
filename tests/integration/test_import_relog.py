"""An imported food logged again in NutriGap (issue #18): a Cronometer row has no weight, so its food holds one
serving as Cronometer recorded it under a nominal 100 g. Logged again it must be logged in that serving only: a
unit of mass (or a portion of the person's) would turn the nominal 100 g into a real weight — "1 oz" of imported
almonds gave 46 kcal where Cronometer's 1 oz was 164. Both ways in (the window's services and the command line,
quick and full path) agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
