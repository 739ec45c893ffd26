"""The command line for issue #13's profile parts: the default profile is named on stderr, days are marked
complete, and a doctor's target is set, shown beside the DRI and cleared."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from nutrigap.cli import main
from nutrigap.services.context import AppContext
from tests.conftest import food_id


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_commands_that_use_targets_name_the_default_profile_on_stderr(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "report", "day", "yesterday", "--json")
    assert code == 0 and json.loads(out)["profile"]["is_default"] is True  # stdout stays clean JSON
    assert "no profile is set" in err and "a woman of" in err and "born 1990-01-01" in err
    code, out, err = run(capsys, "guide", "magnesium")
    assert code == 0 and "no profile is set" in err
    code, _, err = run(capsys, "log", "show", "today")  # amounts only: nothing depends on targets
    assert code == 0 and "no profile" not in err
    run(capsys, "profile", "set", "--sex", "male", "--birth-date", "1980-02-01")
    code, _, err = run(capsys, "report", "day", "yesterday")
    assert code == 0 and "no profile" not in err


def test_log_complete_and_the_day_report(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    bread = food_id(ctx, "Bread, whole wheat", "survey_fndds_food")
    run(capsys, "log", "add", "today", "breakfast", bread, "40")
    code, out, _ = run(capsys, "report", "day", "today")
    assert code == 0 and "in progress" in out and "likely inadequate" not in out
    assert "no verdict until the day is complete" in out
    code, out, _ = run(capsys, "log", "complete", "today")
    assert code == 0 and "is complete" in out
    code, out, _ = run(capsys, "report", "day", "today")
    assert "in progress" not in out and "likely inadequate" in out
    code, out, _ = run(capsys, "log", "complete", "today", "--undo", "--json")
    assert json.loads(out) == {"date": dt.date.today().isoformat(), "complete": False, "set_by_user": True}
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    code, _, err = run(capsys, "log", "complete", tomorrow)
    assert code != 0 and "has not come yet" in err


def test_profile_target_set_show_report_and_clear(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "profile", "target", "magnesium", "400", "--note", "Dr Rossi, 3 Dec")
    assert code == 0 and "400 mg/day (Dr Rossi, 3 Dec)" in out
    code, out, _ = run(capsys, "profile", "show")
    assert "yours" in out and "your Magnesium target: 400.0 mg/day (Dr Rossi, 3 Dec)" in out
    assert "stay against the DRI" in out
    data = json.loads(run(capsys, "profile", "show", "--json")[1])
    assert data["targets"]["magnesium"]["personal_target"] == 400.0
    assert data["targets"]["magnesium"]["target"] in (310.0, 320.0)  # the DRI is still there
    code, out, _ = run(capsys, "report", "week", "today")
    assert "yours" in out and "400.0" in out
    code, _, err = run(capsys, "profile", "target", "magnesium", "0")
    assert code != 0 and "above 0" in err
    code, out, _ = run(capsys, "profile", "target", "magnesium", "--clear")
    assert code == 0 and "cleared" in out
    data = json.loads(run(capsys, "profile", "show", "--json")[1])
    assert data["targets"]["magnesium"]["personal_target"] is None
    code, _, err = run(capsys, "profile", "target", "magnesium", "--clear")
    assert code != 0 and "No personal target" in err
