"""Data completeness: a shortfall that rests on many foods without a value is "possibly missing data".

The food database leaves a nutrient out where it was not analysed (unknown, not zero); vitamin D and B12 are
often missing. A nutrient's *unknown share* is the fraction of the grams eaten whose food has no value for it.
When a shortfall shows and at least :data:`UNKNOWN_SHARE_FLAG` of what was eaten has no value, the gap may be an
artefact of the data, so NutriGap says "possibly missing data" instead of showing a plain gap.

Why 20 %: a fifth of the day's food by weight is typically a whole meal component (a portion of vegetables or a
drink); at that share the unknown part can plausibly hold the missing amount, below it a gap is mostly real.
"""

from __future__ import annotations

from dataclasses import dataclass

from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.units import display_unit, to_display
from nutrigap.engine.summary import NutrientSummary

UNKNOWN_SHARE_FLAG = 0.20


@dataclass(frozen=True, slots=True)
class MissingDataFlag:
    """A nutrient whose apparent shortfall may come from foods without a value for it."""

    nutrient: str
    label: str
    unit: str
    intake: float
    target: float
    unknown_share: float
    text: str

    def to_json(self) -> dict[str, object]:
        return {
            "nutrient": self.nutrient,
            "label": self.label,
            "unit": self.unit,
            "intake": round(self.intake, 2),
            "target": self.target,
            "unknown_share": round(self.unknown_share, 3),
            "text": self.text,
        }


def possibly_missing(summary: NutrientSummary, threshold: float = UNKNOWN_SHARE_FLAG) -> bool:
    """True when the nutrient falls short of its target and at least ``threshold`` of the grams have no value."""
    return (
        summary.intake is not None
        and summary.shortfall is not None
        and summary.shortfall > 0
        and summary.unknown_share is not None
        and summary.unknown_share >= threshold
    )


def missing_data_flags(
    summaries: dict[Nutrient, NutrientSummary], threshold: float = UNKNOWN_SHARE_FLAG, vitamin_d_unit: str = "µg"
) -> list[MissingDataFlag]:
    """Flags for shortfalls that may rest on missing values; amounts in the text in the display unit (vitamin D
    in the profile's µg or IU, like every table beside it)."""
    flags = []
    for nutrient, s in summaries.items():
        if not possibly_missing(s, threshold):
            continue
        assert s.intake is not None and s.unknown_share is not None
        unit = display_unit(nutrient, vitamin_d_unit)

        def shown(value: float, n: Nutrient = nutrient) -> float:
            return to_display(n, value, vitamin_d_unit)

        amounts = f"{shown(s.intake):,.1f} of {shown(s.target.target):,g} {unit}/day"
        if s.target.target_kind == "AI":
            # below an AI adequacy cannot be judged (IOM 2000 p.61): never "short"
            lead = f"{nutrient.label} is below the AI ({amounts}); adequacy cannot be judged, and"
        else:
            lead = f"{nutrient.label} looks short ({amounts}), but"
        flags.append(
            MissingDataFlag(
                nutrient=nutrient.value,
                label=nutrient.label,
                unit=s.unit,
                intake=s.intake,
                target=s.target.target,
                unknown_share=s.unknown_share,
                text=(
                    f"{lead} {100 * s.unknown_share:.0f}% of what you ate (by weight) has no "
                    f"{nutrient.label.lower()} value (the food database, or for imported days the other app's "
                    "export, gives none): possibly missing data, not necessarily a gap."
                ),
            )
        )
    return flags
