"""The numbers of the "Average intake vs reference intakes" table, shared by the PDF and the CSV."""

from __future__ import annotations

from dataclasses import dataclass

from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.units import display_unit, to_display
from nutrigap.domain.verdicts import UL_TEXT, UL_WORD, UlVerdict, ul_scope_text
from nutrigap.engine.nutrient_summary import NutrientSummary


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
    ul_code: UlVerdict = UlVerdict.NO_UL
    #: what is compared with the UL [unit/day]: supplemental magnesium, the whole intake otherwise
    ul_intake: float | None = None
    ul_scope: str = "all sources"
    #: the target the user set (a doctor's advice), shown beside the DRI; None when not set
    personal: float | None = None
    personal_note: str | None = None

    @property
    def ul_word(self) -> str:
        """ "below", "near", "ABOVE", "no UL" or "–", with the scope for magnesium: "ABOVE (suppl. only)"."""
        word = UL_WORD[self.ul_code]
        if self.ul_code in (UlVerdict.LIKELY_BELOW, UlVerdict.NEAR, UlVerdict.ABOVE) and self.ul_note:
            return f"{word} (suppl. only)"
        return word

    @property
    def ul_warning(self) -> str | None:
        """A sentence for an intake above or close to the UL; None otherwise."""
        if self.ul_code not in (UlVerdict.ABOVE, UlVerdict.NEAR) or self.ul is None or self.ul_intake is None:
            return None
        source = " from supplements" if self.ul_note else ""
        where = "above" if self.ul_code is UlVerdict.ABOVE else "close to"
        scope = f" (for {self.label.lower()} the UL counts supplements only)" if self.ul_note else ""
        return (
            f"{self.label}: {amount(self.ul_intake, self.unit)}/day{source} is {where} the tolerable upper intake "
            f"level (UL) of {amount(self.ul, self.unit)}/day{scope}."
        )


def intake_rows(summaries: dict[Nutrient, NutrientSummary], vitamin_d_unit: str = "µg") -> list[IntakeRow]:
    """The table's rows in display units: vitamin D in µg or IU, the rest in their own units."""
    rows = []
    for nutrient in TRACKED:
        s = summaries[nutrient]
        t = s.target
        unit = display_unit(nutrient, vitamin_d_unit)

        def conv(value: float | None, n: Nutrient = nutrient) -> float | None:
            if value is None:
                return None
            return to_display(n, value, vitamin_d_unit)

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
                ul_code=a.ul_verdict,
                ul_intake=conv(
                    None if s.intake is None else (s.supplemental or 0.0) if t.ul_scope == "supplemental" else s.intake
                ),
                ul_scope=ul_scope_text(t.ul_scope),
                personal=conv(t.personal),
                personal_note=t.personal_note,
            )
        )
    return rows


def ul_warnings(rows: list[IntakeRow]) -> list[str]:
    """Sentences for every nutrient above (first) or close to its UL, for the text report and the PDF."""
    above = [r.ul_warning for r in rows if r.ul_code is UlVerdict.ABOVE]
    near = [r.ul_warning for r in rows if r.ul_code is UlVerdict.NEAR]
    return [w for w in above + near if w]


def amount(value: float | None, unit: str) -> str:
    """'265 mg', '2,600 mg', '2.4 µg'; an em dash for a missing value."""
    if value is None:
        return "—"
    return f"{value:,.0f} {unit}" if value >= 10 else f"{value:,.1f} {unit}"
