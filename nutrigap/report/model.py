"""What a doctor's report holds: plain data gathered by ``nutrigap.services.doctor_report`` (no database here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from nutrigap.domain.diary import LifeStage, Profile
from nutrigap.domain.labs import LabResult
from nutrigap.domain.medicines import Medicine
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.wording import format_period
from nutrigap.engine.summary import NutrientSummary

DISCLAIMER = (
    "NutriGap shows associations in your own records; it does not diagnose. Twitches are common and rarely a "
    "sign of anything serious, but see a doctor if a twitch lasts more than two weeks, is in more than one "
    "place, or comes with weakness, stiffness, muscle wasting, slurred speech, difficulty swallowing or "
    "breathing, or may be caused by a medicine (do not stop a prescribed medicine without advice). Intake "
    "verdicts estimate usual intake from the days logged (IOM 2000); they are not a blood test. Do not take "
    "supplements above the tolerable upper intake level (UL) without medical advice."
)

NOT_ENOUGH_DATA = (
    "Not enough data yet: insights need more logged days with twitch episodes and factors to compare. Keep "
    "logging; associations are only shown once there is enough to say something honest."
)


@dataclass(frozen=True, slots=True)
class InsightItem:
    """One finding of the statistics, with what limits it (e.g. 'few days; association, not cause')."""

    text: str
    caveat: str | None = None


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A reason to see a doctor, with what to ask for."""

    title: str
    detail: str
    ask_for: str | None = None


@dataclass(frozen=True, slots=True)
class TwitchSummary:
    """The twitch log of a period."""

    episodes: int
    days_with_twitches: int
    days_in_period: int
    #: (location label, episodes), most frequent first
    locations: tuple[tuple[str, int], ...]
    #: (side, episodes)
    sides: tuple[tuple[str, int], ...]
    intensity_mean: float | None
    intensity_max: int | None
    #: (symptom label, episodes on which it was ticked), only symptoms ticked at least once
    symptoms: tuple[tuple[str, int], ...]
    #: sum of the durations entered [s]; episodes without one are unknown, not 0 (see episodes_with_duration)
    total_duration_s: float
    episodes_with_duration: int = 0


@dataclass(frozen=True, slots=True)
class FactorSummary:
    """One lifestyle factor over the days it was recorded."""

    key: str
    label: str
    unit: str
    mean: float | None
    minimum: float | None
    maximum: float | None
    days_recorded: int


@dataclass(frozen=True, slots=True)
class DoctorReport:
    """Everything a week or month report shows, in plain data. ``timeline`` covers the period's days;
    ``trend_timeline`` starts ``trend_lead_in`` days earlier so the trend chart's first averages are real."""

    kind: str  # "week", "month" or "range" (any dates, e.g. the last four weeks)
    start: dt.date
    end: dt.date
    profile: Profile
    profile_is_default: bool
    summaries: dict[Nutrient, NutrientSummary]
    logged_days: int
    energy_kcal: float | None
    timeline: pd.DataFrame
    trend_timeline: pd.DataFrame
    trend_start: dt.date
    twitches: TwitchSummary
    factors: tuple[FactorSummary, ...]
    insights: tuple[InsightItem, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    #: None when the statistics were not computed (or had too little to go on)
    enough_data: bool | None = None
    insights_disclaimer: str | None = None
    #: logged days that are complete (the days the verdicts judge); None: every logged day
    complete_days: int | None = None
    data_sources: tuple[str, ...] = ()
    #: medicines and supplements taken regularly (issue #17), as the medicines list holds them
    medicines: tuple[Medicine, ...] = ()
    #: twitching before and since each medicine's start, with its caveat (from the insights)
    medicine_comparisons: tuple[InsightItem, ...] = ()
    generated_on: dt.date = field(default_factory=dt.date.today)
    disclaimer: str = DISCLAIMER
    #: blood test results of the year up to ``end``, tracked nutrients first (issue #17)
    blood: tuple[LabResult, ...] = ()

    @property
    def days_in_period(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def vitamin_d_unit(self) -> str:
        return self.profile.vitamin_d_unit

    @property
    def period_label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        if self.kind == "range":
            return format_period(self.start, self.end)
        return f"week of {format_period(self.start, self.end)}"

    def profile_text(self) -> str:
        """'female, 38 years, not pregnant or lactating'."""
        p = self.profile
        stage = {
            LifeStage.NONE: "not pregnant or lactating" if p.sex.value == "female" else None,
            LifeStage.PREGNANT: "pregnant",
            LifeStage.LACTATING: "lactating",
        }[p.life_stage]
        born = format_period(p.birth_date, p.birth_date)  # the report's one date style: '3 May 1988'
        parts = [p.sex.value, f"{p.age_years(self.end)} years (born {born})"]
        if stage:
            parts.append(stage)
        return ", ".join(parts)
