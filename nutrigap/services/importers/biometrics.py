"""Which blood test a biometric of another app's export is (Cronometer's ``biometrics`` file): matched by a
normalised name AND a unit the blood test accepts (``domain/labs.py``), or as the person maps it.

No public export or parser names Cronometer's blood metrics (searched: jrmycanady/gocronometer ``parse.go``
``ParseBiometricRecordsExport`` reads Day/Time/Metric/Unit/Amount only; programs reading its output match real
names such as "Oxygen Saturation (SPO2) (Garmin)" and "Respiration Rate (Garmin)"; rwestergren/cronometer-api-mcp
pull request #17 describes a catalogue of 54 metrics, "blood glucose, … blood panels", without naming them). So
nothing here depends on a guessed Cronometer spelling: a metric's name is reduced to its words ("Magnesium
(Serum)", "Serum Magnesium" and "magnesium, serum" are all {magnesium}; "Vitamin D, 25-Hydroxy" and "25-OH
Vitamin D" the same set) and compared with the names of ``food_db/cronometer_biometrics.csv`` (the names lab
reports print for each test, with their sources); the row's unit must then be one the test is reported in. A
metric with a blood unit (mg/dL, mmol/L, ng/mL …) that is not recognised is listed with how to map it
(``--biometric "METRIC=ANALYTE"``, or the choice in the window's preview); the person's mapping always wins.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from nutrigap.domain import labs
from nutrigap.domain.errors import InvalidInput, shown

#: A mapping's answer for "do not import this metric".
SKIP = "skip"
#: Units only a blood (or other body fluid) test is reported in: a metric in one of them that is not recognised
#: is offered for mapping; any other (lbs, %, bpm, mmHg, IU) is not a blood value NutriGap records.
BLOOD_UNITS = frozenset({
    "mg/dl", "mmol/l", "ng/ml", "nmol/l", "pg/ml", "pmol/l", "meq/l", "µg/l", "ng/l", "µmol/l", "g/dl", "g/l",
    "mg/l", "µg/dl", "µg/ml", "iu/l", "miu/l", "u/l", "µiu/ml", "miu/ml", "µkat/l",
})  # fmt: skip
#: Words that do not tell one blood test from another ("Serum Magnesium", "Magnesium level", "Blood potassium").
_NOISE = frozenset({"serum", "plasma", "blood", "level", "levels", "test", "s", "lab", "result"})
_WORD = re.compile(r"[a-z0-9]+")

NameKey = frozenset[str]


def name_key(metric: str) -> NameKey:
    """A metric's name as its set of words, lower case, without words that name no test ('Serum', 'level');
    'B-12' and 'B 12' read as 'b12', 'ionised' as 'ionized'."""
    text = metric.lower().replace("μ", "µ").replace("ionised", "ionized")
    text = re.sub(r"\bb[\s-]+12\b", "b12", text)  # B-12, B 12 → b12
    return frozenset(w for w in _WORD.findall(text) if w not in _NOISE)


def unit_key(unit: str) -> str:
    return unit.strip().lower().replace("μ", "µ").replace("mcg", "µg").replace(" ", "")


def is_blood_unit(unit: str) -> bool:
    return unit_key(unit) in BLOOD_UNITS


@cache
def known_names() -> dict[NameKey, str]:
    """Name (as its set of words) → analyte id, from ``food_db/cronometer_biometrics.csv`` and each analyte's own
    name in ``food_db/lab_analytes.csv``."""
    from nutrigap.paths import food_db_file

    found = {name_key(a.name): a.id for a in labs.analytes().values()}
    with food_db_file("cronometer_biometrics.csv").open(encoding="utf-8", newline="") as fh:
        found.update({name_key(r["name"]): r["analyte"] for r in csv.DictReader(fh)})
    return found


def accepts(analyte: str, unit: str) -> bool:
    """Whether blood test ``analyte`` is reported in ``unit`` (an ``other:`` test takes any unit)."""
    try:
        labs.check_unit(analyte, unit)
    except InvalidInput:
        return False
    return True


def analytes_for(unit: str) -> list[str]:
    """The blood tests NutriGap knows that are reported in ``unit`` (the choices for an unrecognised metric)."""
    return [a for a in labs.analytes() if accepts(a, unit)]


def parse_mapping(specs: list[str] | Mapping[str, str] | None) -> dict[NameKey, tuple[str, str]]:
    """The person's mapping: 'METRIC=ANALYTE' texts (or metric → analyte) → {name key: (metric, analyte id or
    'skip')}. ANALYTE is an analyte id (magnesium, calcium, ionized_calcium, potassium, vitamin_d_25oh,
    vitamin_b12), other:NAME for a test of the person's own, or skip. InvalidInput names what is wrong."""
    if specs is None:
        return {}
    pairs = list(specs.items()) if isinstance(specs, Mapping) else [_split(s) for s in specs]
    mapping: dict[NameKey, tuple[str, str]] = {}
    for metric, target in pairs:
        key = name_key(metric)
        if not key:
            raise InvalidInput(f"'{shown(metric)}' is not a metric name; write --biometric \"METRIC=ANALYTE\".")
        chosen = SKIP if target.strip().lower() == SKIP else labs.check_analyte(target)
        mapping[key] = (metric.strip(), chosen)
    return mapping


