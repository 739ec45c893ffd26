"""Seeded simulation: insights keep their false-discovery promise when twitch days come in spells (issue #12).

Small enough for CI (about half a minute); ``benchmarks/insights_null.py`` runs the same scenarios with many more
diaries and writes the table with binomial confidence intervals, before and after.
"""

from __future__ import annotations

import numpy as np
import pytest

from nutrigap.engine.insights import analyse
from nutrigap.engine.insights_simulation import NULL_SCENARIOS, simulated_diary

DAYS = 56  # 8 weeks


def reported(
    scenario: str, diaries: int, seed: int, null: str = "effective_n", resamples: int = 199
) -> tuple[float, float]:
    """Share of diaries with any reported association, and with magnesium reported as lower-goes-with-twitching."""
    rng = np.random.default_rng(seed)
    any_found = magnesium_found = 0
    for _ in range(diaries):
        frame = simulated_diary(scenario, DAYS, rng)
        result = analyse(frame, start=frame.index[3], null=null, n_resamples=resamples)
        any_found += any(i.notable for i in result.items)
        magnesium_found += any(i.notable and i.key == "magnesium" and (i.rho or 0.0) < 0 for i in result.items)
    return any_found / diaries, magnesium_found / diaries


@pytest.mark.parametrize("scenario", NULL_SCENARIOS)
def test_chance_is_reported_in_at_most_5_percent_of_diaries(scenario: str) -> None:
    share, _ = reported(scenario, 120, seed=12)
    assert share <= 0.05, f"{scenario}: {share:.1%} of null diaries reported an association"


def test_a_planted_magnesium_association_is_found_in_8_week_diaries() -> None:
    _, found = reported("planted", 100, seed=12)
    assert found >= 0.80


def test_day_shuffling_broke_the_promise_with_spells() -> None:
    """The first version's null (days re-paired at random) with autocorrelated exposures and twitch spells."""
    share, _ = reported("ar1_0.7", 30, seed=12, null="day_shuffle", resamples=999)
    assert share > 0.20
    after, _ = reported("ar1_0.7", 30, seed=12)
    assert after <= 0.05
