"""Household portions from FoodData Central CSV rows, labelled the way each data type writes them.

The same ``food_portion.csv`` layout is filled differently per data type (FDC "Download Field Descriptions"):

* SR Legacy: ``measure_unit_id`` is 9999 ("undetermined"), ``amount`` is the count and ``modifier`` carries the
  measure text ("cup, chopped", 'medium (7" to 7-7/8" long)') -> "1 cup, chopped", "1 medium (7" ...)".
* Foundation: ``measure_unit_id`` names the unit (1000 cup, 1001 tablespoon, 1119 Banana ...), ``modifier`` or
  ``portion_description`` qualifies it -> "1 cup, shredded", "2 Tbsp", "1 banana, peeled".
* Survey (FNDDS): ``portion_description`` is the whole label ("1 cup", "1 small/regular fillet") and ``modifier`` is
  an internal numeric portion code that must not be shown; "Quantity not specified" is FNDDS's default amount.
* Branded: one serving from ``branded_food.csv`` (``serving_size`` in g or ml with ``household_serving_fulltext``);
  nutrients of ml-served foods are per 100 ml, so 1 ml counts as 1 g-equivalent and the label says ml.
"""

from __future__ import annotations

import pandas as pd

from nutrigap.fooddb.text import parse_portion_label, pretty_portion_label

PORTION_OUT = ["fdc_id", "label", "unit", "unit_amount", "grams"]

#: FDC measure_unit names shown as the units people write (measure_unit.csv ids 1000-1120 and 9999).
_UNIT_NAMES = {
    "tablespoon": "Tbsp",
    "tablespoons": "Tbsp",
    "teaspoon": "tsp",
    "milliliter": "ml",
    "liter": "l",
    "cubic centimeter": "cm³",
    "undetermined": "",
}

_FRACTIONS = {0.25: "1/4", 0.33: "1/3", 0.5: "1/2", 0.67: "2/3", 0.75: "3/4"}

#: Branded serving_size_unit spellings: older releases write g/ml, GDSN ones the UN/ECE codes GRM/MLT.
GRAM_UNITS = frozenset({"g", "grm", "gram", "grams"})
ML_UNITS = frozenset({"ml", "mlt", "milliliter", "millilitre"})


def amount_text(amount: float) -> str:
    """'1', '1/2', '1.5': how a count of units reads in a label."""
    rounded = round(amount, 2)
    if rounded in _FRACTIONS:
        return _FRACTIONS[rounded]
    return f"{amount:g}"


def unit_name(raw: object) -> str:
    """A measure_unit.csv name as shown ('tablespoon' -> 'Tbsp', 'Banana' -> 'banana', 'undetermined' -> '')."""
    if not isinstance(raw, str):
        return ""
    name = raw.strip()
    return _UNIT_NAMES.get(name.lower(), name if name.isupper() and len(name) <= 3 else name.lower())


def _short(unit: str) -> str:
    """The unit as typed: 'fl oz (360mL)' -> 'fl oz', 'medium (7" long)' -> 'medium'."""
    return unit.split(" (", maxsplit=1)[0].strip() or unit


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def portion_row(amount: float | None, unit: str, description: str, modifier: str) -> tuple[str, str, float] | None:
    """(label, unit, unit_amount) of one food_portion.csv row, or None when it names nothing usable."""
    count = amount if amount is not None and amount > 0 else 1.0
    if modifier.replace(".", "", 1).isdigit():  # FNDDS portion code, not text
        modifier = ""
    if description:
        if description.lower() == "quantity not specified":
            return "1 portion, quantity not specified", "portion", 1.0
        if not unit and not modifier:
            parsed = parse_portion_label(description)
            return pretty_portion_label(description), _short(parsed.unit), parsed.unit_amount
        modifier = f"{description}, {modifier}" if modifier else description
    if unit:
        label = f"{amount_text(count)} {unit}" + (f", {modifier.lower()}" if modifier else "")
        return label, unit, count
    if modifier:
        # SR Legacy: 'medium (7" to 7-7/8" long)' is typed as 'medium'; 'cup, chopped' stays whole.
        return f"{amount_text(count)} {modifier}", _short(modifier), count
    return None


def food_portions(frame: pd.DataFrame, units: dict[str, str]) -> pd.DataFrame:
    """Label food_portion.csv rows (columns fdc_id, amount, measure_unit_id, portion_description, modifier,
    gram_weight as numbers/strings); rows without a positive weight or any text are dropped."""
    rows: list[tuple[int, str, str, float, float]] = []
    columns = [frame.get(c, pd.Series(None, index=frame.index)) for c in _PORTION_COLUMNS]
    for fdc_id, amount, mu_id, desc, mod, grams in zip(*columns, strict=True):
        if pd.isna(grams) or grams <= 0:
            continue
        unit = unit_name(units.get(str(mu_id))) if isinstance(mu_id, str) else ""
        made = portion_row(None if pd.isna(amount) else float(amount), unit, _text(desc), _text(mod))
        if made is not None:
            rows.append((int(fdc_id), made[0], made[1], made[2], float(grams)))
    return pd.DataFrame(rows, columns=PORTION_OUT)


_PORTION_COLUMNS = ["fdc_id", "amount", "measure_unit_id", "portion_description", "modifier", "grams"]


def branded_portions(branded: pd.DataFrame) -> pd.DataFrame:
    """One serving per branded food that states its size in g or ml (branded_food.csv, indexed by fdc_id).

    Vectorised: the Branded release has ~1.9 million foods but only some thousand distinct household texts.
    """
    size = pd.to_numeric(branded.get("serving_size", pd.Series(None, index=branded.index)), errors="coerce")
    unit = branded.get("serving_size_unit", pd.Series("", index=branded.index)).fillna("").astype(str)
    unit = unit.str.strip().str.lower()
    is_ml = unit.isin(ML_UNITS)
    keep = (unit.isin(GRAM_UNITS) | is_ml) & (size > 0)
    if not keep.any():
        return pd.DataFrame(columns=PORTION_OUT)
    size, is_ml = size[keep], is_ml[keep]
    house = branded.get("household_serving_fulltext", pd.Series(None, index=branded.index))[keep]
    house = house.fillna("").astype(str).str.strip()
    texts = {h: pretty_portion_label(h) if h else "" for h in house.unique()}
    # (unit, count) of each distinct text; a text that names no count is one "serving".
    measure: dict[str, tuple[str, float]] = {"": ("serving", 1.0)}
    for t in set(texts.values()) - {""}:
        parsed = parse_portion_label(t)
        measure[t] = ("serving", 1.0) if parsed.unit == t else (_short(parsed.unit), parsed.unit_amount)
    text = house.map(texts)
    amount = size.map(lambda s: f"{s:g}")
    # Nutrients of ml-served foods are per 100 ml, so the serving's "grams" are its millilitres.
    says_ml = text.str.lower().str.contains("ml", regex=False)
    label = text.where(text != "", "1 serving (" + amount + " g)")
    ml_label = (text + " (" + amount + " ml)").where(text != "", "1 serving (" + amount + " ml)")
    label = label.where(~is_ml | says_ml, ml_label)
    units = text.map({t: m[0] for t, m in measure.items()})
    counts = text.map({t: m[1] for t, m in measure.items()})
    return pd.DataFrame(
        {
            "fdc_id": branded.index[keep.to_numpy()].astype("int64"),
            "label": label.to_numpy(),
            "unit": units.to_numpy(),
            "unit_amount": counts.to_numpy(dtype="float64"),
            "grams": size.to_numpy(dtype="float64"),
        }
    )
