"""A thousands separator is never read as a decimal point, wherever a number is typed (issue #12: `1,000 g`
logged 1 g). Without a locale (command line, services) "1,500" is refused as ambiguous; a decimal comma alone
("1,5") still reads as 1.5; the window reads what is typed in its locale first."""

from __future__ import annotations

import json

import pytest

from nutrigap.cli import main
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.units import parse_decimal
from nutrigap.services.context import AppContext


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("text", "value"), [("1.5", 1.5), ("1,5", 1.5), ("-2", -2.0), ("1000", 1000.0), ("1.125", 1.125), (7, 7.0)]
)
def test_plain_numbers_and_a_decimal_comma_read_as_written(text: str | int, value: float) -> None:
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["1,000", "12,500", "1,000.5", "1.000,5"])
def test_a_thousands_separator_is_ambiguous(text: str) -> None:
    with pytest.raises(InvalidInput, match="ambiguous"):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["abc", "", "nan", "inf"])
def test_text_that_is_no_finite_number_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_factors_refuse_a_thousands_separator_and_keep_the_day(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "factors", "set", "2026-11-24", "--water-ml", "1,500")
    assert code == 1 and "'1,500' is ambiguous" in err  # was 1.5 ml
    _, out, _ = run(capsys, "factors", "show", "2026-11-24", "--json")
    assert json.loads(out)["water_ml"] is None
    assert run(capsys, "factors", "set", "2026-11-24", "--water-ml", "1500", "--sleep-h", "7,5")[0] == 0
    _, out, _ = run(capsys, "factors", "show", "2026-11-24", "--json")
    shown = json.loads(out)
    assert shown["water_ml"] == 1500 and shown["sleep_h"] == 7.5


def test_an_experiment_goal_refuses_a_thousands_separator(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "experiment", "start", "mg", "--nutrient", "calcium", "--target", "RDA", "--days", "14")[0] == 0
    code, _, err = run(capsys, "experiment", "goal", "mg", "1,200")
    assert code == 1 and "ambiguous" in err  # was a goal of 1.2 mg
