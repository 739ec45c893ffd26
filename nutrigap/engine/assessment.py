"""Verdicts on usual intake for one person, following the IOM's *DRI: Applications in Dietary Assessment* (2000).

Nutrients with an EAR (magnesium, calcium, vitamin D, B12 from age 1): the probability approach (p.186–190,
Appendix B)::

    D = mean intake − EAR;  SD_D = sqrt(SD_requirement² + SD_within² / n);  z = D / SD_D

Nutrients with only an AI (potassium at every age; all five for infants): the one-sided test (p.60–61,
Table B-6) ``z = (mean − AI) / (SD_within / sqrt n)``. UL (p.64): the same test against the UL; for magnesium
only supplemental intake counts.

The thresholds the verdict words use, and the confidence each stands for (Φ = standard normal distribution):

=====================  ===========================  ==============================================================
verdict                rule                         confidence it stands for
=====================  ===========================  ==============================================================
likely adequate (EAR)  z ≥ 0.95                     P(usual intake ≥ requirement) = Φ(z) ≥ 0.83, "about 85%":
                                                    Table B-1 (p.190) puts 85% at D/SD_D = 1.0, and the worked
                                                    example (p.54, D/SD_D = 55/56 = 0.98) reads "≈ 1, about 85%
                                                    confidence of adequacy"; the IOM works to one decimal, so 0.95
                                                    and above is its 1.0
uncertain              −0.95 < z < 0.95             Φ(z) between 0.17 and 0.83: neither conclusion reaches ~85%
likely inadequate      z ≤ −0.95                    P(usual intake < requirement) ≥ 0.83 ("about 85%")
likely adequate (AI)   z ≥ 1.65                     one-sided 95% that usual intake is above the AI (Table B-6)
cannot be judged (AI)  z < 1.65                     below (or not surely above) the AI says nothing about adequacy
                                                    (p.61): never "inadequate"
below the UL           z ≤ −1.65                    one-sided 95% that usual intake is below the UL (p.64)
near the UL            −1.65 < z, mean ≤ UL         not 95% sure usual intake is below the UL
above the UL           mean > UL                    the mean itself exceeds the UL: possible risk
=====================  ===========================  ==============================================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nutrigap.domain.targets import Target
from nutrigap.domain.verdicts import VERDICT_TEXT, UlVerdict, Verdict

#: |z| at or above which a conclusion is drawn: D/SD_D = 1.0 at the IOM's one-decimal precision (Table B-1: about
#: 85% probability of being right; the p.54 worked example, 55/56 = 0.98, is "≈ 1, about 85%"). See the table above.
EAR_Z = 0.95
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
        if z >= EAR_Z:
            verdict = Verdict.LIKELY_ADEQUATE
        elif z <= -EAR_Z:
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
