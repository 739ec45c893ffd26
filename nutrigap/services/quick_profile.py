"""``nutrigap profile show`` without SQLAlchemy, for the plain SQLite diary.

It took 0.36 s, whole process, on a two-core machine, about 0.2 s of it importing SQLAlchemy and the models
(README "Performance"), over the daily commands' 0.35 s; here it takes what ``log show`` takes
(``benchmarks/startup.py``). It shares the full path's parts: the profile mapping (``profile_view_of``), the
reference intakes (``engine.targets.targets_for``, pandas-free) with the user's own targets beside them
(``with_personal``), the start-up steps and fall-backs of :func:`nutrigap.services.quick_report.quick_read`; the
SQL is the window's first frame's (``store.day_preview.profile_record`` and ``personal_records``).
``tests/integration/test_quick_profile.py`` compares the command's output both ways.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.targets import Target
from nutrigap.engine.targets import targets_for, with_personal
from nutrigap.services.context import AppContext
from nutrigap.services.quick_report import quick_read
from nutrigap.services.views import ProfileView, profile_view_of
from nutrigap.store.day_preview import personal_records, profile_record


def quick_profile_targets(ctx: AppContext, on: dt.date) -> tuple[ProfileView, dict[Nutrient, Target]] | None:
    """What :func:`~nutrigap.services.profile.get_profile` and :func:`~nutrigap.services.profile.targets` answer
    on ``on``, or None when only the full open can tell (a value the models would refuse included)."""

    def work(con: sqlite3.Connection) -> tuple[ProfileView, dict[Nutrient, Target]]:
        view = profile_view_of(profile_record(con))  # ValueError for a sex or stage the domain does not know
        personal = {Nutrient(name): value for name, value in personal_records(con).items()}  # likewise
        return view, with_personal(targets_for(view.profile, on), personal)

    return quick_read(ctx, work)
