"""The reference intakes of one nutrient for one person: what the engine computes from the DRI tables
(:func:`nutrigap.engine.targets.targets_for`) and what the window, charts and reports show."""

from __future__ import annotations

from dataclasses import dataclass

from nutrigap.domain.nutrients import Nutrient


@dataclass(frozen=True, slots=True)
class Target:
    """The reference intakes of one nutrient for one person on one date. Amounts in the nutrient's unit."""

    nutrient: Nutrient
    unit: str
    age_group: str
    ear: float | None
    target: float
    target_kind: str  # "RDA" or "AI"
    ul: float | None
    #: "supplemental" for magnesium (its UL excludes food and water), "total" otherwise, None without a UL
    ul_scope: str | None
    sd_requirement: float | None
    sd_within: float
    sd_within_status: str
    source: str
    notes: tuple[str, ...] = ()
    #: a target the user set (a doctor's advice) [unit/day], shown beside the DRI; verdicts stay against the DRI
    personal: float | None = None
    personal_note: str | None = None

    @property
    def uses_ear(self) -> bool:
        return self.ear is not None and self.target_kind == "RDA"
