"""Personal experiments: adherence from the diary, and an honest before/during comparison (pandas, scipy).

Two kinds:

* ``nutrient_target``: "raise magnesium to the RDA for 14 days". A day is kept when the day's logged intake
  reaches the goal (the EAR, or the RDA/AI of the user's profile); a day without entries is unknown.
* ``caffeine_cutoff``: "no caffeine after 12:00 for 14 days". The diary has no clock for foods, so NutriGap uses
  what it has: the time of the day's last caffeinated drink (a daily factor the user sets, or that the quick
  caffeine buttons record), a day with zero caffeine, and caffeine-containing foods logged at dinner (dinner is
  taken to be after 17:00, so it breaks any cut-off before then). Caffeine at breakfast, lunch or in snacks has no
  time and cannot be judged; such days stay "unknown" unless the last-caffeine time is set.

The comparison takes a baseline of the same length right before the start and compares the daily number of
episodes and the day's strongest twitch (0 on days without) during vs before with a two-sided Mann–Whitney U test
and Cliff's delta with a bootstrap 95% interval. Only observed days count (a diary entry, a factor or a twitch).
An unblinded self-experiment cannot show cause: expectation, season and other changes act at the same time.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from nutrigap.domain.wording import plural
from nutrigap.engine.insights import observed_days, total_caffeine
from nutrigap.engine.insights_stats import GroupComparison, compare_groups, format_p

KINDS = ("nutrient_target", "caffeine_cutoff")
#: Fewest observed days in each window before a comparison is made.
MIN_COMPARE_DAYS = 7
#: Caffeine in foods logged at dinner counts as after this time.
DINNER_FROM = dt.time(17, 0)
#: Below this share of kept days the comparison says little about the plan itself.
GOOD_ADHERENCE = 0.7
SIGNIFICANCE = 0.05

KEPT, MISSED, UNKNOWN = "kept", "missed", "unknown"


@dataclass(frozen=True, slots=True)
class ExperimentSpec:
    name: str
    kind: str
    start: dt.date
    days: int
    nutrient: str | None = None
    target_level: str | None = None
    goal: float | None = None
    unit: str | None = None
    cutoff: dt.time | None = None
    stopped_on: dt.date | None = None

    @property
    def planned_end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)

    @property
    def baseline(self) -> tuple[dt.date, dt.date]:
        """The same number of days right before the start."""
        return self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1)

    def last_day(self, today: dt.date) -> dt.date:
        """The last day that counts so far: the planned end, the stop day or today, whichever is first."""
        ends = [self.planned_end, today]
        if self.stopped_on is not None:
            ends.append(self.stopped_on)
        return min(ends)

    def status(self, today: dt.date) -> str:
        if self.stopped_on is not None and self.stopped_on < self.planned_end:
            return "stopped"
        if today < self.start:
            return "planned"
        return "finished" if today > self.planned_end or self.stopped_on is not None else "running"

    @property
    def description(self) -> str:
        if self.kind == "caffeine_cutoff":
            assert self.cutoff is not None
            return f"No caffeine after {self.cutoff:%H:%M} for {self.days} days"
        goal = "" if self.goal is None else f" ({self.goal:,g} {self.unit}/day)"
        label = (
            (self.nutrient or "")
            .replace("_", " ")
            .replace("vitamin b12", "vitamin B12")
            .replace("vitamin d", "vitamin D")
        )
        return f"Raise {label} to the {self.target_level}{goal} for {self.days} days"


def nutrient_adherence(intake: pd.Series, entries: pd.Series, goal: float) -> pd.Series:
    """'kept' where the day's intake reaches ``goal``, 'missed' below it, 'unknown' on days without entries."""
    state = pd.Series(UNKNOWN, index=intake.index, dtype="object")
    logged = entries > 0
    state[logged & (intake.fillna(0.0) >= goal)] = KEPT
    state[logged & (intake.fillna(0.0) < goal)] = MISSED
    return state


def cutoff_adherence(
    timeline: pd.DataFrame, last_caffeine: pd.Series, dinner_caffeine: pd.Series, cutoff: dt.time
) -> pd.Series:
    """Per day: 'kept', 'missed' or 'unknown' for a "no caffeine after ``cutoff``" plan (see the module doc)."""
    total = total_caffeine(timeline)
    state = pd.Series(UNKNOWN, index=timeline.index, dtype="object")
    for day in timeline.index:
        last = last_caffeine.get(day)
        dinner = float(dinner_caffeine.get(day, 0.0) or 0.0)
        caffeine = total.get(day)
        if (isinstance(last, dt.time) and last > cutoff) or (dinner > 0 and cutoff < DINNER_FROM):
            state[day] = MISSED
        elif isinstance(last, dt.time) or (caffeine is not None and not math.isnan(caffeine) and caffeine == 0):
            state[day] = KEPT
    return state


@dataclass(frozen=True, slots=True)
class ExperimentResult:
    """Adherence so far and, when there are enough days, the before/during comparison."""

    status: str
    during: tuple[dt.date, dt.date] | None
    baseline: tuple[dt.date, dt.date]
    adherence: tuple[tuple[dt.date, str], ...]
    kept_days: int
    known_days: int
    days_before: int
    days_during: int
    twitch_days_before: int
    twitch_days_during: int
    episodes: GroupComparison | None
    intensity: GroupComparison | None
    text: str

    @property
    def adherence_rate(self) -> float | None:
        return None if self.known_days == 0 else self.kept_days / self.known_days