def _split(spec: str) -> tuple[str, str]:
    metric, sep, target = spec.rpartition("=")
    if not sep or not metric.strip() or not target.strip():
        raise InvalidInput(
            f"'{shown(spec)}' is not METRIC=ANALYTE (for example --biometric \"Ferritin=other:ferritin\" or "
            f'--biometric "Serum Mg=magnesium" or "Weight=skip").'
        )
    return metric, target


@dataclass(slots=True)
class Unrecognised:
    """A metric with a blood unit that no name matched and the person did not map (yet)."""

    metric: str
    units: list[str] = field(default_factory=list)
    rows: int = 0

    def choices(self) -> list[str]:
        """The analyte ids it could be imported as (those reported in one of its units)."""
        return [a for a in labs.analytes() if any(accepts(a, u) for u in self.units)]

    def own_test(self) -> str | None:
        """'other:NAME' when the metric's name is usable as the name of a test of the person's own."""
        name = " ".join(self.metric.split())
        return labs.OTHER_PREFIX + name if labs.OTHER_NAME.match(name) else None

    def how_to_map(self) -> str:
        own = self.own_test()
        targets = [*self.choices(), *([own] if own else [])]
        return f'--biometric "{self.metric}=ANALYTE" (ANALYTE: {", ".join(targets) or "other:NAME"}, or skip)'

    def to_json(self) -> dict[str, object]:
        return {
            "metric": self.metric, "units": self.units, "rows": self.rows, "choices": self.choices(),
            "own_test": self.own_test(), "map_with": self.how_to_map(),
        }  # fmt: skip


def match(metric: str, unit: str, mapping: dict[NameKey, tuple[str, str]]) -> tuple[str | None, str | None]:
    """(what a row of ``metric`` in ``unit`` imports as, the test its name names).

    The first is the person's choice when they mapped the metric (an analyte id or SKIP; for a row in a blood
    unit, or one the chosen test is reported in); else the test its
    name names when that test is reported in ``unit`` (or the unit is not a blood unit, or missing: the check
    then skips the row with the unit's reason); else None (not recognised: "Vitamin D" in pg/mL is
    1,25-dihydroxyvitamin D, not 25(OH)D)."""
    key = name_key(metric)
    chosen = mapping.get(key, (None, None))[1]
    if chosen is not None and (
        chosen == SKIP or is_blood_unit(unit) or (not labs.is_other(chosen) and accepts(chosen, unit))
    ):
        return chosen, None  # a mapping takes the rows in blood units ("Vitamin D" in IU is a dose, not a level)
    named = known_names().get(key)
    if named is not None and (not unit or accepts(named, unit) or not is_blood_unit(unit)):
        return named, named
    return None, named
