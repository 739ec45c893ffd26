"""Dietary reference intakes for a profile: EAR, RDA or AI, UL, and the SDs the IOM method needs.

Values come from ``food_db/dri.csv`` (each row names its source: IOM 1997 magnesium, IOM 1998 B12,
IOM 2011 calcium and vitamin D, NASEM 2019 potassium), ``food_db/requirement_variability.csv`` and
``food_db/intake_variability.csv`` (within-person SDs, with their status: VERIFIED, DERIVED or ASSUMED).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import replace

from nutrigap.domain.diary import LifeStage, Profile, Sex
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.targets import Target
from nutrigap.domain.wording import plural
from nutrigap.paths import food_db_file


def with_personal(
    targets: Mapping[Nutrient, Target], personal: Mapping[Nutrient, tuple[float, str | None]]
) -> dict[Nutrient, Target]:
    """``targets`` with the user's own target [unit/day] and its note added where one is set."""
    return {
        n: (replace(t, personal=personal[n][0], personal_note=personal[n][1]) if n in personal else t)
        for n, t in targets.items()
    }


@functools.cache
def _dri_rows() -> tuple[dict[str, str], ...]:
    with food_db_file("dri.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@functools.cache
def _oldest_month() -> int:
    """The last age [months] the DRI table covers (the end of its open-ended oldest group, minus one)."""
    return max(int(r["age_to_months"]) for r in _dri_rows()) - 1


@functools.cache
def _requirement_rules() -> dict[str, str]:
    with food_db_file("requirement_variability.csv").open(encoding="utf-8", newline="") as fh:
        return {row["nutrient"]: row["rule"] for row in csv.DictReader(fh)}


@functools.cache
def _within_rows() -> tuple[dict[str, str], ...]:
    with food_db_file("intake_variability.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


def _matches(row: dict[str, str], sex: str, months: int) -> bool:
    return row["sex"] in ("any", sex) and int(row["age_from_months"]) <= months < int(row["age_to_months"])


def _sd_within(nutrient: Nutrient, sex: str, months: int, target: float) -> tuple[float, str]:
    rows = [r for r in _within_rows() if r["nutrient"] == nutrient.value and _matches(r, sex, months)]
    # a row for the specific sex beats the generic assumption
    rows.sort(key=lambda r: (r["sex"] == "any", r["status"] == "ASSUMED"))
    for row in rows:
        if row["sd_within"].strip():
            return float(row["sd_within"]), row["status"]
        fraction = _num(row["sd_within_fraction_of_target"])
        if fraction is not None:
            return fraction * target, row["status"]
    raise LookupError(f"no within-person SD for {nutrient.value}")


def _sd_requirement(nutrient: Nutrient, ear: float | None, target: float) -> float | None:
    if ear is None:
        return None
    rule = _requirement_rules().get(nutrient.value)
    if rule == "cv10_of_ear":
        return 0.10 * ear
    if rule == "half_rda_minus_ear":
        return (target - ear) / 2
    return 0.10 * ear  # IOM default CV of requirement (IOM 2000 p.10 Table S-1 note b)


def targets_for(profile: Profile, on: dt.date) -> dict[Nutrient, Target]:
    """Reference intakes of the five nutrients for ``profile`` on date ``on``."""
    # the table's oldest group (over 70 y) is open-ended; a date far ahead (the diary accepts days up to
    # 2200) would otherwise fall past its last row
    months = min(max(0, profile.age_months(on)), _oldest_month())
    sex = profile.sex.value
    stage = profile.life_stage
    notes: list[str] = []
    if stage is not LifeStage.NONE and profile.sex is Sex.MALE:
        stage = LifeStage.NONE
    if stage is not LifeStage.NONE and months < 14 * 12:
        notes.append(f"No DRI group for {stage.value} girls under 14; the 14–18 y group is used.")
    if stage is not LifeStage.NONE and months >= 51 * 12:
        notes.append(f"No DRI group for {stage.value} women over 50; the 31–50 y group is used.")
    out: dict[Nutrient, Target] = {}
    for nutrient in Nutrient:
        candidates = [
            r
            for r in _dri_rows()
            if r["nutrient"] == nutrient.value
            and r["life_stage"] == stage.value
            and (stage is not LifeStage.NONE or _matches(r, sex, months))
            and (stage is LifeStage.NONE or int(r["age_from_months"]) <= months < int(r["age_to_months"]))
        ]
        if len(candidates) != 1:
            rows = plural(len(candidates), "row")
            raise LookupError(f"DRI table has {rows} for {nutrient.value}, {sex}, {months} months")
        row = candidates[0]
        ear = _num(row["ear"])
        target = float(row["target"])
        kind = row["target_kind"]
        ul = _num(row["ul"])
        sd_within, status = _sd_within(nutrient, sex, months, target)
        ul_scope = None if ul is None else ("supplemental" if nutrient is Nutrient.MAGNESIUM else "total")
        out[nutrient] = Target(
            nutrient=nutrient,
            unit=row["unit"],
            age_group=_group_label(row),
            ear=ear if kind == "RDA" else None,
            target=target,
            target_kind=kind,
            ul=ul,
            ul_scope=ul_scope,
            sd_requirement=_sd_requirement(nutrient, ear, target) if kind == "RDA" else None,
            sd_within=sd_within,
            sd_within_status=status,
            source=row["source"],
            notes=tuple(notes),
        )
    return out


def _group_label(row: dict[str, str]) -> str:
    sex = {"female": "F ", "male": "M ", "any": ""}[row["sex"]]
    stage = {"pregnant": "Pregnancy ", "lactating": "Lactation ", "none": ""}[row["life_stage"]]
    return f"{stage}{sex}{row['age_group']}".strip()
