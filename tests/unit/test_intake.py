"""Totals and unknown shares on hand-built frames (pandas.testing)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pandas.testing as pdt

from nutrigap.engine.intake import daily_totals, entry_intakes

D1, D2, D3 = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)


def frame() -> pd.DataFrame:
    # spinach (SR Legacy 168462: Mg 79, Ca 99, K 558 per 100 g), a food with no magnesium value, a supplement
    return pd.DataFrame(
        {
            "entry_id": [1, 2, 3],
            "day": [D1, D1, D2],
            "meal": ["lunch", "lunch", "supplements"],
            "food_ref": ["a", "b", "c"],
            "food_name": ["Spinach, raw", "Mystery", "Mg glycinate"],
            "kind": ["reference", "custom", "supplement"],
            "amount_g": [150.0, 50.0, 2.0],
            "n1090": [79.0, np.nan, 10000.0],
            "n1087": [99.0, 20.0, 0.0],
            "n1092": [558.0, np.nan, 0.0],
        }
    )


def test_entry_intakes_scale_per_100g_values_and_keep_unknown() -> None:
    intakes = entry_intakes(frame())
    pdt.assert_series_equal(
        intakes["magnesium"], pd.Series([118.5, np.nan, 200.0], name="magnesium"), check_exact=False
    )
    assert intakes["calcium"].tolist() == [148.5, 10.0, 0.0]
    assert intakes["supplemental"].tolist() == [False, False, True]
    assert intakes["vitamin_d"].isna().all()  # no column at all means unknown, not zero


def test_daily_totals_report_unknown_share_by_weight() -> None:
    totals = daily_totals(entry_intakes(frame()), [D1, D2, D3])
    assert totals.loc[D1, "magnesium"] == 118.5  # type: ignore[index]
    assert totals.loc[D1, "magnesium_unknown_share"] == 50.0 / 200.0  # type: ignore[index]
    assert totals.loc[D1, "calcium_unknown_share"] == 0.0  # type: ignore[index]
    assert totals.loc[D2, "magnesium_supplemental"] == 200.0  # type: ignore[index]
    assert totals.loc[D1, "magnesium_supplemental"] == 0.0  # type: ignore[index]
    assert totals.loc[D3, "entries"] == 0 and np.isnan(totals.loc[D3, "magnesium"])  # type: ignore[index]


def test_entries_from_tables_joins_food_values() -> None:
    from nutrigap.engine.intake import entries_from_tables

    entries = [
        (1, D1, "lunch", 10, "a", "Spinach", "reference", 100.0),
        (2, D1, "lunch", 20, "b", "Water", "custom", 250.0),
        (3, D2, "dinner", 10, "a", "Spinach", "reference", 50.0),
    ]
    values = [(10, 1090, 79.0), (10, 1087, 99.0), (20, 1057, 12.0), (30, 1090, 1.0), (10, 9999, 5.0)]
    frame = entries_from_tables(entries, values).set_index("entry_id")
    assert frame.loc[1, "n1090"] == 79.0 and frame.loc[3, "n1087"] == 99.0
    assert np.isnan(frame.loc[2, "n1090"]) and frame.loc[2, "n1057"] == 12.0  # type: ignore[arg-type]
    assert frame.loc[3, "amount_g"] == 50.0
    assert entries_from_tables([], []).empty