def daily_outcomes(timeline: pd.DataFrame) -> pd.DataFrame:
    """Observed days only: episodes per day and the day's strongest twitch (0 without episodes)."""
    seen = observed_days(timeline)
    frame = pd.DataFrame(
        {
            "episodes": timeline["twitches"].astype("float64"),
            "intensity": timeline["twitch_max_intensity"].astype("float64").fillna(0.0),
        }
    )
    return frame[seen]


def evaluate(
    spec: ExperimentSpec, timeline: pd.DataFrame, adherence: pd.Series, today: dt.date, *, seed: int = 0
) -> ExperimentResult:
    """Compare the baseline with the experiment days so far. ``timeline`` covers both windows."""
    status = spec.status(today)
    base_first, base_last = spec.baseline
    last = spec.last_day(today)
    during = None if last < spec.start else (spec.start, last)
    in_during = np.array([during is not None and spec.start <= d <= last for d in adherence.index], dtype=bool)
    states = adherence.loc[in_during]
    kept = int((states == KEPT).sum())
    known = int((states != UNKNOWN).sum())
    outs = daily_outcomes(timeline)
    before = outs.loc[np.array([base_first <= d <= base_last for d in outs.index], dtype=bool)]
    inside = outs.loc[np.array([during is not None and spec.start <= d <= last for d in outs.index], dtype=bool)]
    episodes = intensity = None
    if len(before) >= MIN_COMPARE_DAYS and len(inside) >= MIN_COMPARE_DAYS:
        episodes = compare_groups(before["episodes"], inside["episodes"], seed=seed)
        intensity = compare_groups(before["intensity"], inside["intensity"], seed=seed + 1)
    result = ExperimentResult(
        status=status,
        during=during,
        baseline=spec.baseline,
        adherence=tuple((d, str(s)) for d, s in zip(states.index, states, strict=True)),
        kept_days=kept,
        known_days=known,
        days_before=len(before),
        days_during=len(inside),
        twitch_days_before=int((before["episodes"] > 0).sum()),
        twitch_days_during=int((inside["episodes"] > 0).sum()),
        episodes=episodes,
        intensity=intensity,
        text="",
    )
    return _with_text(spec, result)


def comparison_text(
    e: GroupComparison,
    i: GroupComparison,
    before: tuple[int, int],
    during: tuple[int, int],
    word: str = "during",
) -> str:
    """'Twitch days: 5 of 14 before, 2 of 14 during. Episodes per day: … (Mann–Whitney p …; Cliff's delta …).'
    ``before``/``during`` are (twitch days, observed days); ``word`` names the second window ('during', 'since')."""
    direction = "fewer" if e.mean_during < e.mean_before else "more" if e.mean_during > e.mean_before else "as many"
    return (
        f"Twitch days: {before[0]} of {before[1]} before, {during[0]} of {during[1]} {word}. Episodes per day: "
        f"{e.mean_before:.2f} before, {e.mean_during:.2f} {word} ({direction}; Mann–Whitney {format_p(e.p_value)}; "
        f"Cliff's delta {e.delta:+.2f}, 95% CI {e.delta_low:+.2f} to {e.delta_high:+.2f}). Strongest twitch of the "
        f"day: {i.mean_before:.1f} before, {i.mean_during:.1f} {word} ({format_p(i.p_value)}; delta {i.delta:+.2f}, "
        f"95% CI {i.delta_low:+.2f} to {i.delta_high:+.2f})."
    )


def _with_text(spec: ExperimentSpec, r: ExperimentResult) -> ExperimentResult:
    parts: list[str] = []
    if r.status == "planned":
        parts.append(f"Starts on {spec.start}. Keep logging now: the {spec.days} days before it are the baseline.")
    elif r.known_days:
        parts.append(f"You kept to the plan on {r.kept_days} of {r.known_days} days with data so far.")
    else:
        parts.append("No day of the experiment has the data to judge adherence yet.")
    if r.episodes is None or r.intensity is None:
        parts.append(
            "Not enough days to compare yet: "
            f"{plural(r.days_before, 'observed day')} before and {r.days_during} during "
            f"(needs {MIN_COMPARE_DAYS} in each)."
        )
    else:
        e, i = r.episodes, r.intensity
        parts.append(
            comparison_text(e, i, (r.twitch_days_before, r.days_before), (r.twitch_days_during, r.days_during))
        )
        if min(e.p_value, i.p_value) < SIGNIFICANCE:
            parts.append(
                "A difference this large would seldom arise by chance alone. Even so, an unblinded self-experiment "
                "cannot show that the plan caused it: expectation, a more or less stressful fortnight, the season "
                "or other changes at the same time can do the same."
            )
        else:
            parts.append(
                "The difference could easily be chance; this experiment does not show that the plan changed your "
                "twitching (nor that it did not: two weeks are few)."
            )
        rate = r.adherence_rate
        if rate is not None and rate < GOOD_ADHERENCE:
            parts.append(
                f"You kept to the plan on only {100 * rate:.0f}% of the days, so this says little about the plan."
            )
    return replace(r, text=" ".join(parts))
