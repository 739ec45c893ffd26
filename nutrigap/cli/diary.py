"""log and report commands."""

from __future__ import annotations

import argparse
import re
from typing import Any

from nutrigap.cli.common import add_json, context, fmt, print_json, print_table
from nutrigap.cli.profile_note import note_default_profile
from nutrigap.domain.diary import Meal
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.units import display_unit, to_display
from nutrigap.domain.wording import amount_text, plural, portion_unit_text


def register(sub: Any) -> None:
    log = sub.add_parser("log", help="add, show, change and remove diary entries")
    lsub = log.add_subparsers(dest="log_command", metavar="ACTION", required=True, parser_class=type(log))
    p = lsub.add_parser("add", help="log an amount of a food")
    p.add_argument("date", metavar="DATE", help="YYYY-MM-DD, today or yesterday")
    p.add_argument("meal", metavar="MEAL", help=", ".join(m.value for m in Meal))
    p.add_argument("food_id", metavar="FOOD_ID")
    p.add_argument("amount", metavar="AMOUNT")
    p.add_argument(
        "unit",
        metavar="UNIT",
        nargs="*",
        help="g (default), oz, lb, ml or fl oz (drinks and foods with a cup measure), or a portion of the food",
    )
    p.add_argument("--note")
    add_json(p)
    p.set_defaults(handler=_log_add)
    p = lsub.add_parser("show", help="a day's entries")
    p.add_argument("date", metavar="DATE")
    add_json(p)
    p.set_defaults(handler=_log_show)
    p = lsub.add_parser("rm", help="remove an entry")
    p.add_argument("entry_id", type=_entry_id, metavar="ENTRY_ID")
    p.set_defaults(handler=_log_rm)
    p = lsub.add_parser("edit", help="change an entry's amount, unit, meal or date")
    p.add_argument("entry_id", type=_entry_id, metavar="ENTRY_ID")
    p.add_argument("--amount")
    p.add_argument("--unit")
    p.add_argument("--meal")
    p.add_argument("--date")
    add_json(p)
    p.set_defaults(handler=_log_edit)
    p = lsub.add_parser(
        "complete",
        help="mark a day complete (everything eaten is logged); verdicts judge complete days only",
        description="Today counts as in progress (its numbers are progress so far, with no verdict) until it is "
        "marked complete; a past day counts as complete unless marked otherwise with --undo.",
    )
    p.add_argument("date", metavar="DATE", help="YYYY-MM-DD, today or yesterday")
    p.add_argument("--undo", action="store_true", help="mark the day as not complete")
    add_json(p)
    p.set_defaults(handler=_log_complete)
    p = lsub.add_parser("copy", help="copy a day (or one meal) to another date")
    p.add_argument("from_date", metavar="FROM_DATE")
    p.add_argument("to_date", metavar="TO_DATE")
    p.add_argument("--meal")
    p.set_defaults(handler=_log_copy)

    report = sub.add_parser("report", help="the five nutrients against your targets")
    rsub = report.add_subparsers(dest="report_command", metavar="PERIOD", required=True, parser_class=type(report))
    p = rsub.add_parser("day", help="one day")
    p.add_argument("date", metavar="DATE")
    add_json(p)
    p.set_defaults(handler=_report_day)
    p = rsub.add_parser("week", help="the Monday-to-Sunday week that holds DATE")
    p.add_argument("date", metavar="DATE")
    add_json(p)
    _add_report_files(p)
    p.set_defaults(handler=_report_week)
    p = rsub.add_parser("month", help="a calendar month")
    p.add_argument("month", metavar="YYYY-MM")
    add_json(p)
    _add_report_files(p)
    p.set_defaults(handler=_report_month)
    p = rsub.add_parser("range", help="any dates FROM to TO, both included (e.g. the last four weeks)")
    p.add_argument("start", metavar="FROM")
    p.add_argument("end", metavar="TO")
    add_json(p)
    _add_report_files(p)
    p.set_defaults(handler=_report_range)


