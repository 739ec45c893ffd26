"""The window's start-up, alone and side by side with CRON-o-Meter (issue #16).

Each run is a fresh ``nutrigap`` process with ``NUTRIGAP_QUIT_AFTER_SHOWN=1`` (see ``nutrigap.gui.window.app``):
it prints ``window <s>`` when the day's entries are painted and ``shown <s>`` when the whole window is ready (the
day painted and the nutrient panel filled), the seconds counted from the start of the process, then quits.

**Alone** (``QT_QPA_PLATFORM=offscreen``): the default diary with a logged day; peak memory.

**Side by side** (under Xvfb, no window manager): NutriGap with the default diary, NutriGap with the same diary
named by ``NUTRIGAP_DB_URL=sqlite:///…``, and CRON-o-Meter 0.9.9 (the Debian package ``cronometer``, Java),
started one after the other in turns, so that a busy machine slows all three alike. CRON-o-Meter's start is
the time from launching ``java -jar /usr/share/java/cronometer.jar`` to the X server mapping its first window
(its splash screen, titled ``CRON-o-Meter v0.9.9``: what the target compares against, as issue #16 measured it)
and its main window, seen through :mod:`benchmarks.x11_watch`. Its settings are written first so that it opens
on its diary, not on its licence and profile dialogs; its diary is empty, which can only make it faster. The
rows are medians; the ratio divides NutriGap's whole-window-ready by CRON-o-Meter's first visible window (target
≤ 1.0). Without Xvfb or ``cronometer`` the side-by-side rows are skipped and the reason printed.

**Breakdown**: each start also prints ``mark <phase> <s>`` (``nutrigap.gui.window.app``); the ``… breakdown: …`` rows
are the medians of each phase (:data:`PHASES`: interpreter and imports, the day read, PySide6 imported, the Qt
application, the window built, painted, the panel filled), so the next engineer sees where the time goes.

``python -m benchmarks.window --home DIR [--runs N]`` runs only these rows on an existing NutriGap home (one
with a food database and a logged day today, as ``python -m benchmarks`` makes).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result, machine

CRONOMETER_JAR = Path("/usr/share/java/cronometer.jar")
#: How CRON-o-Meter's main window is titled ("CRON-o-Meter v0.9.9 - Default User"); its splash screen is titled
#: "CRON-o-Meter v0.9.9" alone.
CRONOMETER_MAIN_TITLE = "CRON-o-Meter v0.9.9 - "
#: CRON-o-Meter's own settings file with its first-run questions answered (licence, profile): the keys it
#: writes itself after the licence is accepted and the profile saved (version 0.9.9).
CRONOMETER_SETTINGS = """<Settings>
 <General name="first.cron.run" value="false"/>
 <General name="last.user" value="Default User"/>
 <User name="first.run" value="false" username="Default User"/>
 <User name="male" value="true" username="Default User"/>
 <User name="birthdate.year" value="1980" username="Default User"/>
 <User name="birthdate.month" value="0" username="Default User"/>
 <User name="birthdate.day" value="1" username="Default User"/>
 <User name="height" value="170.0" username="Default User"/>
 <User name="height.unit.cm" value="true" username="Default User"/>
 <User name="weight" value="70.0" username="Default User"/>
 <User name="weight.unit.kg" value="true" username="Default User"/>
 <User name="activity.level" value="0" username="Default User"/>
