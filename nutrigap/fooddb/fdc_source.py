"""Read USDA FoodData Central CSV releases (SR Legacy, Foundation, FNDDS "Survey", Branded).

Accepts a release's .zip or an unpacked folder. Files are found by name anywhere inside (the official zips
hold one sub-folder). Layout as documented by FDC ("Download Datasets", field descriptions):
food.csv (fdc_id, data_type, description, food_category_id), nutrient.csv (id, name, unit_name),
food_nutrient.csv (fdc_id, nutrient_id, amount), food_portion.csv (fdc_id, seq_num, amount, measure_unit_id,
portion_description, modifier, gram_weight), measure_unit.csv (id, name), branded_food.csv (fdc_id, brand_owner,
brand_name, serving_size, serving_size_unit, household_serving_fulltext, branded_food_category),
food_category.csv (id, description), wweia_food_category.csv (wweia_food_category, wweia_food_category_description).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from nutrigap.domain.diary import REFERENCE_DATA_TYPES
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import (
    ENERGY_ATWATER_GENERAL,
    ENERGY_ATWATER_SPECIFIC,
    ENERGY_KCAL,
    IU_PER_UG_VITAMIN_D,
    VITAMIN_D_IU,
    VITAMIN_D_UG,
)
from nutrigap.domain.progress import Progress, no_progress
from nutrigap.fooddb.table import FoodTable

REQUIRED = ("food.csv", "nutrient.csv", "food_nutrient.csv")
OPTIONAL = (
    "food_portion.csv",
    "measure_unit.csv",
    "branded_food.csv",
    "food_category.csv",
    "wweia_food_category.csv",
)
REQUIRED_COLUMNS = {
    "food.csv": {"fdc_id", "data_type", "description"},
    "nutrient.csv": {"id", "name", "unit_name"},
    "food_nutrient.csv": {"fdc_id", "nutrient_id", "amount"},
    "food_portion.csv": {"fdc_id", "gram_weight"},
    "measure_unit.csv": {"id", "name"},
    "branded_food.csv": {"fdc_id"},
    "food_category.csv": {"id", "description"},
    "wweia_food_category.csv": {"wweia_food_category", "wweia_food_category_description"},
}

#: The largest unpacked size accepted (the full FDC release unpacks to about 3 GB) and the largest
#: unpacked/packed ratio (real releases are about 7:1; a zip bomb is thousands to one).
MAX_UNPACKED_BYTES = 12 * 1024**3
MAX_RATIO = 100.0
CHUNK_ROWS = 1_000_000


class _Source:
    """A folder or a zip, with its CSV files found by base name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}
        if path.is_dir():
            for file in path.rglob("*.csv"):
                self.members.setdefault(file.name.lower(), str(file))
        elif path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise InvalidInput(f"{path.name} is not a readable .zip archive ({exc}).") from None
            infos = self.zip.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
                raise InvalidInput(
                    f"{path.name} would unpack to {unpacked / 1e9:.1f} GB from {packed / 1e6:.1f} MB; "
                    "that is not a FoodData Central release (refused as a possible zip bomb)."
                )
            for info in infos:
                if info.filename.lower().endswith(".csv") and not info.is_dir():
                    self.members.setdefault(Path(info.filename).name.lower(), info.filename)
        else:
            raise InvalidInput(f"{path} does not exist.")
        missing = [name for name in REQUIRED if name not in self.members]
        if missing:
            raise InvalidInput(
                f"{path.name} is not a FoodData Central CSV release: {', '.join(missing)} missing "
                "(download the CSV version from fdc.nal.usda.gov)."
            )

    def has(self, name: str) -> bool:
        return name in self.members

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        member = self.members[name]
        if self.zip is not None:
            with self.zip.open(member) as fh:
                yield fh
        else:
            with Path(member).open("rb") as fh:
                yield fh

    def read(self, name: str, usecols: list[str] | None = None) -> pd.DataFrame:
        with self.open(name) as fh:
            frame = _read_csv(fh, name, usecols)
        assert isinstance(frame, pd.DataFrame)
        return frame

    def chunks(self, name: str, usecols: list[str]) -> Iterator[tuple[int, pd.DataFrame]]:
        with self.open(name) as fh:
            reader = _read_csv(fh, name, usecols, chunksize=CHUNK_ROWS)
            assert not isinstance(reader, pd.DataFrame)
            offset = 0
            try:
                for chunk in reader:
                    yield offset, chunk
                    offset += len(chunk)
            except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
                raise InvalidInput(f"{name} is malformed near row {offset + 2}: {_short(exc)}") from None

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__


