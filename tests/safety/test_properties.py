"""Properties that must hold for every input, searched with hypothesis: unit conversion, daily totals, and
the CSV round trip (export, import into an empty diary, export again: the same file)."""

from __future__ import annotations

import datetime as dt
import math
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.limits import QUANTITY
from nutrigap.domain.units import AMBIGUOUS_AMOUNT, MASS_UNITS, MAX_ENTRY_GRAMS, parse_amount
from nutrigap.engine.intake import INTAKE_COLUMNS, daily_totals, entry_intakes, per100_column
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from nutrigap.services.food_search import grams_for, mass_portions
from nutrigap.services.views import PortionOption

grams = st.floats(min_value=1e-3, max_value=MAX_ENTRY_GRAMS, allow_nan=False, allow_infinity=False)


# --- units ----------------------------------------------------------------------------------------------
@given(amount_g=grams, unit=st.sampled_from(["oz", "lb", "kg", "g"]))
def test_mass_units_round_trip(amount_g: float, unit: str) -> None:
    """g → unit → g gives the grams back (to the last few bits of a double)."""
    in_unit = amount_g / MASS_UNITS[unit]
    back, stored_unit = grams_for(tuple(mass_portions()), in_unit, unit)
    assert stored_unit == unit
    assert back == pytest.approx(amount_g, rel=1e-12)


@given(
    portion_g=st.floats(min_value=0.1, max_value=1000, allow_nan=False),
    a=st.floats(min_value=0.01, max_value=50, allow_nan=False),
    b=st.floats(min_value=0.01, max_value=50, allow_nan=False),
)
def test_portions_scale_linearly_and_never_pass_5_kg(portion_g: float, a: float, b: float) -> None:
    portions = (PortionOption(f"1 cup ({portion_g:g} g)", "cup", portion_g, "source"), *mass_portions())
    results: list[float | None] = []
    for quantity in (a, b, a + b):
        try:
            results.append(grams_for(portions, quantity, "cup")[0])
        except InvalidInput:
            assert quantity * portion_g > MAX_ENTRY_GRAMS  # refused only when it is over 5 kg
            results.append(None)
    for quantity, got in zip((a, b, a + b), results, strict=True):
        if got is not None:
            assert got == pytest.approx(quantity * portion_g, rel=1e-12) and 0 < got <= MAX_ENTRY_GRAMS
    first, second, both = results
    if first is not None and second is not None and both is not None:
        assert both == pytest.approx(first + second, rel=1e-9)


@given(x=st.floats(min_value=QUANTITY.low, max_value=QUANTITY.high, allow_nan=False, allow_infinity=False))
@example(x=1.125)  # "1,125": a comma before three digits may group thousands (issue #12)
@example(x=1.5)
def test_typed_amounts_parse_exactly(x: float) -> None:
    assert parse_amount(repr(x)) == x  # a point is the decimal mark, as NutriGap's CSV writes it
    comma = repr(x).replace(".", ",")
    if AMBIGUOUS_AMOUNT.match(comma):
        with pytest.raises(InvalidInput, match="ambiguous"):
            parse_amount(comma)
    else:
        assert parse_amount(comma) == x  # a decimal comma is a decimal point


@given(x=st.one_of(st.floats(min_value=5e-324, max_value=QUANTITY.low, exclude_max=True),
                   st.floats(min_value=QUANTITY.high, max_value=1e308, exclude_min=True)))  # fmt: skip
def test_amounts_outside_the_shared_limits_are_refused(x: float) -> None:
    with pytest.raises(InvalidInput, match=r"too (small|large)"):
        parse_amount(repr(x))


@given(text=st.text(max_size=30))
def test_any_typed_text_is_a_positive_finite_amount_or_a_clear_refusal(text: str) -> None:
    try:
        value = parse_amount(text)
    except InvalidInput as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 200
    else:
        assert math.isfinite(value) and value > 0


