"""``nutrigap report day`` and ``log show`` without pandas and SQLAlchemy, for the plain SQLite diary.

The command took 0.64–0.67 s, whole process, on a two-core machine (issue #16 names it; the daily commands'
bar is 0.35 s): ``python -X importtime`` put 0.21 s of it in importing pandas and 0.17 s in SQLAlchemy and the
models, for one day's five totals. Those totals, targets and verdicts are what the window's first frame
computes without either (:func:`nutrigap.services.day_preview.panel_of` over
:mod:`nutrigap.store.day_preview`'s records, tested against the engine's day report for every kind of food and
day); the blood tests are the same results in the same order (``domain.labs.report_window`` and
``in_report_order``, shared with :func:`nutrigap.services.labs.recent_results_in`). Measured benefit, README
"Performance": see the module's row in ``benchmarks/startup.py``.

Whenever the full start-up of a command that only reads would do more than look, :func:`quick_day_report`
answers None and the caller takes the full path: a diary named by ``NUTRIGAP_DB_URL``, no diary yet, a damaged
file, an older or newer schema, a diary without its id or with another marker (the full open gives it one), a
profile or target value the models refuse. ``tests/integration/test_quick_report.py`` runs both paths on the
same diaries and compares output, stderr and exit code.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from nutrigap.domain.diary import Profile, parse_date
from nutrigap.domain.labs import LabResult, in_report_order, report_window
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.engine.nutrient_summary import NutrientSummary
from nutrigap.services.backup_files import clean_stale_staging
from nutrigap.services.context import AppContext
from nutrigap.services.day_panel import DayPanel
from nutrigap.services.day_preview import entry_views_of, panel_of
from nutrigap.services.diary_id import ID_SETTING, valid_diary_id
from nutrigap.services.diary_identity import diary_absent, read_marker
from nutrigap.services.report_json import day_json, report_json
from nutrigap.services.views import EntryView, ProfileView, profile_view_of
from nutrigap.store.clean_check import RECORD_FILE
from nutrigap.store.day_preview import read_records
from nutrigap.store.lab_rows import result_of
from nutrigap.store.quick_entry import setting
from nutrigap.store.quick_report import open_for_reading, read_report_day

#: Set to "0" to always read the full way (the benchmark's before column, and a way out).
SWITCH = "NUTRIGAP_QUICK_REPORT"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class QuickDayReport:
    """A day's report with what the command's text prints of :class:`~nutrigap.services.reports.PeriodReport`
    (the same names), from the day's panel and its blood test results."""

    panel: DayPanel
    blood: tuple[LabResult, ...]

    @property
    def start(self) -> dt.date:
        return self.panel.day

    @property
    def end(self) -> dt.date:
        return self.panel.day

    @property
    def profile(self) -> Profile:
        return self.panel.profile

    @property
    def profile_is_default(self) -> bool:
        return self.panel.profile_is_default

    @property
    def summaries(self) -> dict[Nutrient, NutrientSummary]:
        return self.panel.summaries

    @property
    def logged_days(self) -> int:
        return self.panel.logged_days

    @property
    def complete_logged_days(self) -> int:
        return 1 if self.panel.totals.logged and self.panel.complete[self.panel.day] else 0

    @property
    def in_progress(self) -> bool:
        return self.panel.in_progress

    @property
    def energy_kcal(self) -> float | None:
        return self.panel.energy_kcal

    def to_json(self) -> dict[str, object]:
        """:meth:`PeriodReport.to_json <nutrigap.services.reports.PeriodReport.to_json>` of this day."""
        panel, totals = self.panel, self.panel.totals
        # engine.daily.percent_of_target: the day's intake as % of the target, none on a day with nothing logged
        percents = {
            n.value: 100.0 * totals.known[n.value] / panel.targets[n].target if totals.logged else math.nan
            for n in TRACKED
        }
        day = day_json(panel.day, totals.entries, panel.complete[panel.day], totals.known, percents)
        return report_json(
            start=self.start, end=self.end, logged_days=self.logged_days, complete_days=self.complete_logged_days,
            profile=self.profile, profile_is_default=self.profile_is_default, energy_kcal=self.energy_kcal,
            summaries=self.summaries, days=[day], blood=self.blood,
        )  # fmt: skip


def quick_day_report(ctx: AppContext, day: dt.date | str) -> QuickDayReport | None:
    """What :func:`~nutrigap.services.reports.day_report` answers that the command prints (text and JSON), or
    None when only the full open can tell. Bad input raises the full path's InvalidInput."""
    on = parse_date(day)
    found = quick_read(ctx, lambda con: read_report_day(con, on, report_window(on)[0]))
    if found is None:
        return None
    panel = panel_of(found.records, on)
    if panel is None:
        return None
    return QuickDayReport(panel, in_report_order(result_of(row) for row in found.labs))


def quick_day_entries(ctx: AppContext, day: dt.date | str) -> tuple[list[EntryView], ProfileView] | None:
    """What :func:`~nutrigap.services.diary.entries_for_day` and :func:`~nutrigap.services.profile.get_profile`
    answer (``nutrigap log show``), or None when only the full open can tell."""
    on = parse_date(day)
    records = quick_read(ctx, lambda con: read_records(con, on))
    if records is None:
        return None
    try:
        profile = profile_view_of(records.profile)
    except ValueError:  # a value the models would refuse too: let the full open explain it
        return None
    return entry_views_of(records), profile


def quick_read(ctx: AppContext, work: Callable[[sqlite3.Connection], T]) -> T | None:
    """``work``'s answer, read in one read transaction on the plain SQLite diary after the start-up steps a
    command that only reads takes; None (nothing written, no folder made) when that start-up would do more than
    look, or the file is not as expected."""
    paths = ctx.paths
    if os.environ.get(SWITCH) == "0" or not paths.uses_default_diary or ctx.quick_read_file() is None:
        return None
    if diary_absent(paths):
        return None  # the full path shows an empty diary in memory, or names the one that is gone
    # the start-up steps of services.startup.open_engine that apply, in its order
    from nutrigap.paths import take_notices

    paths.ensure()
    ctx.notices.extend(take_notices())
    clean_stale_staging(ctx)
    con = open_for_reading(paths.diary_file, paths.home / RECORD_FILE)
    if con is None:
        return None
    try:
        con.execute("BEGIN")  # one state of the diary for every read
        diary_id = valid_diary_id(setting(con, ID_SETTING))
        if diary_id is None or read_marker(paths) != diary_id:
            return None  # the full open gives the diary its id or marker
        answer = work(con)
        con.execute("COMMIT")
    except (sqlite3.Error, ValueError, TypeError):
        return None  # the full open explains it
    finally:
        con.close()
    paths.tighten_diary()
    ctx.diary_id = diary_id
    return answer
