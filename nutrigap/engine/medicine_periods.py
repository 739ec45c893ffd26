"""Twitching before and after a medicine was started (issue #17), compared as a personal experiment is
(:mod:`nutrigap.engine.experiments`): the observed days of up to four weeks before the start against the days
since, by Mann–Whitney U and Cliff's delta on episodes per day and the day's strongest twitch, with the same
caveats, and more: a medicine is started for a reason, and that reason changes too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nutrigap.domain.medicines import Medicine, interaction_sentence
from nutrigap.engine.experiments import MIN_COMPARE_DAYS, SIGNIFICANCE, comparison_text, daily_outcomes
from nutrigap.engine.insights_stats import GroupComparison, compare_groups

#: The longest window on each side of a start [days].
WINDOW_DAYS = 28
CAVEAT = (
    "A medicine is not an experiment: whatever it was started for, and anything else that changed at the same "
    "time, can change twitching too, so this cannot show that the medicine did it. Never stop or change a "
    "medicine because of it; bring it to your doctor."
)


@dataclass(frozen=True, slots=True)
class MedicineFinding:
    """What the insights say about one medicine: the ODS sentence and, for a start inside the diary, the
    before/after comparison (None when there were too few observed days)."""

    medicine: Medicine
    interaction: str | None
    days_before: int = 0
    days_since: int = 0
    episodes: GroupComparison | None = None
    intensity: GroupComparison | None = None
    text: str = ""
    caveat: str = CAVEAT

    def to_json(self) -> dict[str, object]:
        def comparison(g: GroupComparison | None) -> dict[str, float] | None:
            if g is None:
                return None
            return {"before": g.mean_before, "since": g.mean_during, "p_value": g.p_value, "delta": g.delta}

        return {
            "medicine": self.medicine.name,
            "class": self.medicine.class_id,
            "start": None if self.medicine.start is None else self.medicine.start.isoformat(),
            "interaction": self.interaction,
            "days_before": self.days_before,
            "days_since": self.days_since,
            "episodes": comparison(self.episodes),
            "intensity": comparison(self.intensity),
            "text": self.text,
            "caveat": self.caveat,
        }


def _days(frame: pd.DataFrame, first: dt.date, last: dt.date) -> pd.DataFrame:
    return frame.loc[np.array([first <= d <= last for d in frame.index], dtype=bool)]


def medicine_finding(
    medicine: Medicine,
    timeline: pd.DataFrame,
    last: dt.date,
    *,
    seed: int = 0,
    day_text: Callable[[dt.date], str] = dt.date.isoformat,
) -> MedicineFinding:
    """The finding of one medicine over ``timeline`` (days as index, up to ``last``); ``day_text`` writes the
    start day (ISO by default, the window's or the report's style where they show it)."""
    interaction = interaction_sentence(medicine)
    start = medicine.start
    if start is None or start > last or timeline.empty or start <= min(timeline.index):
        return MedicineFinding(medicine, interaction)
    outcomes = daily_outcomes(timeline)
    end = min(last, start + dt.timedelta(days=WINDOW_DAYS - 1), medicine.stop or last)
    before = _days(outcomes, start - dt.timedelta(days=WINDOW_DAYS), start - dt.timedelta(days=1))
    since = _days(outcomes, start, end)
    word = "since" if medicine.stop is None or medicine.stop > end else "while taken"
    counts = ((int((before["episodes"] > 0).sum()), len(before)), (int((since["episodes"] > 0).sum()), len(since)))
    if len(before) < MIN_COMPARE_DAYS or len(since) < MIN_COMPARE_DAYS:
        text = (
            f"{medicine.name}, started {day_text(start)}: not enough days to compare twitching yet: "
            f"{len(before)} observed before and {len(since)} {word} (needs {MIN_COMPARE_DAYS} in each)."
        )
        return MedicineFinding(medicine, interaction, len(before), len(since), text=text)
    episodes = compare_groups(before["episodes"], since["episodes"], seed=seed)
    intensity = compare_groups(before["intensity"], since["intensity"], seed=seed + 1)
    chance = (
        "A difference this large would seldom arise by chance alone."
        if min(episodes.p_value, intensity.p_value) < SIGNIFICANCE
        else "The difference could easily be chance."
    )
    compared = comparison_text(episodes, intensity, *counts, word=word)
    text = f"{medicine.name}, started {day_text(start)}. {compared} {chance}"
    return MedicineFinding(medicine, interaction, len(before), len(since), episodes, intensity, text)


def medicine_findings(
    medicines: list[Medicine],
    timeline: pd.DataFrame,
    first: dt.date,
    last: dt.date,
    *,
    seed: int = 0,
    day_text: Callable[[dt.date], str] = dt.date.isoformat,
) -> tuple[MedicineFinding, ...]:
    """A finding for each medicine taken at some time from ``first`` to ``last`` (or with no dates), those the
    fact sheets link to a nutrient or started inside the period; ``timeline`` may reach further back."""
    found = []
    for n, m in enumerate(medicines):
        taken = (m.start is None or m.start <= last) and (m.stop is None or m.stop >= first)
        if not taken:
            continue
        finding = medicine_finding(m, timeline, last, seed=seed + 2 * n, day_text=day_text)
        if finding.interaction is not None or finding.text:
            found.append(finding)
    return tuple(found)
