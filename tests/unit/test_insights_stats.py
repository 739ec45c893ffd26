"""Known-answer tests for the statistics behind insights and experiments (scipy wrappers)."""

from __future__ import annotations

import numpy as np
import pytest

from nutrigap.engine.insights_stats import bh_qvalues, cliffs_delta, compare_groups, format_p, spearman_permutation


def test_planted_rank_association_is_found_with_a_small_p() -> None:
    rng = np.random.default_rng(1)
    magnesium = rng.normal(300, 80, 60)
    twitch_day = (magnesium + rng.normal(0, 40, 60) < 300).astype(float)  # low intake goes with twitching
    rho, p = spearman_permutation(magnesium, twitch_day, n_resamples=1999, seed=3)  # type: ignore[misc]
    assert rho < -0.5
    assert p <= 0.002  # no random re-pairing of 1,999 came close (the floor is 1/1000 two-sided)


def test_spearman_matches_scipy_and_is_reproducible() -> None:
    from scipy import stats

    rng = np.random.default_rng(2)
    x, y = rng.normal(size=30), rng.normal(size=30)
    first = spearman_permutation(x, y, n_resamples=999, seed=5)
    again = spearman_permutation(x, y, n_resamples=999, seed=5)
    assert first == again
    assert first is not None
    assert first[0] == pytest.approx(stats.spearmanr(x, y).statistic)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_permutation_p_agrees_with_scipy_permutation_test(seed: int) -> None:
    """The vectorised re-pairing test gives scipy.stats.permutation_test's p-value (same null, Monte Carlo)."""
    from scipy import stats

    rng = np.random.default_rng(seed)
    x = rng.normal(size=50)
    y = ((x * 0.4 + rng.normal(size=50)) > 0.3).astype(float)  # a weak association with a tied outcome
    rx, ry = stats.rankdata(x), stats.rankdata(y)

    def pearson(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
        da = a - a.mean(axis=axis, keepdims=True)
        db = b - b.mean(axis=axis, keepdims=True)
        return (da * db).sum(axis=axis) / np.sqrt((da * da).sum(axis=axis) * (db * db).sum(axis=axis))  # type: ignore[no-any-return]

    reference = stats.permutation_test(
        (rx, ry), pearson, permutation_type="pairings", vectorized=True, n_resamples=19999,
        rng=np.random.default_rng(seed),
    )  # fmt: skip
    ours = spearman_permutation(x, y, n_resamples=19999, seed=seed)
    assert ours is not None
    assert ours[0] == pytest.approx(float(reference.statistic))
    # two Monte Carlo estimates of the same p: within 4 standard errors of each other
    se = np.sqrt(reference.pvalue * (1 - reference.pvalue) / 19999) * np.sqrt(2)
    assert abs(ours[1] - float(reference.pvalue)) <= 4 * se + 1e-4


def test_noise_is_called_significant_only_at_the_stated_rate() -> None:
    """Under no association, p < 0.05 should happen in about 5% of datasets (here: 200 seeds)."""
    hits = 0
    for seed in range(200):
        rng = np.random.default_rng(1000 + seed)
        x = rng.normal(size=40)
        y = (rng.random(40) < 0.4).astype(float)
        result = spearman_permutation(x, y, n_resamples=499, seed=seed)
        assert result is not None
        hits += result[1] < 0.05
    assert 2 <= hits <= 20  # 1%..10% of 200: the permutation test is neither broken nor liberal


def test_constant_series_gives_no_result() -> None:
    assert spearman_permutation([1.0] * 20, list(range(20))) is None
    assert spearman_permutation(list(range(20)), [0.0] * 20) is None


def test_benjamini_hochberg_known_values() -> None:
    q = bh_qvalues([0.01, 0.04, 0.03, 0.5])
    assert q == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5])
    assert bh_qvalues([]).size == 0


def test_cliffs_delta_known_values() -> None:
    assert cliffs_delta([5, 6, 7], [1, 2, 3]) == 1.0
    assert cliffs_delta([1, 2, 3], [5, 6, 7]) == -1.0
    assert cliffs_delta([1, 2, 3], [1, 2, 3]) == 0.0
    assert cliffs_delta([1, 3], [2]) == 0.0


def test_compare_groups_planted_effect_vs_none() -> None:
    before = [2, 3, 1, 2, 4, 2, 3, 2, 1, 3, 2, 2, 3, 2]
    fewer = [0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0]
    shift = compare_groups(before, fewer, seed=1)
    assert shift.p_value < 0.001
    assert shift.delta < -0.8 and shift.delta_high < 0
    same = compare_groups(before, list(reversed(before)), seed=1)
    assert same.p_value == pytest.approx(1.0)
    assert same.delta == 0.0
    assert same.delta_low <= 0.0 <= same.delta_high


def test_format_p() -> None:
    assert format_p(0.0004) == "p < 0.001"
    assert format_p(0.0234) == "p = 0.023"
    assert format_p(0.5) == "p = 0.50"
    assert format_p(None) == "p = ?"


def test_printed_p_and_q_agree_with_the_decision() -> None:
    """q = 0.0495 counts as below 0.05, so it must not print as "0.050"."""
    from nutrigap.engine.insights_stats import format_q

    assert format_q(0.0495) == "q = 0.0495"
    assert format_q(0.04999) == "q = 0.04999"
    assert format_q(0.0501) == "q = 0.050"  # already on the right side of 0.05
    assert format_q(0.023) == "q = 0.023"
    assert format_p(0.0496) == "p = 0.0496"
    assert format_p(0.0004) == "p < 0.001"
    assert format_p(0.5) == "p = 0.50"


def test_effective_n_equals_the_days_for_independent_series_and_shrinks_with_spells() -> None:
    from nutrigap.engine.insights_stats import autocorrelation, spearman_effective_n

    rng = np.random.default_rng(4)
    x, y = rng.normal(size=200), rng.normal(size=200)
    independent = spearman_effective_n(x, y)
    assert independent is not None and independent.effective_days > 150
    # t-test on all days: agrees with scipy's Spearman p-value when nothing is autocorrelated
    from scipy import stats

    full = spearman_effective_n(x, y[::-1])
    assert full is not None
    if full.effective_days == 200:
        assert full.p_value == pytest.approx(stats.spearmanr(x, y[::-1]).pvalue, rel=1e-6)
    slow = np.sin(np.arange(200) / 10.0)
    both = spearman_effective_n(slow + rng.normal(scale=0.1, size=200), np.cos(np.arange(200) / 10.0))
    assert both is not None and both.effective_days < 40
    # a gap in the calendar is a gap, not a neighbour
    acf = autocorrelation(np.array([1.0, np.nan, 1.0, -1.0, np.nan, -1.0]), 2)
    assert acf.shape == (2,)
