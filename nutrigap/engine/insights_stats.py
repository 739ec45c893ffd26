"""The statistical tests behind insights and experiments, each a thin, seeded wrapper around scipy.

* :func:`spearman_permutation`: Spearman's rank correlation with a two-sided permutation p-value
  (``scipy.stats.permutation_test``, pairings shuffled). Ties (a yes/no outcome is all ties) get average ranks.
* :func:`bh_qvalues`: Benjamini–Hochberg false-discovery-rate q-values (``scipy.stats.false_discovery_control``).
* :func:`compare_groups`: Mann–Whitney U (``scipy.stats.mannwhitneyu``) with Cliff's delta and a bootstrap
  confidence interval (``scipy.stats.bootstrap``, percentile method).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

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
    from scipy import stats

    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    if xs.shape != ys.shape or xs.ndim != 1:
        raise ValueError("x and y must be 1-D arrays of the same length")
    if len(xs) < 3 or np.ptp(xs) == 0 or np.ptp(ys) == 0:
        return None
    zx = _standardise(stats.rankdata(xs))
    zy = _standardise(stats.rankdata(ys))
    rho = float(zx @ zy)
    rng = np.random.default_rng(seed)
    # floating-point noise must not make an equally extreme re-pairing look less extreme (scipy does the same)
    threshold = abs(rho) * (1 - 1e-14)
    extreme = 0
    for batch in _batches(n_resamples):
        shuffled = rng.permuted(np.broadcast_to(zy, (batch, len(zy))), axis=1)
        extreme += int(np.count_nonzero(np.abs(shuffled @ zx) >= threshold))
    return rho, (extreme + 1) / (n_resamples + 1)


def _standardise(ranks: npt.ArrayLike) -> Array:
    values = np.asarray(ranks, dtype=np.float64)
    centred = values - values.mean()
    result: Array = centred / np.sqrt(centred @ centred)
    return result


def _batches(total: int, size: int = 2000) -> list[int]:
    return [min(size, total - start) for start in range(0, total, size)]


def bh_qvalues(pvalues: npt.ArrayLike) -> Array:
    """Benjamini–Hochberg adjusted p-values (q-values) of a family of tests, in the same order."""
    from scipy import stats

    ps = np.asarray(pvalues, dtype=np.float64)
    if ps.size == 0:
        return ps
    qs: Array = np.asarray(stats.false_discovery_control(ps, method="bh"), dtype=np.float64)
    return qs


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


def format_p(p: float | None) -> str:
    """'p = 0.023', 'p < 0.001' or 'p = ?'."""
    if p is None or math.isnan(p):
        return "p = ?"
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.1 else f"p = {p:.2f}"


def format_q(q: float | None) -> str:
    if q is None or math.isnan(q):
        return "q = ?"
    if q < 0.001:
        return "q < 0.001"
    return f"q = {q:.3f}" if q < 0.1 else f"q = {q:.2f}"
