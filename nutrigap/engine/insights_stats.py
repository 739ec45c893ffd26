"""The statistical tests behind insights and experiments. Insights need only numpy (ranks, Student's t and
Benjamini–Hochberg from :mod:`nutrigap.engine.stats_numpy`: importing ``scipy.stats`` cost the first insights of a
session about 0.9 s, issue #16); the experiments' comparison is a seeded wrapper around scipy.

* :func:`spearman_effective_n`: Spearman's rank correlation with a two-sided p-value from Student's t on the
  *effective* number of days, corrected for the autocorrelation of both series (Pyper & Peterman 1998). This is
  what insights use: twitching comes in spells and intake runs in habits, so neighbouring days are alike.
* :func:`spearman_permutation`: the same correlation with a day-shuffling permutation p-value. It assumes days
  are exchangeable and is kept only as the "before" of ``benchmarks/insights_null.py``, which measures how
  often it reports chance in diaries with spells. Ties (a yes/no outcome is all ties) get average ranks.
* :func:`bh_qvalues`: Benjamini–Hochberg false-discovery-rate q-values (as ``scipy.stats.false_discovery_control``).
* :func:`compare_groups`: Mann–Whitney U (``scipy.stats.mannwhitneyu``) with Cliff's delta and a bootstrap
  confidence interval (``scipy.stats.bootstrap``, percentile method).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nutrigap.engine.stats_numpy import average_ranks, benjamini_hochberg, t_two_sided_p

Array = npt.NDArray[np.float64]


def spearman_permutation(
    x: npt.ArrayLike, y: npt.ArrayLike, *, n_resamples: int = 4999, seed: int = 0
) -> tuple[float, float] | None:
    """Spearman's rho of paired samples and its two-sided permutation p-value; None if either is constant.

    The p-value is the share of ``n_resamples`` random re-pairings of the days whose |rho| is at least as large
    as the observed one, counting the observed pairing too (so it is never 0) — the same test as
    ``scipy.stats.permutation_test(..., permutation_type="pairings")`` on the ranks, which is how this was first
    written. It is done here with one matrix product over all re-pairings (ranks standardised once, rows
    shuffled by ``numpy.random.Generator.permuted``) because scipy's generic version re-sorted random keys for
    every resample and made a year of insights take seconds; ``tests/unit/test_insights_stats.py`` checks the
    two agree.
    """
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    if xs.shape != ys.shape or xs.ndim != 1:
        raise ValueError("x and y must be 1-D arrays of the same length")
    if len(xs) < 3 or np.ptp(xs) == 0 or np.ptp(ys) == 0:
        return None
    zx = _standardise(average_ranks(xs))
    zy = _standardise(average_ranks(ys))
    rho = float(zx @ zy)
    rng = np.random.default_rng(seed)
    # floating-point noise must not make an equally extreme re-pairing look less extreme (scipy does the same)
    threshold = abs(rho) * (1 - 1e-14)
    extreme = 0
    for batch in _batches(n_resamples):
        shuffled = rng.permuted(np.broadcast_to(zy, (batch, len(zy))), axis=1)
        extreme += int(np.count_nonzero(np.abs(shuffled @ zx) >= threshold))
    return rho, (extreme + 1) / (n_resamples + 1)


#: Pyper & Peterman (1998) sum the autocorrelations up to lag N/5: further lags rest on too few pairs.
ACF_MAX_LAG_SHARE = 5


@dataclass(frozen=True, slots=True)
class SpearmanResult:
    """Spearman's rho, its two-sided p-value and the effective number of independent days it rests on."""

    rho: float
    p_value: float
    n_days: int
    effective_days: float


