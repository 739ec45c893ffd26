"""Every command of issue #4's command line (twitch, factors, insights, experiment, suggest, guide), in-process."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from nutrigap.cli import main
from nutrigap.services import diary, twitches
from nutrigap.services.context import AppContext
from tests.conftest import food_id


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_twitch_add_list_rm(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "twitch",
        "add",
        "2026-11-24 14:30",
        "--location",
        "calf",
        "--intensity",
        "6",
        "--side",
        "left",
        "--duration-s",
        "30",
        "--note",
        "after a run",
        "--symptom",
        "cramp",
    )
    assert code == 0 and out.startswith("twitch 1: 2026-11-24 14:30 left calf, intensity 6, with cramp")
    code, out, _ = run(
        capsys, "twitch", "add", "2026-11-25T08:00", "--location", "other:tongue", "--intensity", "2", "--json"
    )
    assert json.loads(out)["location_other"] == "tongue"
    code, out, _ = run(capsys, "twitch", "list", "--from", "2026-11-24", "--to", "2026-11-24", "--json")
    listed = json.loads(out)
    assert [e["id"] for e in listed] == [1] and listed[0]["symptoms"] == ["cramp"] and listed[0]["duration_s"] == 30
    code, out, _ = run(capsys, "twitch", "list")
    assert "left calf" in out and "tongue" in out
    assert run(capsys, "twitch", "rm", "1")[1].startswith("removed twitch 1")
    code, _, err = run(capsys, "twitch", "rm", "1")
    assert code == 1 and err.strip() == "nutrigap: error: No twitch episode with id 1."
    assert "no twitch episodes" not in run(capsys, "twitch", "list")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["twitch", "add", "2026-11-24 10:00", "--location", "knee", "--intensity", "3"], "Unknown body location"),
        (["twitch", "add", "2026-11-24 10:00", "--location", "calf", "--intensity", "11"], "whole number from 1"),
        (["twitch", "add", "tomorrow", "--location", "calf", "--intensity", "3"], "not a date and time"),
        (["factors", "set", "2026-11-24", "--stress", "9"], "between 1 and 5"),
        (["factors", "set", "2026-11-24"], "Nothing to set"),
        (["experiment", "start", "x", "--nutrient", "potassium", "--target", "RDA"], "has an AI, not an RDA"),
        (["experiment", "show", "nope"], "No experiment called 'nope'"),
        (["suggest", "2026-13-01"], "is not a date"),
        (["guide", "iron"], "Unknown nutrient 'iron'"),
        (["insights", "--weeks", "0"], "between 1 and 156 weeks"),
    ],
)
def test_bad_input_gives_one_line_and_exit_1(
    ctx: AppContext, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert err.startswith("nutrigap: error: ") and message in err and err.count("\n") == 1


def test_factors_set_and_show(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "factors",
        "set",
        "2026-11-24",
        "--water-ml",
        "1500",
        "--caffeine-mg",
        "190",
        "--sleep-h",
        "6.5",
        "--stress",
        "4",
        "--exercise-min",
        "30",
        "--last-caffeine",
        "15:30",
    )
    assert code == 0 and "caffeine (total)" in out
    code, out, _ = run(capsys, "factors", "show", "2026-11-24", "--json")
    data = json.loads(out)
    assert (data["water_ml"], data["caffeine_mg"], data["sleep_h"], data["stress"]) == (1500.0, 190.0, 6.5, 4)
    assert (data["exercise_min"], data["last_caffeine_at"], data["total_caffeine_mg"]) == (30.0, "15:30", 190.0)
    code, out, _ = run(capsys, "factors", "show", "2026-11-23")
    assert code == 0 and "?" in out


def test_insights_text_and_json(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    bread = food_id(ctx, "Bread, whole wheat", "survey_fndds_food")
    end = dt.date(2026, 11, 24)
    for i in range(16):
        day = end - dt.timedelta(days=i)
        diary.log_food(ctx, day, "breakfast", bread, 60 + 10 * (i % 4))
        if i % 2:
            twitches.log_twitch(ctx, dt.datetime.combine(day, dt.time(9)), "eyelid", 3, symptoms=["weakness"])
    code, out, _ = run(capsys, "insights", "--weeks", "3", "--to", "2026-11-24")
    assert code == 0 and "16 logged days, 8 with twitches" in out
    assert "See a doctor:" in out and "Twitching with weakness" in out and "25-hydroxyvitamin D" in out
    assert "not causes" in out
    code, out, _ = run(capsys, "insights", "--weeks", "3", "--to", "2026-11-24", "--json")
    data = json.loads(out)
    assert data["enough_data"] and data["n_tests"] > 0 and data["disclaimer"]
    assert any(f["key"] == "weakness" for f in data["red_flags"])


def test_experiment_commands(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "experiment", "start", "mg", "--nutrient", "magnesium", "--target", "RDA", "--days", "14"
    )
    assert code == 0 and "Raise magnesium to the RDA (320 mg/day) for 14 days" in out
    code, out, _ = run(capsys, "experiment", "start", "noon", "--no-caffeine-after", "12:00", "--days", "14", "--json")
    assert json.loads(out)["cutoff"] == "12:00"
    code, out, _ = run(capsys, "experiment", "list")
    assert "mg" in out and "No caffeine after 12:00" in out
    assert [e["name"] for e in json.loads(run(capsys, "experiment", "list", "--json")[1])] == ["mg", "noon"]
    code, out, _ = run(capsys, "experiment", "show", "mg")
    assert code == 0 and "Not enough days to compare yet" in out and "baseline" in out
    data = json.loads(run(capsys, "experiment", "show", "mg", "--json")[1])
    assert data["status"] == "running" and data["episodes_per_day"] is None
    code, out, _ = run(capsys, "experiment", "stop", "noon")
    assert code == 0 and "stopped" in out


def test_suggest_and_guide(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    diary.log_food(ctx, "2026-11-24", "lunch", food_id(ctx, "Apple, raw", "survey_fndds_food"), 150)
    code, out, _ = run(capsys, "suggest", "2026-11-24", "--diet", "vegan")
    assert code == 0 and "Closing the gaps, 2026-11-24 (vegan)" in out and "One plan for all gaps:" in out
    data = json.loads(run(capsys, "suggest", "2026-11-24", "--json")[1])
    assert data["gaps"] and data["foods"]["magnesium"] and data["plan"] is not None
    code, out, _ = run(capsys, "suggest", "2026-11-24", "--week")
    assert code == 0 and "2026-11-23 to 2026-11-29" in out
    code, out, _ = run(capsys, "guide", "magnesium")
    assert code == 0 and "Signs usually associated with a shortfall" in out and "ods.od.nih.gov" in out
    assert json.loads(run(capsys, "guide", "vitamin_b12", "--json")[1])["label"] == "Vitamin B12"
