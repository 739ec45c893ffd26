"""The numpy statistics insights use instead of scipy (issue #16) give scipy's answers over many random inputs,
and insights computed with them equal insights computed the previous way (scipy's rankdata, t.sf and
false_discovery_control). scipy stays a dependency (experiments, suggestions), so it is the reference here."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from scipy import special, stats

from nutrigap.engine.insights_stats import bh_qvalues, spearman_effective_n
from nutrigap.engine.stats_numpy import (
    average_ranks,
    benjamini_hochberg,
    regularized_incomplete_beta,
    t_two_sided_p,
)


def test_average_ranks_equal_scipy_rankdata_with_and_without_ties() -> None:
    rng = np.random.default_rng(16)
    for _ in range(3000):
        n = int(rng.integers(1, 300))
        kind = int(rng.integers(0, 3))
        if kind == 0:  # continuous: no ties
            values = rng.normal(size=n)
        elif kind == 1:  # a yes/no outcome: all ties
            values = rng.integers(0, 2, size=n).astype(float)
        else:  # intensities 0..10 and rounded intakes: many ties
            values = np.round(rng.gamma(2.0, 50.0, size=n), int(rng.integers(-2, 1)))
        np.testing.assert_array_equal(average_ranks(values), stats.rankdata(values))


def test_t_two_sided_p_equals_scipy_t_sf() -> None:
    """Relative error below 1e-9 over the degrees of freedom insights meet (effective days − 2, up to ten
    years of days and beyond) and t from 0 to far in the tail."""
    rng = np.random.default_rng(61)
    worst = 0.0
    for _ in range(20000):
        df = float(rng.choice([rng.uniform(1.0, 10.0), rng.uniform(1.0, 4000.0), float(rng.integers(1, 60))]))
        t = float(abs(rng.standard_normal()) * rng.choice([0.001, 0.5, 2.0, 5.0, 30.0]))
        expected = float(2.0 * stats.t.sf(t, df))
        got = t_two_sided_p(t, df)
        if expected == 0.0:
            assert got < 1e-300
            continue
        worst = max(worst, abs(got - expected) / expected)
    assert worst < 1e-9


@pytest.mark.parametrize(("t", "df"), [(0.0, 5.0), (-2.0, 7.5), (math.inf, 3.0), (1e-12, 2.0), (50.0, 1.0)])
def test_t_two_sided_p_edge_cases(t: float, df: float) -> None:
    assert t_two_sided_p(t, df) == pytest.approx(float(2.0 * stats.t.sf(abs(t), df)), rel=1e-10, abs=1e-300)


def test_t_two_sided_p_refuses_bad_degrees_of_freedom() -> None:
    with pytest.raises(ValueError, match="degrees of freedom"):
        t_two_sided_p(1.0, 0.0)
    assert math.isnan(t_two_sided_p(math.nan, 4.0))


def test_regularized_incomplete_beta_equals_scipy_betainc() -> None:
    rng = np.random.default_rng(7)
    for _ in range(3000):
        a, b = float(rng.uniform(0.05, 200.0)), float(rng.uniform(0.05, 200.0))
        x = float(rng.uniform())
        expected = float(special.betainc(a, b, x))
        assert regularized_incomplete_beta(a, b, x) == pytest.approx(expected, rel=1e-9, abs=1e-14)
    assert regularized_incomplete_beta(2.0, 3.0, 0.0) == 0.0
    assert regularized_incomplete_beta(2.0, 3.0, 1.0) == 1.0
    with pytest.raises(ValueError):
        regularized_incomplete_beta(-1.0, 3.0, 0.5)


def test_benjamini_hochberg_equals_scipy_false_discovery_control() -> None:
    rng = np.random.default_rng(5)
    for _ in range(3000):
        m = int(rng.integers(1, 120))
        ps = rng.uniform(size=m) ** float(rng.uniform(0.5, 6.0))
        if m > 3:
            ps[rng.integers(0, m, size=2)] = ps[0]  # ties among the p-values
        expected = stats.false_discovery_control(ps, method="bh")
        np.testing.assert_allclose(benjamini_hochberg(ps), expected, rtol=1e-13, atol=0)
        np.testing.assert_allclose(bh_qvalues(ps), expected, rtol=1e-13, atol=0)
    assert benjamini_hochberg([]).size == 0
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([0.2, math.nan])
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([1.5])


def _previous_spearman_effective_n(x: np.ndarray, y: np.ndarray, days: np.ndarray) -> tuple[float, float, float]:
    """spearman_effective_n as it was before issue #16: scipy's ranks and Student's t."""
    from nutrigap.engine.insights_stats import ACF_MAX_LAG_SHARE, autocorrelation, effective_days

    def standardise(r: np.ndarray) -> np.ndarray:
        c = r - r.mean()
        return np.asarray(c / np.sqrt(c @ c))

    zx, zy = standardise(stats.rankdata(x)), standardise(stats.rankdata(y))
    rho = float(np.clip(zx @ zy, -1.0, 1.0))
    n = len(x)
    pos = days - days.min()
    gx = np.full(int(pos.max()) + 1, np.nan)
    gy = gx.copy()
    gx[pos], gy[pos] = zx, zy
    lag = max(1, n // ACF_MAX_LAG_SHARE)
    n_eff = effective_days(autocorrelation(gx, lag), autocorrelation(gy, lag), n)
    df = max(n_eff - 2.0, 1.0)
    p = 0.0 if abs(rho) >= 1 else float(2.0 * stats.t.sf(abs(rho) * math.sqrt(df / (1.0 - rho * rho)), df))
    return rho, p, n_eff


def test_spearman_effective_n_equals_the_scipy_version() -> None:
    rng = np.random.default_rng(2026)
    for _ in range(400):
        n = int(rng.integers(5, 1500))
        days = np.sort(rng.choice(np.arange(int(n * 1.3) + 5), size=n, replace=False))
        spell = np.repeat(rng.integers(0, 2, size=n // 5 + 1), 5)[:n].astype(float)  # twitching in spells
        x = np.round(rng.gamma(3.0, 100.0, size=n) - 40.0 * spell, 0)
        y = spell if rng.uniform() < 0.5 else spell * rng.integers(1, 11, size=n)
        found = spearman_effective_n(x, y, days)
        if found is None:
            assert np.ptp(y) == 0 or np.ptp(x) == 0
            continue
        rho, p, n_eff = _previous_spearman_effective_n(x, y, days)
        assert found.rho == rho
        assert found.effective_days == n_eff
        assert found.p_value == pytest.approx(p, rel=1e-9, abs=1e-300)


def test_insights_statistics_run_without_scipy() -> None:
    """The tests insights make (what the window's first insights wait for) neither import nor need scipy."""
    code = (
        "import sys, numpy as np\n"
        "import nutrigap.services.insights\n"
        "from nutrigap.engine.insights_stats import bh_qvalues, spearman_effective_n\n"
        "r = spearman_effective_n(np.arange(40.0) % 7, (np.arange(40) % 3 == 0).astype(float))\n"
        "bh_qvalues([r.p_value, 0.2])\n"
        "print('scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
