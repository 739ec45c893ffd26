"""The first open, in a session, of every page and dialog a user opens (issue #16: "pages without the one-time
waits").

Each case is a fresh ``nutrigap`` window (the real start-up of :func:`nutrigap.gui.window.app.run`, the same
home as the other rows: ten years of diary, the full food database) that waits until the whole window is ready
and the diary open, lets it settle for a moment as a user would, then does the user's action (the shortcut's or
the menu item's action) and times until the page or dialog is painted with its content: built, nothing left to
refresh, no background work pending (:func:`nutrigap.gui.background.pending_work`), painted with
``repaint()``. Conditions are polled on the event loop, never slept on. The rows are ``first open: <what>``,
medians over fresh processes [s]; a few rows time a repeated action in the same process (the previous day
steady, a page the second time).

``python -m benchmarks.pages --home DIR [--runs N] [--before TREE] [--only CASE ...]`` runs only these rows on
an existing NutriGap home (one with a food database and a logged day today, as ``python -m benchmarks`` makes);
``--before TREE`` (a source tree of an older NutriGap, e.g. ``git archive`` of main) runs it in turns with this
one, case by case, so that a busy machine slows both alike, and prints the ratio. Offscreen always; under Xvfb
too when ``Xvfb`` is installed (``--xvfb``).

Each case runs ``benchmarks/pages_driver.py`` as a script (see there), so that ``--before`` runs the older
tree's ``nutrigap`` with this driver.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

#: The child: one window, one action (run as a script)
DRIVER = Path(__file__).resolve().with_name("pages_driver.py")
#: (case, row name). The driver knows how to do each; see ``pages_driver._cases``.
CASES: tuple[tuple[str, str], ...] = (
    ("twitches", "Twitches & factors page (Ctrl+2)"),
    ("charts", "Charts page, week chart drawn (Ctrl+3)"),
    ("insights", "Insights page, results shown (Ctrl+4)"),
    ("experiments", "Experiments page (Ctrl+5)"),
    ("suggestions_foods", "Close the gaps page, the gaps and their foods shown (Ctrl+6)"),
    ("suggestions", "Close the gaps page, with the plan for all gaps (Ctrl+6)"),
    ("guide", "Nutrient guide page (Ctrl+7)"),
    ("labs", "Blood tests page (Ctrl+8)"),
    ("medicines", "Medicines dialog"),
    ("report", "Doctor's report dialog (Ctrl+P)"),
    ("report_pdf", "Doctor's report: first PDF written (Save to the saved offer)"),
    ("import_app", "Import from another app dialog"),
    ("profile", "Profile and settings dialog (Ctrl+,)"),
    ("add_food", "Add food dialog (Ctrl+N)"),
    ("add_food_search", "Add food: first search result shown (typing 'spinach')"),
    ("recipe", "recipe editor (Foods > New recipe)"),
    ("my_foods", "My foods dialog"),
    ("backups", "Backups and restore dialog"),
    ("about", "About NutriGap dialog"),
    ("calendar", "calendar (Ctrl+G)"),
    ("previous_day", "previous day (Alt+Left), first"),
    ("previous_day_steady", "previous day (Alt+Left), steady (median of 5 more)"),
    ("twitches_again", "Twitches page the second time (after the Diary)"),
    ("charts_again", "Charts page the second time (after the Diary)"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__)
    parser.add_argument("--home", type=Path, required=False)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="an older NutriGap source tree, run in turns with this one")
    parser.add_argument("--only", nargs="*", help="these cases only")
    parser.add_argument("--xvfb", action="store_true", help="also under Xvfb (when installed)")
    args = parser.parse_args(argv)
    if args.home is None:
        parser.error("--home is required")
    rows = first_opens(args.home, args.runs, before=args.before, only=args.only, xvfb=args.xvfb)
    for row in rows:
        extra = (
            f"   (before {row.detail['before']:.3f} s, ratio {row.detail['ratio']:.2f})"
            if "before" in row.detail
            else ""
        )
        print(f"{row.name:95s} {row.value:7.3f} s{extra}")
    return 0


def first_opens(
    home: Path, runs: int, *, before: Path | None = None, only: list[str] | None = None, xvfb: bool = False
) -> list[Any]:
    """The rows: one fresh process per case and run (and per tree, in turns)."""
    from benchmarks.harness import Result

    displays: list[str | None] = [None]
    server = None
    if xvfb:
        import shutil

        if shutil.which("Xvfb") is None:
            print("skipped: the page rows under Xvfb (Xvfb not installed)", file=sys.stderr)
        else:
            from benchmarks.window import start_xvfb

            server, display = start_xvfb()
            displays.append(display)
    trees: dict[str, Path | None] = {"now": None}
    if before is not None:
        trees = {"before": before, "now": None}
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="nutrigap-pages-") as user_home:
            for display in displays:
                where = "offscreen" if display is None else "Xvfb"
                _run_case(home, "twitches", None, display, user_home)  # not counted: the day's backup, caches
                for case, title in CASES:
                    if only and case not in only:
                        continue
                    times: dict[str, list[float]] = {name: [] for name in trees}
                    for _ in range(runs):
                        for name, tree in trees.items():
                            times[name].append(_run_case(home, case, tree, display, user_home))
                    now = statistics.median(times["now"])
                    detail: dict[str, Any] = {"runs": [round(t, 4) for t in times["now"]], "where": where}
                    if "before" in times:
                        detail["before"] = statistics.median(times["before"])
                        detail["before_runs"] = [round(t, 4) for t in times["before"]]
                        detail["ratio"] = now / detail["before"] if detail["before"] else float("nan")
                    suffix = "" if display is None else " (Xvfb)"
                    rows.append(Result(f"first open: {title}{suffix}", now, "s", None, detail))
                    print(f"  {rows[-1].name}: {now:.3f} s {detail}", file=sys.stderr, flush=True)
    finally:
        if server is not None:
            server.kill()
            server.wait()
    return rows


def _run_case(home: Path, case: str, tree: Path | None, display: str | None, user_home: str) -> float:
    env = {**os.environ, "NUTRIGAP_HOME": str(home), "HOME": user_home}
    env.pop("NUTRIGAP_DB_URL", None)
    env.pop("NUTRIGAP_QUIT_AFTER_SHOWN", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    else:
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["QT_QPA_PLATFORM"] = "xcb"
        env["DISPLAY"] = display
    out = subprocess.run(
        [sys.executable, str(DRIVER), case],
        env=env,
        cwd=user_home,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    for line in out.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key == "case":
            return float(value)
    raise RuntimeError(f"case {case} reported nothing (exit {out.returncode}):\n{out.stdout}\n{out.stderr[-3000:]}")


if __name__ == "__main__":
    raise SystemExit(main())
