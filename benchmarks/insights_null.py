"""How often insights report chance, and how often they find a real association: before and after (issue #12).

    .venv/bin/python -m benchmarks.insights_null [--diaries 400] [--before-diaries 200] [--out PATH]

Simulates diaries of 8 weeks for each scenario of :mod:`nutrigap.engine.insights_simulation` and runs the whole
insights analysis (60 comparisons, Benjamini–Hochberg at q < 0.05) with the first version's null ("day_shuffle",
days re-paired at random) and the current one ("effective_n", Pyper & Peterman 1998). It writes a Markdown
table (default ``benchmarks/insights_null.md``): per scenario and null, the share of diaries with any reported
association and, for the planted scenarios, the share where the magnesium association was found, each with its
95% Clopper–Pearson interval. Goal: ≤ 5% under the null scenarios, ≥ 80% for "planted".
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from scipy import stats

from nutrigap.engine.insights import analyse
from nutrigap.engine.insights_simulation import SCENARIOS, simulated_diary

DAYS = 56
SEED = 2026


def share_with_ci(hits: int, n: int) -> str:
    ci = stats.binomtest(hits, n).proportion_ci(confidence_level=0.95, method="exact")
    return f"{hits / n:.1%} ({ci.low:.1%}–{ci.high:.1%})"


def run(scenario: str, null: str, diaries: int) -> dict[str, object]:
    rng = np.random.default_rng(SEED)
    any_found = magnesium = tested = 0
    began = time.perf_counter()
    for _ in range(diaries):
        frame = simulated_diary(scenario, DAYS, rng)
        result = analyse(frame, start=frame.index[3], null=null)
        tested += result.enough_data
        any_found += any(i.notable for i in result.items)
        magnesium += any(i.notable and i.key == "magnesium" and (i.rho or 0.0) < 0 for i in result.items)
    return {
        "scenario": scenario,
        "null": null,
        "diaries": diaries,
        "tested": tested,
        "any": any_found,
        "magnesium": magnesium,
        "s_per_diary": (time.perf_counter() - began) / diaries,
    }


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        f"Insights over simulated diaries of {DAYS} days (seed {SEED}); 60 comparisons, Benjamini–Hochberg q < 0.05.",
        "",
        "| scenario | null | diaries | tested | any association reported (95% CI) | magnesium found (95% CI) "
        "| s/diary |",
        "|---|---|---:|---:|---|---|---:|",
    ]
    for r in rows:
        n = int(r["diaries"])  # type: ignore[call-overload]
        found = share_with_ci(int(r["magnesium"]), n) if str(r["scenario"]).startswith("planted") else "–"  # type: ignore[call-overload]
        lines.append(
            f"| {r['scenario']} | {r['null']} | {n} | {r['tested']} | {share_with_ci(int(r['any']), n)} | "  # type: ignore[call-overload]
            f"{found} | {float(r['s_per_diary']):.3f} |"  # type: ignore[arg-type]
        )
    lines += [
        "",
        "tested: diaries with enough data for any comparison (14 logged days, 3 twitch days, 4 switches between "
        "twitching and not); a diary that is not tested reports nothing. Goal: under independent, markov_0.8, "
        "markov_0.9 and ar1_0.7 at most 5% of diaries report an association; in planted (ρ ≈ −0.55) the "
        "magnesium association is found in at least 80%.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diaries", type=int, default=400, help="diaries per scenario, current null")
    parser.add_argument("--before-diaries", type=int, default=200, help="diaries per scenario, day shuffle")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("insights_null.md"))
    args = parser.parse_args()
    rows = []
    for scenario in SCENARIOS:
        for null, diaries in (("day_shuffle", args.before_diaries), ("effective_n", args.diaries)):
            if diaries > 0:
                rows.append(run(scenario, null, diaries))
                print(rows[-1], flush=True)
    text = table(rows)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
