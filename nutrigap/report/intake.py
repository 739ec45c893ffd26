"""The numbers of the "Average intake vs reference intakes" table, shared by the PDF and the CSV."""

from __future__ import annotations

from dataclasses import dataclass

from nutrigap.domain.nutrients import TRACKED, Nutrient, vitamin_d_to_display
from nutrigap.engine.assessment import UL_TEXT, UlVerdict
from nutrigap.engine.summary import NutrientSummary


@dataclass(frozen=True, slots=True)
class IntakeRow:
    """One nutrient's line of the table, amounts in ``unit`` per day (vitamin D in the profile's unit)."""

    nutrient: Nutrient
    label: str
    unit: str
    intake: float | None
    ear: float | None
    target: float
    target_kind: str
    ul: float | None
    ul_note: str | None
    percent: float | None
    verdict: str
    confidence: float | None
    confidence_text: str | None
    indicative_only: bool
    ul_verdict: str
    unknown_share: float | None
    days: int
    #: the target the user set (a doctor's advice), shown beside the DRI; None when not set
    personal: float | None = None
    personal_note: str | None = None


def intake_rows(summaries: dict[Nutrient, NutrientSummary], vitamin_d_unit: str = "µg") -> list[IntakeRow]:
    """The table's rows in display units: vitamin D in µg or IU, the rest in their own units."""
    rows = []
    for nutrient in TRACKED:
        s = summaries[nutrient]
        t = s.target
        unit = vitamin_d_unit if nutrient is Nutrient.VITAMIN_D else s.unit

        def conv(value: float | None, n: Nutrient = nutrient) -> float | None:
            if value is None:
                return None
            return vitamin_d_to_display(value, vitamin_d_unit) if n is Nutrient.VITAMIN_D else value

        a = s.assessment
        if a.confidence is None:
            confidence_text = None
        elif a.method == "EAR":
            confidence_text = f"{a.confidence:.0%} probability intake is adequate"
        else:
            confidence_text = f"{a.confidence:.0%} probability intake is above the AI"
        rows.append(
            IntakeRow(
                nutrient=nutrient,
                label=nutrient.label,
                unit=unit,
                intake=conv(s.intake),
                ear=conv(t.ear),
                target=conv(t.target) or t.target,
                target_kind=t.target_kind,
                ul=conv(t.ul),
                ul_note="supplements only" if t.ul_scope == "supplemental" else None,
                percent=s.percent,
                verdict=a.text,
                confidence=a.confidence,
                confidence_text=confidence_text,
                indicative_only=a.indicative_only,
                ul_verdict=UL_TEXT[a.ul_verdict] if a.ul_verdict is not UlVerdict.NO_UL else "no UL set",
                unknown_share=s.unknown_share,
                days=s.n_days,
                personal=conv(t.personal),
                personal_note=t.personal_note,
            )
        )
    return rows


def amount(value: float | None, unit: str) -> str:
    """'265 mg', '2,600 mg', '2.4 µg'; an em dash for a missing value."""
    if value is None:
        return "—"
    return f"{value:,.0f} {unit}" if value >= 10 else f"{value:,.1f} {unit}"
