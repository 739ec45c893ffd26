"""Peak memory of the data-safety paths (issue #11): a million-entry diary exported and imported as CSV, and
the worst hostile file of each kind refused. Each measurement runs in its own process and reads its peak
resident memory with ``resource.getrusage``; the hostile files are generated in a temporary folder.

``python -m benchmarks.data_safety [--entries N] [--out FILE]`` (about two minutes for a million entries).
Target for every row: under 500 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from benchmarks.harness import Result

TARGET_MB = 500.0

#: Source of ``peak_mb()`` for a measuring process. Linux keeps ``ru_maxrss`` across ``exec`` (the parent's
#: peak at the fork counts: a test suite's 1.4 GB showed up as the child's), so the child's own memory high-water
#: mark ``VmHWM`` of /proc/self/status comes first; ``resource.getrusage`` where there is no /proc.
PEAK_MB = """
def peak_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

_MEASURE = (
    PEAK_MB
    + """
import json, sys, time
from pathlib import Path
from nutrigap.domain.errors import NutriGapError
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
action, source, home = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
ctx = AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))
ctx.auto_backup_enabled = False
start = time.perf_counter()
outcome = "done"
try:
    if action == "export":
        from nutrigap.services.transfer import export_csv
        export_csv(ctx, source)
    elif action == "import":
        from nutrigap.services.transfer import import_csv
        import_csv(ctx, source)
    elif action == "fdc":
        from nutrigap.services.food_database import import_fdc
        import_fdc(ctx, source)
except NutriGapError as exc:
    outcome = "refused: " + str(exc)[:120]
ctx.close()
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - start,
                  "peak_mb": peak_mb()}))
"""
)


def _measure(action: str, source: Path, home: Path) -> dict[str, object]:
    home.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, action, str(source), str(home)],
        capture_output=True, text=True, check=True, timeout=3600,
    )  # fmt: skip
    data: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return data


def million_entry_diary(folder: Path, entries: int) -> Path:
    """A diary of ``entries`` entries (16 a day, from 1950 on) on a few own foods, written with plain SQL."""
    from nutrigap.paths import DataPaths
    from nutrigap.services import my_foods
    from nutrigap.services.context import AppContext

    home = folder / "big"
    home.mkdir(parents=True, exist_ok=True)
    ctx = AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))
    ctx.auto_backup_enabled = False
    for n in range(8):
        my_foods.create_custom_food(
            ctx, my_foods.CustomFoodInput(name=f"Food {n}", nutrients={1090: 10.0 + n, 1008: 100})
        )
    ctx.close()
    con = sqlite3.connect(home / "diary.sqlite")
    start = dt.date(1950, 1, 1)
    now = "2026-11-24 12:00:00.000000"
    rows = (
        ((start + dt.timedelta(days=i // 16)).isoformat(), "lunch", i % 16, 1 + i % 8, 1.0, "g", 100.0 + i % 50,
         "note" if i % 7 == 0 else None, now, now)
        for i in range(entries)
    )  # fmt: skip
    con.executemany(
        "INSERT INTO diary_entry (day, meal, position, food_id, quantity, unit, amount_g, note, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    con.commit()
    con.close()
    return home / "diary.sqlite"


def hostile_files(folder: Path) -> dict[str, Path]:
    """The worst hostile file of each kind from issue #11 (generated here, deleted with the folder)."""
    from tests.safety.fdc_release import FILES  # a small valid release to hide the bomb in

    out: dict[str, Path] = {}
    junk = folder / "junk-rows.csv"
    with junk.open("w", encoding="utf-8") as fh:
        fh.write("table,key\nformat,nutrigap-diary-csv/2\n")
        chunk = "entry,junk\n" * 100_000
        for _ in range(99_000_000 // len(chunk)):
            fh.write(chunk)
    out["CSV import: 99 MB of junk rows"] = junk
    line = folder / "junk-line.csv"
    with line.open("w", encoding="utf-8") as fh:
        fh.write("table,key\nformat,nutrigap-diary-csv/2\n")
        for _ in range(99):
            fh.write("x," * 500_000)
    out["CSV import: 99 MB in one line"] = line
    out["CSV import: /dev/zero"] = Path("/dev/zero")
    bomb = folder / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, content in FILES.items():
            if name != "food_nutrient.csv":
                zf.writestr(f"release/{name}", content)
        zf.writestr(zipfile.ZipInfo("release/padding.bin"), os.urandom(20_000_000), compress_type=zipfile.ZIP_STORED)
        with zf.open("release/food_nutrient.csv", "w", force_zip64=True) as fh:
            fh.write(FILES["food_nutrient.csv"].encode())
            row = b'"1","168462","1008","23"\n' * 40_000
            for _ in range(1_500_000_000 // len(row)):
                fh.write(row)
    out["FDC import: 1.5 GB member beside 20 MB stored padding"] = bomb
    return out


def _row(name: str, measured: dict[str, object]) -> Result:
    peak = measured["peak_mb"]
    assert isinstance(peak, int | float)
    return Result(name, float(peak), "MB", TARGET_MB, measured)


def rows(entries: int) -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="nutrigap-safety-bench-") as tmp:
        folder = Path(tmp)
        million_entry_diary(folder, entries)
        export = folder / "big.csv"
        measured = _measure("export", export, folder / "big")
        measured["file_mb"] = round(export.stat().st_size / 1e6, 1)
        results.append(_row(f"export csv of {entries:,} entries, peak memory", measured))
        results.append(
            _row(f"import csv of {entries:,} entries, peak memory", _measure("import", export, folder / "e"))
        )
        export.unlink()
        for name, path in hostile_files(folder).items():
            measured = _measure("fdc" if name.startswith("FDC") else "import", path, folder / "victim")
            results.append(_row(f"{name}, peak memory", measured))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.data_safety", description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "data_safety_results.json")
    args = parser.parse_args(argv)
    results = rows(args.entries)
    for r in results:
        mark = "ok " if r.met else "MISS"
        print(f"{mark} {r.name}: {r.value:,.0f} {r.unit} (target {r.target:,.0f}) {r.detail.get('outcome', '')}")
    args.out.write_text(json.dumps([r.to_json() for r in results], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