def autocorrelation(values: npt.ArrayLike, max_lag: int) -> Array:
    """Sample autocorrelation at lags 1..``max_lag`` of a series on consecutive days; NaN marks a missing day.

    The usual (biased) estimator: sum over the pairs both known of the centred products, divided by the sum of
    squares of all known values (Box & Jenkins), computed with one FFT so a ten-year diary costs milliseconds.
    """
    v = np.asarray(values, dtype=np.float64)
    known = ~np.isnan(v)
    centred = np.where(known, v - (v[known].mean() if known.any() else 0.0), 0.0)
    size = 1 << int(2 * len(v) - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    acov = np.fft.irfft(spectrum * np.conj(spectrum), size)[: max_lag + 1]
    if acov[0] <= 0:
        return np.zeros(max_lag, dtype=np.float64)
    result: Array = acov[1:] / acov[0]
    return result


def effective_days(x_acf: Array, y_acf: Array, n: int) -> float:
    """Effective number of independent pairs of two autocorrelated series (Pyper & Peterman 1998, eq. 1).

    1/N* = 1/N + (2/N) Σ_j ((N − j)/N) ρ_XX(j) ρ_YY(j), j = 1..N/5 (Can. J. Fish. Aquat. Sci. 55:2127–2140,
    after Chelton 1984). Capped at N: a negative sum (chance) never buys more days than were logged.
    """
    lags = np.arange(1, len(x_acf) + 1, dtype=np.float64)
    inverse = 1.0 / n + (2.0 / n) * float(np.sum((n - lags) / n * x_acf * y_acf))
    return float(n) if inverse <= 1.0 / n else min(float(n), 1.0 / inverse)


def spearman_effective_n(
    x: npt.ArrayLike, y: npt.ArrayLike, days: npt.ArrayLike | None = None
) -> SpearmanResult | None:
    """Spearman's rho with a p-value that allows for autocorrelation in both series; None if either is constant.

    x, y : paired daily values; days : each pair's day number (consecutive integers, gaps where a day is
    missing; default 0..n−1). The ranks' autocorrelations at lags 1..n/5, taken on the calendar so a missing
    day is a gap and not a neighbour, give the effective number of days N* (:func:`effective_days`); the p-value
    is two-sided from t = ρ √((N* − 2)/(1 − ρ²)) on N* − 2 degrees of freedom, the test Pyper & Peterman
    recommend. With independent days N* ≈ N and this is the usual t-test of a rank correlation.
    """
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    if xs.shape != ys.shape or xs.ndim != 1:
        raise ValueError("x and y must be 1-D arrays of the same length")
    n = len(xs)
    if n < 4 or np.ptp(xs) == 0 or np.ptp(ys) == 0:
        return None
    zx = _standardise(average_ranks(xs))
    zy = _standardise(average_ranks(ys))
    rho = float(np.clip(zx @ zy, -1.0, 1.0))
    pos = np.arange(n) if days is None else np.asarray(days, dtype=np.int64) - int(np.min(days))
    grid_x = np.full(int(pos.max()) + 1, np.nan)
    grid_y = grid_x.copy()
    grid_x[pos], grid_y[pos] = zx, zy
    max_lag = max(1, n // ACF_MAX_LAG_SHARE)
    n_eff = effective_days(autocorrelation(grid_x, max_lag), autocorrelation(grid_y, max_lag), n)
    df = max(n_eff - 2.0, 1.0)
    if abs(rho) >= 1.0:
        p = 0.0
    else:
        t = abs(rho) * math.sqrt(df / (1.0 - rho * rho))
        p = t_two_sided_p(t, df)  # 2 · scipy.stats.t.sf(t, df)
    return SpearmanResult(rho=rho, p_value=p, n_days=n, effective_days=n_eff)


def _standardise(ranks: npt.ArrayLike) -> Array:
    values = np.asarray(ranks, dtype=np.float64)
    centred = values - values.mean()
    result: Array = centred / np.sqrt(centred @ centred)
    return result


def _batches(total: int, size: int = 2000) -> list[int]:
    return [min(size, total - start) for start in range(0, total, size)]


def bh_qvalues(pvalues: npt.ArrayLike) -> Array:
    """Benjamini–Hochberg adjusted p-values (q-values) of a family of tests, in the same order."""
    return benjamini_hochberg(pvalues)


def cliffs_delta(during: npt.ArrayLike, before: npt.ArrayLike) -> float:
    """Cliff's delta: P(during > before) − P(during < before) over all pairs, from −1 to 1 (0 = no shift).

    It equals the rank-biserial correlation of the Mann–Whitney U test.
    """
    a = np.asarray(during, dtype=np.float64)[:, None]
    b = np.asarray(before, dtype=np.float64)[None, :]
    return float(np.sign(a - b).mean())


@dataclass(frozen=True, slots=True)
class GroupComparison:
    """Before/during comparison of one daily outcome."""

    n_before: int
    n_during: int
    mean_before: float
    mean_during: float
    u_statistic: float
    p_value: float
    delta: float
    delta_low: float
    delta_high: float


def compare_groups(
    before: npt.ArrayLike, during: npt.ArrayLike, *, seed: int = 0, n_resamples: int = 2000
) -> GroupComparison:
    """Mann–Whitney U (two-sided) of daily values during vs before, Cliff's delta and its 95% bootstrap CI."""
    from scipy import stats

    b = np.asarray(before, dtype=np.float64)
    d = np.asarray(during, dtype=np.float64)
    if len(b) < 2 or len(d) < 2:
        raise ValueError("each group needs at least two days")
    if np.ptp(np.concatenate([b, d])) == 0:
        u, p = len(b) * len(d) / 2.0, 1.0
    else:
        res = stats.mannwhitneyu(d, b, alternative="two-sided", method="auto")
        u, p = float(res.statistic), float(res.pvalue)
    delta = cliffs_delta(d, b)
    low, high = delta, delta
    if np.ptp(d) > 0 or np.ptp(b) > 0:

        def statistic(x: Array, y: Array, axis: int = -1) -> Array:
            diff = np.sign(x[..., :, None] - y[..., None, :])
            out: Array = diff.mean(axis=(-2, -1))
            return out

        boot = stats.bootstrap(
            (d, b),
            statistic,
            vectorized=True,
            paired=False,
            n_resamples=n_resamples,
            confidence_level=0.95,
            method="percentile",
            rng=np.random.default_rng(seed),
        )
        low, high = float(boot.confidence_interval.low), float(boot.confidence_interval.high)
        if math.isnan(low) or math.isnan(high):
            low, high = delta, delta
    return GroupComparison(
        n_before=len(b),
        n_during=len(d),
        mean_before=float(b.mean()),
        mean_during=float(d.mean()),
        u_statistic=u,
        p_value=p,
        delta=delta,
        delta_low=low,
        delta_high=high,
    )


#: The level the wording decides at; a printed p or q must fall on the same side of it as the exact value.
DECISION_LEVEL = 0.05


def _format_stat(name: str, value: float | None, level: float) -> str:
    """'p = 0.023', 'p < 0.001', 'p = 0.0495' (never "0.050" for a value below the level) or 'p = ?'."""
    if value is None or math.isnan(value):
        return f"{name} = ?"
    if value < 0.001:
        return f"{name} < 0.001"
    digits = 3 if value < 0.1 else 2
    text = f"{value:.{digits}f}"
    # more digits until the printed number lies on the same side of the decision level as the value
    while digits < 8 and (float(text) < level) != (value < level):
        digits += 1
        text = f"{value:.{digits}f}"
    return f"{name} = {text}"


def format_p(p: float | None, level: float = DECISION_LEVEL) -> str:
    """'p = 0.023', 'p < 0.001' or 'p = ?'; enough digits to agree with a decision at ``level``."""
    return _format_stat("p", p, level)


def format_q(q: float | None, level: float = DECISION_LEVEL) -> str:
    """'q = 0.023', 'q = 0.0495', 'q < 0.001' or 'q = ?'; enough digits to agree with a decision at ``level``."""
    return _format_stat("q", q, level)