def _add_report_files(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pdf", metavar="FILE", help="write the doctor's report (PDF with charts) to FILE.pdf")
    p.add_argument("--csv", metavar="FILE", help="write the report's numbers to FILE.csv (layout: README)")


def _entry_id(text: str) -> int:
    if not re.fullmatch(r"\d{1,12}", text.strip()):
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is not an entry id (a whole number)")
    return int(text)


def _log_add(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_add import quick_log_food

    unit = " ".join(args.unit) or "g"
    with context() as ctx:
        # without SQLAlchemy where the plain SQLite diary allows (issue #16); else the full path
        view = quick_log_food(ctx, args.date, args.meal, args.food_id, args.amount, unit, note=args.note)
        if view is None:
            from nutrigap.services.diary import log_food

            view = log_food(ctx, args.date, args.meal, args.food_id, args.amount, unit, note=args.note)
    if args.json:
        print_json(view.to_json())
    else:
        amount = amount_text(view.quantity, view.unit, view.amount_g if view.weight_known else None)
        print(f"entry {view.id}: {view.day.isoformat()} {view.meal}: {amount} {view.food_name}")
    return 0


def _log_show(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_report import quick_day_entries

    with context() as ctx:
        # without SQLAlchemy where the plain SQLite diary allows (issue #16); else the full path
        found = quick_day_entries(ctx, args.date)
        if found is None:
            from nutrigap.services.diary import entries_for_day
            from nutrigap.services.profile import get_profile

            found = entries_for_day(ctx, args.date), get_profile(ctx)
        entries, profile = found
        unit_d = profile.profile.vitamin_d_unit
    if args.json:
        print_json([e.to_json() for e in entries])
        return 0
    if not entries:
        print("nothing logged")
        return 0
    rows = []
    for e in entries:
        vd = e.nutrients[Nutrient.VITAMIN_D]
        amount = f"{e.quantity:g} {portion_unit_text(e.unit, e.quantity)}"
        grams = f"{e.amount_g:.0f}" if e.weight_known else ""  # imported without a weight: none to show
        rows.append([
            e.id, e.meal, e.food_name[:48], amount, grams, fmt(e.energy_kcal, 0),
            fmt(e.nutrients[Nutrient.MAGNESIUM], 0), fmt(e.nutrients[Nutrient.CALCIUM], 0),
            fmt(e.nutrients[Nutrient.POTASSIUM], 0),
            fmt(None if vd is None else to_display(Nutrient.VITAMIN_D, vd, unit_d), 1),
            fmt(e.nutrients[Nutrient.VITAMIN_B12], 2),
        ])  # fmt: skip
    print_table(
        ["id", "meal", "food", "amount", "g", "kcal", "Mg mg", "Ca mg", "K mg", f"D {unit_d}", "B12 µg"],
        rows,
        align_right=[0, 4, 5, 6, 7, 8, 9, 10],
    )
    return 0


def _log_rm(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_entries import quick_remove_entry

    with context() as ctx:
        view = quick_remove_entry(ctx, args.entry_id)  # without SQLAlchemy where the plain SQLite diary allows
        if view is None:
            from nutrigap.services.diary import remove_entry

            view = remove_entry(ctx, args.entry_id)
    print(f"removed entry {view.id}: {view.day.isoformat()} {view.meal} {view.food_name}")
    return 0


def _log_edit(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_entries import quick_update_entry

    if not any((args.amount, args.unit, args.meal, args.date)):
        raise InvalidInput("Give at least one of --amount, --unit, --meal, --date.")
    changes = {"quantity": args.amount, "unit": args.unit, "meal": args.meal, "day": args.date}
    with context() as ctx:
        view = quick_update_entry(ctx, args.entry_id, **changes)  # without SQLAlchemy where it can (issue #16)
        if view is None:
            from nutrigap.services.diary import update_entry

            view = update_entry(ctx, args.entry_id, **changes)
    if args.json:
        print_json(view.to_json())
    else:
        amount = amount_text(view.quantity, view.unit, view.amount_g if view.weight_known else None)
        print(f"entry {view.id}: {view.day.isoformat()} {view.meal}: {amount}")
    return 0


def _log_complete(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_factors import quick_set_day_complete

    with context() as ctx:
        state = quick_set_day_complete(ctx, args.date, not args.undo)  # without SQLAlchemy where it can (#16)
        if state is None:
            from nutrigap.services.day_status import set_day_complete

            state = set_day_complete(ctx, args.date, not args.undo)
    if args.json:
        print_json(state.to_json())
    elif state.complete:
        print(f"{state.day.isoformat()} is complete: its verdicts judge it")
    else:
        print(f"{state.day.isoformat()} is not complete: it shows progress so far and weekly verdicts leave it out")
    return 0


def _log_copy(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_entries import quick_copy_day

    with context() as ctx:
        copied = quick_copy_day(ctx, args.from_date, args.to_date, args.meal)  # without SQLAlchemy where it can
        if copied is None:
            from nutrigap.services.diary import copy_day

            copies = copy_day(ctx, args.from_date, args.to_date, args.meal)
            copied = len(copies), copies[0].day
    count, day = copied
    print(f"copied {plural(count, 'entry', 'entries')} to {day.isoformat()}")
    return 0


def _print_report(report: Any, as_json: bool) -> None:
    if as_json:
        print_json(report.to_json())
        return
    from nutrigap.cli.labs import print_blood_tests
    from nutrigap.report.intake import intake_rows, ul_warnings

    unit_d = report.profile.vitamin_d_unit
    span = report.start.isoformat() if report.start == report.end else f"{report.start} to {report.end}"
    group = report.summaries[Nutrient.MAGNESIUM].target.age_group
    default = "  (default profile)" if report.profile_is_default else ""
    complete = report.complete_logged_days
    if report.in_progress:
        days = "in progress: amounts so far, no verdict until the day is complete ('nutrigap log complete DATE')"
    elif complete < report.logged_days:
        days = f"{plural(report.logged_days, 'day')} logged, {complete} complete (verdicts use the complete days)"
    else:
        days = f"{plural(report.logged_days, 'day')} logged"
    print(f"{span}: {days}; targets for {group}{default}")
    intake = intake_rows(report.summaries, unit_d)
    ul_words = {r.nutrient: r.ul_word for r in intake}
    rows = []
    for n, s in report.summaries.items():
        t = s.target

        def conv(value: float | None, n: Nutrient = n) -> float | None:
            return None if value is None else to_display(n, value, unit_d)

        unit = display_unit(n, unit_d)
        rows.append([
            n.label, fmt(conv(s.intake), 1), fmt(conv(t.target), 1), t.target_kind,
            "-" if t.ear is None else fmt(conv(t.ear), 1), "-" if t.ul is None else fmt(conv(t.ul), 1), unit,
            "-" if s.percent is None else f"{s.percent:.0f}%", s.assessment.text, ul_words[n],
            "-" if s.unknown_share is None else f"{100 * s.unknown_share:.0f}%",
            "-" if t.personal is None else fmt(conv(t.personal), 1),
        ])  # fmt: skip
    print_table(
        [
            "nutrient", "intake/day", "target", "kind", "EAR", "UL", "unit", "% target", "verdict", "vs UL", "unknown",
            "yours",
        ],
        rows,
        align_right=[1, 2, 4, 5, 7, 10, 11],
    )  # fmt: skip
    for warning in ul_warnings(intake):
        print(f"WARNING: {warning}")
    if any(s.target.personal is not None for s in report.summaries.values()):
        print("'yours': the target you set (for example on a doctor's advice); verdicts stay against the DRI.")
    energy = report.energy_kcal
    if energy is not None:
        print(f"energy: {energy:,.0f} kcal/day")
    print("Verdicts follow the IOM's DRI: Applications in Dietary Assessment (2000); they are not a diagnosis.")
    print_blood_tests(report.blood)  # issue #17


def _report_day(args: argparse.Namespace) -> int:
    with context() as ctx:
        # without pandas and SQLAlchemy where the plain SQLite diary allows (issue #16)
        from nutrigap.services.quick_report import quick_day_report

        report: Any = quick_day_report(ctx, args.date)
        if report is None:
            from nutrigap.services.reports import day_report

            report = day_report(ctx, args.date)
        _print_report(report, args.json)
        note_default_profile(ctx, report.profile_is_default)  # after the work: an error prints only itself
    return 0


def _report_week(args: argparse.Namespace) -> int:
    from nutrigap.domain.diary import parse_date, week_bounds
    from nutrigap.services.reports import week_report

    if args.pdf or args.csv:
        from nutrigap.domain.diary import EARLIEST_DATE, LATEST_DATE
        from nutrigap.domain.errors import InvalidInput

        monday, sunday = week_bounds(parse_date(args.date))
        if monday < EARLIEST_DATE or sunday > LATEST_DATE:
            raise InvalidInput(
                f"The week of {args.date} reaches past the dates NutriGap accepts ({EARLIEST_DATE} to "
                f"{LATEST_DATE}); choose a week inside them."
            )
        return _report_files(args, "week", monday, sunday)
    with context() as ctx:
        _print_report(week_report(ctx, args.date), args.json)
        note_default_profile(ctx)  # after the work: an error prints only itself
    return 0


def _report_month(args: argparse.Namespace) -> int:
    from nutrigap.services.charts import month_bounds, parse_month
    from nutrigap.services.reports import month_report

    year, month = parse_month(args.month)
    if args.pdf or args.csv:
        start, end = month_bounds(year, month)
        return _report_files(args, "month", start, end)
    with context() as ctx:
        _print_report(month_report(ctx, year, month), args.json)
        note_default_profile(ctx)  # after the work: an error prints only itself
    return 0


def _report_range(args: argparse.Namespace) -> int:
    from nutrigap.services.doctor_report import check_range
    from nutrigap.services.reports import period_report

    start, end = check_range(args.start, args.end)
    if args.pdf or args.csv:
        return _report_files(args, "range", start, end)
    with context() as ctx:
        _print_report(period_report(ctx, start, end), args.json)
    return 0


def _report_files(args: argparse.Namespace, kind: str, start: Any, end: Any) -> int:
    """Write the PDF and/or CSV; with --json also print the JSON report, else one line per file."""
    from nutrigap.services.doctor_report import check_output, write_report
    from nutrigap.services.reports import period_report

    # refuse bad paths before the slow part
    if args.pdf:
        check_output(args.pdf, ".pdf")
    if args.csv:
        check_output(args.csv, ".csv")
    with context() as ctx:
        files = write_report(ctx, kind, start, end, pdf_path=args.pdf, csv_path=args.csv)
        if args.json:
            _print_report(period_report(ctx, start, end), True)
        note_default_profile(ctx)  # after the work: an error prints only itself
    if not args.json:
        for path in (files.pdf, files.csv):
            if path is not None:
                print(f"wrote {path}")
    return 0