def _read_csv(
    fh: IO[bytes], name: str, usecols: list[str] | None, chunksize: int | None = None
) -> pd.DataFrame | pd.io.parsers.TextFileReader:
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
    try:
        header = pd.read_csv(text, nrows=0).columns
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"{name} cannot be read as UTF-8 CSV: {_short(exc)}") from None
    needed = REQUIRED_COLUMNS.get(name, set())
    missing = needed - set(header)
    if missing:
        raise InvalidInput(f"{name} lacks the columns {sorted(missing)}; it is not in FoodData Central's layout.")
    cols = [c for c in (usecols or list(header)) if c in set(header)]
    text.seek(0) if text.seekable() else None
    if not text.seekable():
        raise InvalidInput(f"{name} cannot be re-read.")
    try:
        return pd.read_csv(text, usecols=cols, dtype=str, keep_default_na=False, na_values=[""], chunksize=chunksize)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"{name} is malformed: {_short(exc)}") from None


def _numbers(frame: pd.DataFrame, column: str, name: str, offset: int = 0, required: bool = True) -> pd.Series:
    """Convert a column to numbers; a value that is not a number is an error with its row."""
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna()
    if required:
        bad |= raw.isna()
    # "inf" and "1e400" parse as infinity, "nan" as not-a-number: no food composition value is either
    bad |= values.notna() & ~np.isfinite(values.astype("float64"))
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        row = offset + pos + 2
        shown = raw.iloc[pos]
        what = "is empty" if pd.isna(shown) else f"is '{shown}', not a finite number"
        raise InvalidInput(f"{name} row {row}: {column} {what} (file damaged or truncated?).")
    return values.astype("float64")


def read_fdc(path: Path, progress: Progress = no_progress) -> FoodTable:
    """Read a FoodData Central CSV release into a :class:`FoodTable` with ids ``fdc:<fdc_id>``."""
    source = _Source(path)
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