</Settings>
"""


def nutrigap_env(home: Path, url: bool, display: str | None, tree: Path | None = None) -> dict[str, str]:
    """The environment of one start; ``tree``: run the ``nutrigap`` package of this source tree instead of the
    installed one (to compare versions in one run)."""
    env = {**os.environ, "NUTRIGAP_HOME": str(home), "NUTRIGAP_QUIT_AFTER_SHOWN": "1"}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a real install has compiled bytecode
    env.pop("NUTRIGAP_DB_URL", None)
    if url:
        env["NUTRIGAP_DB_URL"] = f"sqlite:///{home / 'diary.sqlite'}"
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["QT_QPA_PLATFORM"] = "xcb"
        env["DISPLAY"] = display
    return env


def start_nutrigap(env: dict[str, str]) -> dict[str, float]:
    """One start: ``window``, ``shown`` [s since the process started], ``peak_rss_mb``, what was loaded."""
    out = subprocess.run(
        [sys.executable, "-m", "nutrigap"],
        env=env,
        cwd=env.get("PYTHONPATH"),  # `-m` looks in the working folder first
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    values: dict[str, float] = {}
    for line in out.stderr.splitlines():
        key, _, number = line.partition(" ")
        if key in ("window", "shown", "peak_rss_mb"):
            values[key] = float(number)
        elif key == "mark":  # "mark qt_app 0.196": where the time to the first frame went
            name, _, at = number.partition(" ")
            values[f"mark_{name}"] = float(at)
        elif key == "loaded_at_window":  # "sqlalchemy=0 pandas=0 preview=1 entries=15"
            values.update({k: float(v) for k, v in (part.split("=") for part in number.split())})
    if "shown" not in values:
        raise RuntimeError(f"nutrigap did not report its start-up:\n{out.stderr}")
    return values


#: The start-up's phases: (row name, the mark it ends at, the mark it starts at); see ``_mark`` in
#: ``nutrigap.gui.window.app``.
PHASES: tuple[tuple[str, str, str | None], ...] = (
    ("interpreter, site and the launcher's imports", "mark_started", None),
    ("the shown day read with sqlite3 (imports, diary check, panel computed)", "mark_day_read", "mark_started"),
    ("PySide6 imported (QtCore, QtGui, QtWidgets)", "mark_qt_imported", "mark_day_read"),
    ("Qt application made (platform plugin, icon, style)", "mark_qt_app", "mark_qt_imported"),
    ("window built (its modules imported, the Diary page filled)", "mark_window_built", "mark_qt_app"),
    ("window shown and painted (exposed, first frame)", "window", "mark_window_built"),
    ("nutrient panel filled (after the day painted)", "shown", "window"),
)


def breakdown(samples: list[dict[str, float]], where: str) -> list[Result]:
    """Where the time to the whole window went: the median of each phase [s] (rows of ``PHASES``)."""
    rows = []
    for name, end, start in PHASES:
        spans = [s[end] - (s[start] if start else 0.0) for s in samples if end in s and (start is None or start in s)]
        if spans:
            rows.append(Result(f"{where} breakdown: {name}", statistics.median(spans), "s", None,
                               {"runs": [round(x, 4) for x in spans]}))  # fmt: skip
    return rows


def start_up(home: Path, runs: int) -> list[Result]:
    """Offscreen: the default diary, process start to a logged day painted and to the whole window ready."""
    env = nutrigap_env(home, url=False, display=None)
    start_nutrigap(env)  # not counted: makes the day's automatic backup, which later starts skip
    samples = [start_nutrigap(env) for _ in range(runs)]
    window = [s["window"] for s in samples]
    shown = [s["shown"] for s in samples]
    entries = int(samples[0].get("entries", -1))
    if entries == 0:
        raise RuntimeError("the window opened on a day with nothing logged; the benchmark needs a logged day")
    return [
        Result("start-up: process start to the window showing a logged day", statistics.median(window), "s", 1.0,
               {"runs": window, "entries_shown": entries,
                "painted_before_sqlalchemy": samples[0].get("sqlalchemy") == 0}),
        Result("start-up: ... and the nutrient panel filled in (whole window ready)", statistics.median(shown), "s",
               None, {"runs": shown, "pandas_loaded_by_then": samples[0].get("pandas") == 1}),
        Result("peak memory of the window at start-up (full food database, diary)",
               max(s["peak_rss_mb"] for s in samples), "MB", 300.0),
        *breakdown(samples, "start-up"),
    ]  # fmt: skip


def side_by_side_problem() -> str | None:
    """Why CRON-o-Meter cannot be measured here (None: it can)."""
    from benchmarks.x11_watch import libx11

    missing = [name for name in ("Xvfb", "java") if shutil.which(name) is None]
    if not CRONOMETER_JAR.is_file():
        missing.append(f"cronometer ({CRONOMETER_JAR}; Debian package cronometer)")
    if libx11() is None:
        missing.append("libX11")
    return f"not installed: {', '.join(missing)}" if missing else None


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """A private Xvfb server and its display name (it picks a free display number itself)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    if not number:
        server.kill()
        raise RuntimeError("Xvfb did not start")
    return server, f":{number}"