# --- totals ---------------------------------------------------------------------------------------------
DAYS = [dt.date(2026, 11, d) for d in range(20, 27)]
per100 = st.one_of(st.none(), st.floats(min_value=0, max_value=2000, allow_nan=False))


@st.composite
def entry_frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=25))
    rows = []
    for i in range(n):
        row: dict[str, object] = {
            "entry_id": i + 1,
            "day": draw(st.sampled_from(DAYS)),
            "meal": "lunch",
            "food_ref": f"pf:{i}",
            "food_name": f"food {i}",
            "kind": draw(st.sampled_from(["reference", "custom", "supplement"])),
            "amount_g": draw(grams),
        }
        for nid in (1090, 1087, 1092, 1114, 1178, 1008, 1057):
            value = draw(per100)
            row[per100_column(nid)] = np.nan if value is None else value
        rows.append(row)
    return pd.DataFrame(rows)


@settings(max_examples=40, deadline=None)
@given(entries=entry_frames(), seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_daily_totals_are_the_sum_of_entries_whatever_their_order(entries: pd.DataFrame, seed: int) -> None:
    intakes = entry_intakes(entries)
    totals = daily_totals(intakes, DAYS)
    for name in INTAKE_COLUMNS:
        known = intakes[name].dropna()
        assert totals[name].sum() == pytest.approx(known.sum(), rel=1e-9, abs=1e-9)  # nothing lost or doubled
        logged = totals[totals["entries"] > 0]
        share = logged[f"{name}_unknown_share"]
        assert ((share >= 0) & (share <= 1)).all()
        for day, row in logged.iterrows():
            on_day = intakes[intakes["day"] == day]
            unknown_grams = on_day.loc[on_day[name].isna(), "amount_g"].sum()
            assert row[f"{name}_unknown_share"] == pytest.approx(unknown_grams / on_day["amount_g"].sum())
    assert int(totals["entries"].sum()) == len(entries)
    assert (totals.loc[totals["entries"] == 0, "magnesium"].isna()).all()  # not logged is not zero
    shuffled = entries.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    pd.testing.assert_frame_equal(daily_totals(entry_intakes(shuffled), DAYS), totals, rtol=1e-12, atol=1e-12)


# --- the CSV round trip -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory, slice_food_db: Path) -> Iterator[Path]:
    """An empty diary at the newest schema and the fixture food database, copied for each example."""
    home = tmp_path_factory.mktemp("template")
    shutil.copy(slice_food_db, home / "food.sqlite")
    ctx = AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))
    _ = ctx.engine
    ctx.close()
    yield home


def _fresh(template: Path, where: Path) -> AppContext:
    shutil.copytree(template, where)
    ctx = AppContext(DataPaths(home=where, diary_url=f"sqlite:///{where / 'diary.sqlite'}", uses_default_diary=True))
    ctx.auto_backup_enabled = False
    return ctx


texts = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)
actions = st.lists(
    st.one_of(
        st.tuples(st.just("log"), st.integers(0, 19), grams, st.sampled_from(["breakfast", "lunch", "snacks"]),
                  st.integers(0, 30), st.one_of(st.none(), texts)),
        st.tuples(st.just("custom"), texts, st.dictionaries(st.sampled_from([1090, 1087, 1092, 1008]), per100)),
        st.tuples(st.just("supplement"), texts, st.floats(min_value=0.1, max_value=800, allow_nan=False)),
        st.tuples(st.just("twitch"), st.integers(0, 30), st.integers(1, 10), st.one_of(st.none(), texts)),
        st.tuples(st.just("factors"), st.integers(0, 30), st.one_of(st.none(), st.floats(0, 20000)),
                  st.one_of(st.none(), st.integers(1, 5))),
        st.tuples(st.just("remove"), st.integers(0, 1000)),
        st.tuples(st.just("delete own"), st.integers(0, 1000)),
    ),
    min_size=1,
    max_size=15,
)  # fmt: skip