def _read(source: _Source, path: Path, progress: Progress) -> FoodTable:
    progress("Reading food.csv", 0.02)
    food = source.read("food.csv", ["fdc_id", "data_type", "description", "food_category_id", "publication_date"])
    food["fdc_id"] = _numbers(food, "fdc_id", "food.csv")
    if (food["fdc_id"] <= 0).any() or (food["fdc_id"] % 1 != 0).any():
        raise InvalidInput("food.csv holds an fdc_id that is not a positive whole number.")
    food = food[food["data_type"].isin(REFERENCE_DATA_TYPES) & food["description"].notna()]
    if food.empty:
        raise InvalidInput(
            "food.csv holds no SR Legacy, Foundation, Survey (FNDDS) or Branded foods; nothing to import."
        )
    food = food.drop_duplicates(subset=["fdc_id"])
    food["fdc_id"] = food["fdc_id"].astype("int64")
    food["name"] = food["description"].astype(str).str.strip()
    food["category"] = None
    food["brand"] = None

    progress("Reading categories", 0.05)
    if source.has("food_category.csv") and "food_category_id" in food:
        cats = source.read("food_category.csv", ["id", "description"])
        mapping = dict(zip(cats["id"].astype(str), cats["description"], strict=True))
        generic = food["data_type"].isin(["sr_legacy_food", "foundation_food"])
        food.loc[generic, "category"] = food.loc[generic, "food_category_id"].astype(str).map(mapping)
    if source.has("wweia_food_category.csv") and "food_category_id" in food:
        wweia = source.read("wweia_food_category.csv")
        mapping = dict(
            zip(
                wweia["wweia_food_category"].astype(str),
                wweia["wweia_food_category_description"],
                strict=True,
            )
        )
        survey = food["data_type"] == "survey_fndds_food"
        food.loc[survey, "category"] = food.loc[survey, "food_category_id"].astype(str).map(mapping)

    portions: list[pd.DataFrame] = []
    if source.has("branded_food.csv"):
        branded = source.read(
            "branded_food.csv",
            [
                "fdc_id",
                "brand_owner",
                "brand_name",
                "serving_size",
                "serving_size_unit",
                "household_serving_fulltext",
                "branded_food_category",
            ],
        )
        branded["fdc_id"] = _numbers(branded, "fdc_id", "branded_food.csv").astype("int64")
        branded = branded.drop_duplicates(subset=["fdc_id"]).set_index("fdc_id")
        idx = food["fdc_id"]
        if "branded_food_category" in branded:
            food["category"] = food["category"].fillna(idx.map(branded["branded_food_category"]))
        brand_cols = [c for c in ("brand_name", "brand_owner") if c in branded]
        for col in brand_cols:
            food["brand"] = food["brand"].fillna(idx.map(branded[col]))
        if {"serving_size", "serving_size_unit"} <= set(branded.columns):
            portions.append(_branded_portions(branded))

    progress("Reading nutrients", 0.1)
    nutrient = source.read("nutrient.csv", ["id", "name", "unit_name"])
    nutrient["id"] = _numbers(nutrient, "id", "nutrient.csv").astype("int64")
    catalog = pd.DataFrame(
        {
            "nutrient_id": nutrient["id"],
            "name": nutrient["name"],
            "unit": nutrient["unit_name"].astype(str).str.replace("UG", "µg").str.lower().str.replace("kcal", "kcal"),
        }
    ).drop_duplicates(subset=["nutrient_id"])

    wanted = set(food["fdc_id"].tolist())
    parts: list[pd.DataFrame] = []
    for offset, chunk in source.chunks("food_nutrient.csv", ["fdc_id", "nutrient_id", "amount"]):
        fdc_ids = _numbers(chunk, "fdc_id", "food_nutrient.csv", offset)
        nutrient_ids = _numbers(chunk, "nutrient_id", "food_nutrient.csv", offset)
        amounts = _numbers(chunk, "amount", "food_nutrient.csv", offset, required=False)
        part = pd.DataFrame(
            {
                "fdc_id": fdc_ids.astype("int64"),
                "nutrient_id": nutrient_ids.astype("int64"),
                "amount": amounts,
            }
        )
        part = part[part["fdc_id"].isin(wanted) & part["amount"].notna()]
        parts.append(part[part["amount"] >= 0])
        progress("Reading food_nutrient.csv", min(0.7, 0.1 + 0.02 * len(parts)))
    values = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["fdc_id", "nutrient_id", "amount"])
    values = values.drop_duplicates(subset=["fdc_id", "nutrient_id"], keep="first")
    values = _derive_standard_values(values)

    progress("Reading portions", 0.75)
    if source.has("food_portion.csv"):
        portions.append(_portions(source))
    portion_frame = (
        pd.concat(portions, ignore_index=True)
        if portions
        else pd.DataFrame(columns=["fdc_id", "label", "unit", "unit_amount", "grams"])
    )
    portion_frame = portion_frame[portion_frame["fdc_id"].isin(wanted)]

    def ref(ids: pd.Series) -> pd.Series:
        return "fdc:" + ids.astype("int64").astype(str)

    foods = pd.DataFrame(
        {
            "id": ref(food["fdc_id"]),
            "name": food["name"],
            "data_type": food["data_type"],
            "category": food["category"],
            "brand": food["brand"],
            "fdc_id": food["fdc_id"].astype("Int64"),
        }
    ).reset_index(drop=True)
    nutrients = pd.DataFrame(
        {"id": ref(values["fdc_id"]), "nutrient_id": values["nutrient_id"], "amount": values["amount"]}
    )
    portion_out = pd.DataFrame(
        {
            "id": ref(portion_frame["fdc_id"]),
            "label": portion_frame["label"],
            "unit": portion_frame["unit"],
            "unit_amount": portion_frame["unit_amount"],
            "grams": portion_frame["grams"],
        }
    ).drop_duplicates(subset=["id", "label"])
    progress("Read FoodData Central release", 0.8)
    return FoodTable(
        source="fdc",
        version=path.name,
        checksum=_checksum(path),
        foods=foods,
        nutrients=nutrients,
        portions=portion_out,
        catalog=catalog,
    )


def _derive_standard_values(values: pd.DataFrame) -> pd.DataFrame:
    """Fill energy (kcal, id 1008) and vitamin D (µg, id 1114) where a food reports them only another way.

    Foundation foods often give energy only as Atwater factors (2047/2048); older records give vitamin D
    only in IU (1110), converted at 40 IU per µg (reference §3).
    """
    have = values.set_index(["fdc_id", "nutrient_id"])["amount"]
    derived = []
    foods_with = {nid: set(values.loc[values["nutrient_id"] == nid, "fdc_id"]) for nid in (ENERGY_KCAL, VITAMIN_D_UG)}
    for fallback, factor in ((ENERGY_ATWATER_SPECIFIC, 1.0), (ENERGY_ATWATER_GENERAL, 1.0)):
        rows = values[(values["nutrient_id"] == fallback) & ~values["fdc_id"].isin(foods_with[ENERGY_KCAL])]
        if not rows.empty:
            derived.append(rows.assign(nutrient_id=ENERGY_KCAL, amount=rows["amount"] * factor))
            foods_with[ENERGY_KCAL] |= set(rows["fdc_id"])
    rows = values[(values["nutrient_id"] == VITAMIN_D_IU) & ~values["fdc_id"].isin(foods_with[VITAMIN_D_UG])]
    if not rows.empty:
        derived.append(rows.assign(nutrient_id=VITAMIN_D_UG, amount=rows["amount"] / IU_PER_UG_VITAMIN_D))
    del have
    if derived:
        values = pd.concat([values, *derived], ignore_index=True)
    return values


