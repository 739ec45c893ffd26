"""Verdicts on usual intake for one person, following the IOM's *DRI: Applications in Dietary Assessment* (2000).

Nutrients with an EAR (magnesium, calcium, vitamin D, B12 from age 1): the probability approach (p.186–190,
Appendix B)::

    D = mean intake − EAR;  SD_D = sqrt(SD_requirement² + SD_within² / n);  z = D / SD_D

Table B-1 (p.190) gives the probability that the conclusion is right; z > 1 means about 85% confidence.
Nutrients with only an AI (potassium at every age; all five for infants): the one-sided test (p.60–61,
Table B-6) ``z = (mean − AI) / (SD_within / sqrt n)``; z ≥ 1.65 means ~95% confident usual intake is above
the AI, "likely adequate"; otherwise adequacy "cannot be judged", never "inadequate" (p.61).
UL (p.64): the same test against the UL; for magnesium only supplemental intake counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from nutrigap.engine.targets import Target


class Verdict(StrEnum):
    LIKELY_ADEQUATE = "likely_adequate"
    UNCERTAIN = "uncertain"
    LIKELY_INADEQUATE = "likely_inadequate"
    CANNOT_BE_JUDGED = "cannot_be_judged"
    NO_DATA = "no_data"
    #: only days still in progress (today, not marked complete): progress so far, no verdict on usual intake
    IN_PROGRESS = "in_progress"


class UlVerdict(StrEnum):
    NO_UL = "no_ul"
    LIKELY_BELOW = "likely_below_ul"
    NEAR = "near_ul"
    ABOVE = "above_ul"
    NO_DATA = "no_data"


VERDICT_TEXT = {
    Verdict.LIKELY_ADEQUATE: "likely adequate",
    Verdict.UNCERTAIN: "uncertain — may need improving",
    Verdict.LIKELY_INADEQUATE: "likely inadequate",
    Verdict.CANNOT_BE_JUDGED: "adequacy cannot be judged (below the AI)",
    Verdict.NO_DATA: "nothing logged",
    Verdict.IN_PROGRESS: "in progress: amounts so far, no verdict until the day is complete",
}

UL_TEXT = {
    UlVerdict.NO_UL: "no upper limit set",
    UlVerdict.LIKELY_BELOW: "below the upper limit",
    UlVerdict.NEAR: "close to the upper limit",
    UlVerdict.ABOVE: "above the upper limit — possible risk",
    UlVerdict.NO_DATA: "nothing logged",
}

#: z above which a conclusion is drawn (Table B-1: ~85% probability of being right).
EAR_Z = 1.0
#: one-sided 95% (Table B-6).
AI_Z = 1.65


def normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict on a mean intake over ``n_days`` logged days."""

    verdict: Verdict
    z: float | None
    #: probability that usual intake is adequate (EAR method) or above the AI (AI method)
    confidence: float | None
    method: str  # "EAR" or "AI"
    indicative_only: bool
    ul_verdict: UlVerdict
    ul_z: float | None

    @property
    def text(self) -> str:
        if self.verdict is Verdict.CANNOT_BE_JUDGED and self.z is not None and self.z >= 0:
            # above the AI, but not by enough over enough days to be 95% sure usual intake is
            return "above the AI, too few days to judge usual intake"
        return VERDICT_TEXT[self.verdict]


def assess(
    target: Target,
    mean_intake: float | None,
    n_days: int,
    *,
    supplemental_mean: float | None = None,
) -> Assessment:
    """Judge ``mean_intake`` [target.unit/day] over ``n_days`` logged days against ``target``."""
    indicative = target.sd_within_status == "ASSUMED" and target.nutrient.value in (
        "vitamin_d",
        "vitamin_b12",
    )
    method = "EAR" if target.uses_ear else "AI"
    if mean_intake is None or n_days <= 0 or math.isnan(mean_intake):
        return Assessment(Verdict.NO_DATA, None, None, method, indicative, UlVerdict.NO_DATA, None)
    n = float(n_days)
    if target.uses_ear:
        assert target.ear is not None and target.sd_requirement is not None
        sd_d = math.sqrt(target.sd_requirement**2 + target.sd_within**2 / n)
        z = (mean_intake - target.ear) / sd_d
        if z > EAR_Z:
            verdict = Verdict.LIKELY_ADEQUATE
        elif z < -EAR_Z:
            verdict = Verdict.LIKELY_INADEQUATE
        else:
            verdict = Verdict.UNCERTAIN
        confidence = normal_cdf(z)
    else:
        z = (mean_intake - target.target) / (target.sd_within / math.sqrt(n))
        verdict = Verdict.LIKELY_ADEQUATE if z >= AI_Z else Verdict.CANNOT_BE_JUDGED
        confidence = normal_cdf(z)
    ul_verdict, ul_z = assess_ul(target, mean_intake, n_days, supplemental_mean)
    return Assessment(verdict, z, confidence, method, indicative, ul_verdict, ul_z)


def in_progress(target: Target, intake_so_far: float, supplemental_so_far: float | None) -> Assessment:
    """No verdict on usual intake from a day that is not over (issue #13): only a UL already exceeded is said."""
    method = "EAR" if target.uses_ear else "AI"
    ul_verdict, ul_z = assess_ul(target, intake_so_far, 1, supplemental_so_far)
    if ul_verdict is not UlVerdict.ABOVE and ul_verdict is not UlVerdict.NO_UL:
        ul_verdict, ul_z = UlVerdict.NO_DATA, None
    return Assessment(Verdict.IN_PROGRESS, None, None, method, False, ul_verdict, ul_z)


def assess_ul(
    target: Target, mean_intake: float, n_days: int, supplemental_mean: float | None
) -> tuple[UlVerdict, float | None]:
    """IOM 2000 p.64: z = (mean − UL) / (SD_within / sqrt n); z ≤ −1.65 → ~95% confident below the UL."""
    if target.ul is None:
        return UlVerdict.NO_UL, None
    intake = (supplemental_mean or 0.0) if target.ul_scope == "supplemental" else mean_intake
    if intake > target.ul:
        z = (intake - target.ul) / (target.sd_within / math.sqrt(n_days))
        return UlVerdict.ABOVE, z
    z = (intake - target.ul) / (target.sd_within / math.sqrt(n_days))
    return (UlVerdict.LIKELY_BELOW if z <= -AI_Z else UlVerdict.NEAR), z