def _apply(ctx: AppContext, steps: list[tuple[object, ...]]) -> None:
    from nutrigap.services import diary, food_search, my_foods
    from nutrigap.store.models import DailyFactorsRow, TwitchRow
    from tests.safety.helpers import food_ids

    ids = food_ids(ctx, 20)
    own: list[str] = []
    entries: list[int] = []
    start = dt.date(2026, 10, 1)
    for step in steps:
        kind = step[0]
        try:
            if kind == "log":
                _, food, amount, meal, day, note = step
                ref = own[int(food) % len(own)] if own and int(food) % 3 == 0 else ids[int(food)]  # type: ignore[call-overload]
                unit = (
                    "serving" if ref.startswith("custom") and food_search.food_details(ctx, ref).serving_grams else "g"
                )
                amount = 1 if unit == "serving" else amount
                day_ = start + dt.timedelta(days=int(day))  # type: ignore[call-overload]
                entries.append(diary.log_food(ctx, day_, str(meal), ref, float(amount), unit, note).id)  # type: ignore[arg-type]
            elif kind == "custom":
                own.append(my_foods.create_custom_food(ctx, my_foods.CustomFoodInput(str(step[1]), dict(step[2]))).id)  # type: ignore[call-overload]
            elif kind == "supplement":
                made = my_foods.create_supplement(
                    ctx,
                    my_foods.SupplementInput(str(step[1]), "capsule", {1090: float(step[2])}),  # type: ignore[arg-type]
                )
                own.append(made.id)
            elif kind == "twitch":
                with ctx.uow() as uow:
                    when = dt.datetime.combine(start + dt.timedelta(days=int(step[1])), dt.time(8, 30))  # type: ignore[call-overload]
                    uow.twitches.add(TwitchRow(occurred_at=when, location="calf", intensity=step[2], note=step[3]))
                    uow.commit()
            elif kind == "factors":
                with ctx.uow() as uow:
                    day_ = start + dt.timedelta(days=int(step[1]))  # type: ignore[call-overload]
                    uow.factors.upsert(DailyFactorsRow(day=day_, water_ml=step[2], stress=step[3]))
                    uow.commit()
            elif kind == "remove" and entries:
                diary.remove_entry(ctx, entries.pop(int(step[1]) % len(entries)))  # type: ignore[call-overload]
            elif kind == "delete own" and own:
                ref = own[int(step[1]) % len(own)]  # type: ignore[call-overload]
                if my_foods.delete_user_food(ctx, ref) == "deleted":
                    own.remove(ref)
        except InvalidInput:
            continue  # an input the app refuses (an empty name, a supplement of 0 mg): nothing was written


def _canonical_refs(text: str) -> str:
    """Number the user's own foods by first appearance: their ids are the diary's row ids, which a
    deletion leaves gaps in and an import closes (they are internal; everything else must be identical)."""
    import re

    seen: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        return seen.setdefault(match.group(0), f"{match.group(1)}:#{len(seen) + 1}")

    return re.sub(r"\b(custom|recipe|supplement):\d+\b", rename, text)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(steps=actions)
def test_export_import_export_gives_the_same_file(steps: list[tuple[object, ...]], empty_template: Path) -> None:
    from nutrigap.services.transfer import export_csv, import_csv

    with tempfile.TemporaryDirectory() as tmp:
        first = _fresh(empty_template, Path(tmp) / "first")
        second = _fresh(empty_template, Path(tmp) / "second")
        try:
            _apply(first, steps)
            export_csv(first, Path(tmp) / "first.csv")
            import_csv(second, Path(tmp) / "first.csv")
            export_csv(second, Path(tmp) / "second.csv")
        finally:
            first.close()
            second.close()
        a = (Path(tmp) / "first.csv").read_text(encoding="utf-8")
        b = (Path(tmp) / "second.csv").read_text(encoding="utf-8")
    assume(a.count("\n") > 2)
    assert _canonical_refs(b) == _canonical_refs(a)
    if "custom:" not in a and "supplement:" not in a:
        assert b == a