def _fmt(amount: float) -> str:
    return f"{amount:g}"


def _portions(source: _Source) -> pd.DataFrame:
    frame = source.read(
        "food_portion.csv",
        ["fdc_id", "seq_num", "amount", "measure_unit_id", "portion_description", "modifier", "gram_weight"],
    )
    frame["fdc_id"] = _numbers(frame, "fdc_id", "food_portion.csv").astype("int64")
    frame["grams"] = _numbers(frame, "gram_weight", "food_portion.csv", required=False)
    amount = (
        _numbers(frame, "amount", "food_portion.csv", required=False)
        if "amount" in frame
        else pd.Series(np.nan, index=frame.index)
    )
    units: dict[str, str] = {}
    if source.has("measure_unit.csv"):
        mu = source.read("measure_unit.csv", ["id", "name"])
        units = dict(zip(mu["id"].astype(str), mu["name"].astype(str), strict=True))
    labels, unit_names, unit_amounts = [], [], []
    desc = frame.get("portion_description", pd.Series(None, index=frame.index))
    modifier = frame.get("modifier", pd.Series(None, index=frame.index))
    mu_ids = frame.get("measure_unit_id", pd.Series(None, index=frame.index))
    for d, mod, mu_id, amt in zip(desc, modifier, mu_ids, amount, strict=True):
        amt_value = float(amt) if pd.notna(amt) and amt > 0 else 1.0
        unit = units.get(str(mu_id), "") if pd.notna(mu_id) else ""
        if unit.lower() == "undetermined":
            unit = ""
        mod_text = str(mod).strip() if isinstance(mod, str) and not str(mod).strip().isdigit() else ""
        if isinstance(d, str) and d.strip() and d.strip().lower() != "quantity not specified":
            label = d.strip()
            from nutrigap.fooddb.text import parse_portion_label

            parsed = parse_portion_label(label)
            unit_name, unit_amount = parsed.unit, parsed.unit_amount
        elif unit:
            label = f"{_fmt(amt_value)} {unit}" + (f", {mod_text}" if mod_text else "")
            unit_name, unit_amount = unit, amt_value
        elif mod_text:
            label = f"{_fmt(amt_value)} {mod_text}"
            unit_name, unit_amount = mod_text.split(",")[0].strip(), amt_value
        else:
            label = f"{_fmt(amt_value)} serving"
            unit_name, unit_amount = "serving", amt_value
        labels.append(label)
        unit_names.append(unit_name)
        unit_amounts.append(unit_amount)
    out = pd.DataFrame(
        {
            "fdc_id": frame["fdc_id"],
            "label": labels,
            "unit": unit_names,
            "unit_amount": unit_amounts,
            "grams": frame["grams"],
        }
    )
    return out[out["grams"] > 0]


def _branded_portions(branded: pd.DataFrame) -> pd.DataFrame:
    size = pd.to_numeric(branded["serving_size"], errors="coerce")
    unit = branded["serving_size_unit"].fillna("").astype(str).str.lower()
    grams_unit = unit.isin(["g", "grm", "gram", "grams"])
    ml_unit = unit.isin(["ml", "mlt"])
    house = branded.get("household_serving_fulltext", pd.Series(None, index=branded.index))
    ok = (grams_unit | ml_unit) & size.gt(0)
    labels = []
    for h, s, is_ml in zip(house[ok], size[ok], ml_unit[ok], strict=True):
        base = h.strip() if isinstance(h, str) and h.strip() else "1 serving"
        suffix = f" ({_fmt(s)} ml, taken as {_fmt(s)} g)" if is_ml else ""
        labels.append(base + suffix)
    return pd.DataFrame(
        {
            "fdc_id": branded.index[ok.to_numpy()],
            "label": labels,
            "unit": "serving",
            "unit_amount": 1.0,
            "grams": size[ok].to_numpy(dtype="float64"),
        }
    )