def start_cronometer(watch: object, display: str, user_home: Path) -> tuple[float, float]:
    """One CRON-o-Meter start: seconds from launch to its first window (the splash screen) and to its main
    window being mapped."""
    from benchmarks.x11_watch import WindowWatch

    assert isinstance(watch, WindowWatch)
    watch.clear()
    env = {**os.environ, "DISPLAY": display}
    launched = time.perf_counter()
    java = subprocess.Popen(
        ["java", f"-Duser.home={user_home}", "-jar", str(CRONOMETER_JAR)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        main = watch.wait_for(CRONOMETER_MAIN_TITLE, 60.0)
        first = watch.wait_for(None, 0.0)
    finally:
        os.killpg(java.pid, signal.SIGKILL)  # its diary is empty: nothing to save
        java.wait(timeout=30)
    if main is None or first is None:
        raise RuntimeError("CRON-o-Meter's window did not appear within 60 s")
    return first.mapped_at - launched, main.mapped_at - launched


def side_by_side(home: Path, runs: int, trees: dict[str, Path] | None = None) -> list[Result]:
    """NutriGap (default diary, then the URL diary) and CRON-o-Meter in turns under Xvfb; medians and ratios.
    ``trees``: other versions of NutriGap (name: source tree) started in the same turns, for before/after."""
    from benchmarks.x11_watch import WindowWatch

    problem = side_by_side_problem()
    if problem is not None:
        print(f"skipped: NutriGap beside CRON-o-Meter under Xvfb ({problem})", file=sys.stderr)
        return []
    server, display = start_xvfb()
    try:
        watch = WindowWatch(display).open()
        with tempfile.TemporaryDirectory(prefix="cronometer-home-") as tmp:
            settings = Path(tmp) / ".cronometer" / "Settings.xml"
            settings.parent.mkdir(parents=True)
            settings.write_text(CRONOMETER_SETTINGS, encoding="utf-8")
            default_env = nutrigap_env(home, url=False, display=display)
            url_env = nutrigap_env(home, url=True, display=display)
            others = {
                name: (nutrigap_env(home, False, display, tree), nutrigap_env(home, True, display, tree))
                for name, tree in (trees or {}).items()
            }
            start_nutrigap(default_env)  # not counted: the day's automatic backup
            start_cronometer(watch, display, Path(tmp))  # not counted: its first start writes its files
            ours: list[dict[str, float]] = []
            ours_url: list[dict[str, float]] = []
            theirs: list[tuple[float, float]] = []
            other_runs: dict[str, list[tuple[float, float]]] = {name: [] for name in others}
            for _ in range(runs):
                ours.append(start_nutrigap(default_env))
                theirs.append(start_cronometer(watch, display, Path(tmp)))
                ours_url.append(start_nutrigap(url_env))
                for name, (env, env_url) in others.items():
                    other_runs[name].append((start_nutrigap(env)["shown"], start_nutrigap(env_url)["shown"]))
        watch.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    ready = statistics.median(s["shown"] for s in ours)
    ready_url = statistics.median(s["shown"] for s in ours_url)
    splash = statistics.median(t[0] for t in theirs)
    visible = statistics.median(t[1] for t in theirs)
    peer = "CRON-o-Meter's first visible window (its splash screen) in the same run"
    compared = []
    for name, pairs in other_runs.items():
        for i, which in enumerate(("default diary", "URL diary")):
            value = statistics.median(p[i] for p in pairs)
            compared += [
                Result(f"Xvfb: {name}: whole window ready, {which}", value, "s", None, {"runs": [p[i] for p in pairs]}),
                Result(f"ratio: {name} / CRON-o-Meter first window, {which}", value / splash, "x", None),
            ]
    return [
        *compared,
        Result("Xvfb: NutriGap whole window ready, default diary", ready, "s", splash,
               {"runs": [s["shown"] for s in ours], "window_runs": [s["window"] for s in ours], "target": peer}),
        Result("Xvfb: NutriGap whole window ready, NUTRIGAP_DB_URL=sqlite:///…", ready_url, "s", splash,
               {"runs": [s["shown"] for s in ours_url], "window_runs": [s["window"] for s in ours_url],
                "target": peer}),
        Result("Xvfb: CRON-o-Meter 0.9.9 launch to its first visible window (splash screen)", splash, "s", None,
               {"runs": [round(t[0], 3) for t in theirs]}),
        Result("Xvfb: CRON-o-Meter 0.9.9 launch to its main window", visible, "s", None,
               {"runs": [round(t[1], 3) for t in theirs]}),
        Result("ratio: NutriGap ready / CRON-o-Meter first window, default diary", ready / splash, "x", 1.0),
        Result("ratio: NutriGap ready / CRON-o-Meter first window, URL diary", ready_url / splash, "x", 1.0),
        Result("ratio: NutriGap ready / CRON-o-Meter main window, default diary", ready / visible, "x", None),
        *breakdown(ours, "Xvfb, default diary,"),
        *breakdown(ours_url, "Xvfb, URL diary,"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    from benchmarks.__main__ import print_table

    parser = argparse.ArgumentParser(prog="python -m benchmarks.window", description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a NutriGap home with a logged day today")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=DIR",
                        help="also start the nutrigap of this source tree in the same turns")  # fmt: skip
    args = parser.parse_args(argv)
    trees = {name: Path(folder).resolve() for name, _, folder in (t.partition("=") for t in args.tree)}
    results = start_up(args.home, args.runs) + side_by_side(args.home, args.runs, trees)
    print_table(results)
    if args.out is not None:
        report = {"machine": machine(), "results": [r.to_json() for r in results]}
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
