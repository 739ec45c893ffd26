"""Simulated diaries that check what insights promise: the false-discovery level under spells, and power.

Each scenario draws a diary of consecutive days with the columns of
:func:`nutrigap.engine.timeline.timeline` that insights read. Under the null scenarios twitching is independent
of every exposure; the "planted" scenario makes magnesium-low days twitch (same-day Spearman ρ ≈ −0.55, the
size the audit of issue #12 used). Used by ``tests/unit/test_insights_null.py`` (small, seeded) and
``benchmarks/insights_null.py`` (large, writes the table for README).

Scenarios (about 30% of days twitch in each):

* ``independent``: twitch days and every exposure independent from day to day;
* ``markov_0.8`` / ``markov_0.9``: twitching in spells, a two-state Markov chain that stays in a twitch spell
  with probability 0.8 / 0.9 (mean spell 5 / 10 days), exposures independent from day to day;
* ``ar1_0.7``: every exposure autocorrelated, AR(1) with φ = 0.7, and twitching in Markov spells (stay 0.8);
* ``planted``: magnesium independent from day to day; a day twitches when −magnesium plus noise is in its top 30%;
* ``planted_ar1``: the same with magnesium AR(1), φ = 0.7 (habits), so twitching comes in spells too.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from nutrigap.domain.nutrients import TRACKED

SCENARIOS = ("independent", "markov_0.8", "markov_0.9", "ar1_0.7", "planted", "planted_ar1")
NULL_SCENARIOS = SCENARIOS[:4]
TWITCH_SHARE = 0.30
#: Noise added to −magnesium before the top 30% twitch: gives a same-day Spearman ρ of about −0.55.
PLANTED_NOISE_SD = 1.0
FIRST_DAY = dt.date(2026, 1, 1)


def markov_spells(n: int, stay: float, share: float, rng: np.random.Generator) -> np.ndarray:
    """0/1 days from a two-state Markov chain: P(twitch → twitch) = stay, stationary twitch share = share."""
    onset = (1.0 - stay) * share / (1.0 - share)
    u = rng.random(n)
    out = np.empty(n, dtype=np.int64)
    state = bool(rng.random() < share)
    for t in range(n):
        out[t] = state
        state = bool(u[t] < (stay if state else onset))
    return out


def ar1(n: int, phi: float, rng: np.random.Generator) -> np.ndarray:
    """A standardised AR(1) series (variance 1), started from its stationary distribution."""
    e = rng.normal(size=n) * np.sqrt(1.0 - phi * phi)
    out = np.empty(n)
    out[0] = rng.normal()
    for t in range(1, n):
        out[t] = phi * out[t - 1] + e[t]
    return out


def simulated_diary(scenario: str, days: int, rng: np.random.Generator) -> pd.DataFrame:
    """``days`` consecutive logged days (plus 3 before, for the lagged windows) of the scenario."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}")
    n = days + 3
    phi = 0.7 if scenario in ("ar1_0.7", "planted_ar1") else 0.0

    def latent() -> np.ndarray:
        return ar1(n, phi, rng) if phi else rng.normal(size=n)

    frame = pd.DataFrame(index=pd.Index([FIRST_DAY + dt.timedelta(days=i) for i in range(n)], name="day"))
    frame["entries"] = 3
    for nutrient in TRACKED:
        frame[nutrient.value] = np.exp(5.5 + 0.35 * latent())  # lognormal around 245 (any unit: ranks only)
    frame["caffeine"] = 0.0
    frame["caffeine_unknown_share"] = 1.0
    frame["water_ml"] = np.clip(1800 + 500 * latent(), 0, None)
    frame["caffeine_mg"] = np.clip(150 + 80 * latent(), 0, None)
    frame["sleep_h"] = np.clip(7 + latent(), 3, 11)
    frame["stress"] = np.clip(np.round(3 + latent()), 1, 5)
    frame["exercise_min"] = np.clip(30 + 20 * latent(), 0, None)
    if scenario.startswith("planted"):
        mg = np.log(frame["magnesium"].to_numpy())
        score = -(mg - mg.mean()) / mg.std() + rng.normal(scale=PLANTED_NOISE_SD, size=n)
        twitch = (score > np.quantile(score, 1 - TWITCH_SHARE)).astype(np.int64)
    elif scenario == "independent":
        twitch = (rng.random(n) < TWITCH_SHARE).astype(np.int64)
    else:
        stay = 0.8 if scenario == "ar1_0.7" else float(scenario.split("_")[1])
        twitch = markov_spells(n, stay, TWITCH_SHARE, rng)
    frame["twitches"] = twitch
    frame["twitch_max_intensity"] = np.where(twitch > 0, rng.integers(1, 11, n), np.nan).astype(float)
    return frame
