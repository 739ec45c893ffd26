"""Three small statistics in numpy, so insights need no scipy (importing ``scipy.stats`` alone took about 0.9 s
of the first insights of a session, issue #16).

* :func:`average_ranks`: ranks 1..n with ties given their average rank (``scipy.stats.rankdata``'s default).
* :func:`t_two_sided_p`: the two-sided p-value of Student's t, ``2 * scipy.stats.t.sf(|t|, df)``, through the
  regularized incomplete beta function: P(|T| ≥ t) = I_x(df/2, 1/2) with x = df / (df + t²) (Abramowitz & Stegun
  26.7.1 and 26.5.1), evaluated by its continued fraction (A&S 26.5.8; Lentz's method, as in Numerical Recipes,
  3rd ed., §6.4).
* :func:`benjamini_hochberg`: Benjamini–Hochberg q-values (``scipy.stats.false_discovery_control(ps, method="bh")``).

``tests/unit/test_stats_numpy.py`` checks each against scipy's answer over thousands of random inputs (scipy
stays a dependency: experiments and suggestions use it).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

#: Continued-fraction stopping rule: relative change of one step below this (double precision).
_EPS = 1e-16
#: Smallest magnitude a denominator may take in Lentz's method before it is nudged away from zero.
_TINY = 1e-300
_MAX_ITERATIONS = 10_000


def average_ranks(values: npt.ArrayLike) -> Array:
    """Ranks 1..n of ``values`` (1-D, no NaN); tied values share the mean of the ranks they span."""
    a = np.asarray(values, dtype=np.float64).ravel()
    order = np.argsort(a, kind="mergesort")
    inverse = np.empty(a.size, dtype=np.intp)
    inverse[order] = np.arange(a.size)
    ordered = a[order]
    starts = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    dense = np.cumsum(starts)[inverse]  # 1-based group number of each value
    bounds = np.concatenate((np.nonzero(starts)[0], [a.size]))  # where each group starts, then n
    ranks: Array = 0.5 * (bounds[dense] + bounds[dense - 1] + 1)
    return ranks


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b) (A&S 26.5.8), by the modified Lentz method."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_ITERATIONS + 1):
        m2 = 2 * m
        even = m * (b - m) * x / ((qam + m2) * (a + m2))
        odd = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        for numerator in (even, odd):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            step = d * c
            h *= step
        if abs(step - 1.0) < _EPS:
            return h
    return h  # not reached for the a, b of a t-test; the last value is accurate to far below the p printed


def regularized_incomplete_beta(a: float, b: float, x: float, y: float | None = None) -> float:
    """I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1 (``scipy.special.betainc(a, b, x)``); ``y`` = 1 − x when the
    caller knows it more exactly than the subtraction would give."""
    y = 1.0 - x if y is None else y
    if not (a > 0 and b > 0) or not 0.0 <= x <= 1.0:
        raise ValueError(f"betainc needs a, b > 0 and 0 <= x <= 1 (got a={a}, b={b}, x={x})")
    if x == 0.0 or y == 0.0:
        return 0.0 if x == 0.0 else 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(y)
    # the fraction converges fast for x < (a+1)/(a+b+2); beyond, the symmetry I_x(a,b) = 1 − I_{1−x}(b,a)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, y) / b


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| ≥ |t|) for Student's t with ``df`` > 0 degrees of freedom (``2 * scipy.stats.t.sf(abs(t), df)``)."""
    if not df > 0:
        raise ValueError(f"degrees of freedom must be positive (got {df})")
    if math.isnan(t):
        return math.nan
    if math.isinf(t):
        return 0.0
    t2 = t * t
    # x = df/(df+t²) and 1 − x = t²/(df+t²) each computed directly, so neither loses digits to a subtraction
    return regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2))


def benjamini_hochberg(pvalues: npt.ArrayLike) -> Array:
    """Benjamini–Hochberg adjusted p-values (q-values) of a family of tests, in the order given.

    q_(i) = min over j ≥ i of p_(j) · m / j for the p-values sorted ascending, capped at 1 (Benjamini &
    Hochberg 1995).
    """
    ps = np.asarray(pvalues, dtype=np.float64)
    if ps.ndim != 1:
        raise ValueError("p-values must be a 1-D array")
    if ps.size == 0:
        return ps.copy()
    if np.isnan(ps).any() or (ps < 0).any() or (ps > 1).any():
        raise ValueError("p-values must lie between 0 and 1")
    m = ps.size
    order = np.argsort(ps, kind="mergesort")
    scaled = ps[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m, dtype=np.float64)
    out[order] = np.clip(adjusted, 0.0, 1.0)
    return out
