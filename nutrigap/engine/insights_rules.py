"""The rules insights follow and the sentences that state them: minimum data, false-discovery level, the null.

Kept apart from :mod:`nutrigap.engine.insights` (the analysis) so each stays small; that module re-exports the
names below.
"""

from __future__ import annotations

from nutrigap.domain.wording import plural
from nutrigap.engine.insights_stats import ACF_MAX_LAG_SHARE

#: The issue's minimum: 14 logged days with at least 3 twitch days.
MIN_LOGGED_DAYS = 14
MIN_TWITCH_DAYS = 3
#: Switches between a twitch day and a day without (on consecutive logged days) needed before testing: with
#: fewer than two separate spells, twitching cannot be told apart from anything else that changed at the time.
MIN_SWITCHES = 4
#: Effective days (after allowing for autocorrelation) a comparison needs; below it the t-test has too few
#: degrees of freedom to mean much and the item says so.
MIN_EFFECTIVE_DAYS = 10
#: False-discovery level at which an association is called notable.
Q_LEVEL = 0.05
#: Nulls :func:`analyse` can use. "effective_n" (the default, Pyper & Peterman 1998) keeps its promise with
#: spells; "day_shuffle" is the first version's permutation test, kept for ``benchmarks/insights_null.py``.
NULLS = ("effective_n", "day_shuffle")
#: Re-pairings of the days for the "day_shuffle" null; a first pass of :data:`FIRST_PASS` is refined to
#: N_RESAMPLES where p < :data:`REFINE_BELOW`.
N_RESAMPLES = 9999
FIRST_PASS = 999
REFINE_BELOW = 0.02
DEFAULT_SEED = 20261124


def method_text(null: str, seed: int, n_resamples: int) -> str:
    """How the numbers were worked out, for the page, the CLI and the report."""
    corrections = (
        "Benjamini–Hochberg q-values over all comparisons, and an association is reported only where "
        f"q < {Q_LEVEL:g} (the false-discovery check)."
    )
    if null == "day_shuffle":
        return (
            f"Spearman rank correlation of each exposure with twitch days (yes/no) and with the day's strongest "
            f"twitch (0 on days without); two-sided permutation p-value from {min(FIRST_PASS, n_resamples):,} "
            f"random re-pairings of the days, {n_resamples:,} where p < {REFINE_BELOW:g} (seed {seed}); "
            f"{corrections} Re-pairing days ignores that neighbouring days are alike."
        )
    return (
        "Spearman rank correlation of each exposure with twitch days (yes/no) and with the day's strongest twitch "
        "(0 on days without). Twitching comes in spells and habits run for days, so neighbouring days are alike "
        "and count for less than independent ones: each two-sided p-value comes from Student's t on the "
        "effective number of days, reduced for the autocorrelation of both series at lags up to "
        f"1/{ACF_MAX_LAG_SHARE} of the days (Pyper & Peterman 1998, Can. J. Fish. Aquat. Sci. 55:2127–2140). "
        f"{corrections} In simulated diaries with spells this keeps chance reports in at most 5% of diaries "
        "(benchmarks/insights_null.py). Tests need at least "
        f"{MIN_LOGGED_DAYS} logged days, {MIN_TWITCH_DAYS} twitch days, {MIN_SWITCHES} switches between "
        f"twitching and not, and {MIN_EFFECTIVE_DAYS} effective days."
    )


def summary_text(logged: int, twitch_days: int, switches: int, enough: bool, tested: int, notable: int) -> str:
    """The paragraph above the insights: how much data, how many comparisons, what held."""
    if not enough and logged >= MIN_LOGGED_DAYS and twitch_days >= MIN_TWITCH_DAYS:
        return (
            f"Not enough data yet: {logged} logged days with {twitch_days} twitch days, but twitching switched on "
            f"or off only {plural(switches, 'time')} between logged days. With fewer than {MIN_SWITCHES} switches (two "
            "separate spells) a spell cannot be told apart from anything else that changed at the time, so no "
            "comparison is made; keep logging."
        )
    if not enough:
        return (
            f"Not enough data yet: {plural(logged, 'logged day')} with {plural(twitch_days, 'twitch day')}. "
            "Insights need at least "
            f"{MIN_LOGGED_DAYS} logged days with at least {MIN_TWITCH_DAYS} twitch days; keep logging."
        )
    expected = 0.05 * tested
    found = (
        "None of them holds once that is allowed for."
        if not notable
        else f"{plural(notable, 'association')} {'holds' if notable == 1 else 'hold'} at q < {Q_LEVEL:g}."
    )
    return (
        f"{logged} logged days, {twitch_days} with twitches. {tested} comparisons were made; with that many, "
        f"about {expected:.0f} would reach p < 0.05 by chance alone even if nothing were going on, so each "
        f"comparison also has a q-value (Benjamini–Hochberg false discovery rate). {found} "
        "These are associations in your records, not causes."
    )
