"""lab commands: blood test results (issue #17): add, list, rm."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from nutrigap.cli.common import add_json, context, print_json, print_table
from nutrigap.domain.labs import LabResult, analytes, format_range


def register(sub: Any) -> None:
    lab = sub.add_parser("lab", help="blood test results: add, list, remove")
    lsub = lab.add_subparsers(dest="lab_command", metavar="ACTION", required=True, parser_class=type(lab))
    p = lsub.add_parser(
        "add",
        help="record a blood test result",
        description="Type the value and unit as the lab report prints them; NutriGap converts them exactly to one "
        "unit. The lab's own reference range, when the report gives one, is always the one compared with.",
    )
    p.add_argument("date", metavar="DATE", help="the day the blood was taken (YYYY-MM-DD)")
    p.add_argument("analyte", metavar="ANALYTE", help=", ".join(analytes()) + ", or other:NAME (e.g. other:ferritin)")
    p.add_argument("value", metavar="VALUE")
    p.add_argument("unit", metavar="UNIT", help="as printed: mmol/L, mg/dL, mEq/L, ng/mL, nmol/L, pg/mL, pmol/L …")
    p.add_argument("--range", dest="range_text", metavar="LOW-HIGH", help="the lab's reference range (>LOW, <HIGH)")
    p.add_argument("--note", metavar="TEXT")
    add_json(p)
    p.set_defaults(handler=_add)
    p = lsub.add_parser("list", help="blood test results in a date range")
    p.add_argument("--from", dest="start", metavar="DATE")
    p.add_argument("--to", dest="end", metavar="DATE")
    add_json(p)
    p.set_defaults(handler=_list)
    p = lsub.add_parser("rm", help="remove a blood test result")
    p.add_argument("result_id", type=_result_id, metavar="ID")
    p.set_defaults(handler=_rm)


def _result_id(text: str) -> int:
    if not text.strip().isdigit() or len(text.strip()) > 12:
        raise argparse.ArgumentTypeError(f"'{text}' is not a result id (a whole number)")
    return int(text)


def as_json(r: LabResult) -> dict[str, object]:
    """The row ``lab list --json`` prints (issue #17: exactly these keys)."""
    return {
        "id": r.id, "date": r.day.isoformat(), "analyte": r.analyte, "value": r.value, "unit": r.unit,
        "canonical_value": r.canonical_value, "canonical_unit": r.canonical_unit, "range_low": r.range_low,
        "range_high": r.range_high, "range_source": r.range_source, "flag": r.flag,
    }  # fmt: skip


def _add(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_labs import quick_add_result

    given = {"range_text": args.range_text, "note": args.note}
    with context() as ctx:
        # without SQLAlchemy where the plain SQLite diary allows (issue #16); else the full path
        r = quick_add_result(ctx, args.date, args.analyte, args.value, args.unit, **given)
        if r is None:
            from nutrigap.services.labs import add_result

            r = add_result(ctx, args.date, args.analyte, args.value, args.unit, **given)
    if args.json:
        print_json(as_json(r))
    else:
        said = f"; {r.flag_words}" if r.flag_words else "; no range to compare with"
        print(f"Recorded result {r.id}: {r.name} {r.value:g} {r.unit} on {r.day.isoformat()}{said}.")
    return 0


def _list(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_labs import quick_list_results

    with context() as ctx:
        results = quick_list_results(ctx, args.start, args.end)  # without SQLAlchemy where it can (issue #16)
        if results is None:
            from nutrigap.services.labs import list_results

            results = list_results(ctx, args.start, args.end)
    if args.json:
        print_json([as_json(r) for r in results])
        return 0
    if not results:
        print("No blood test results in this period (add one with: nutrigap lab add DATE ANALYTE VALUE UNIT).")
        return 0
    print_table(
        ["id", "date", "test", "value", "range", "compared", "note"],
        [
            [r.id, r.day.isoformat(), r.name, f"{r.value:g} {r.unit}", format_range(r), r.flag_words or "—", r.note]
            for r in results
        ],
        align_right=[0],
    )
    return 0


def _rm(args: argparse.Namespace) -> int:
    from nutrigap.services.labs import delete_result

    with context() as ctx:
        gone = delete_result(ctx, args.result_id)
    print(f"Removed result {gone.id}: {gone.name} {gone.value:g} {gone.unit} on {gone.day.isoformat()}.")
    return 0


def print_blood_tests(results: Sequence[LabResult]) -> None:
    """The text report's "Blood tests" table (the year up to the report's end), under the intake table."""
    if not results:
        return
    print()
    print("Blood tests (the 12 months up to the end of the period):")
    print_table(
        ["nutrient", "date", "test", "result", "range", "compared"],
        [
            [
                r.nutrient.label if r.nutrient else "other", r.day.isoformat(), r.name, f"{r.value:g} {r.unit}",
                format_range(r), r.flag_words or "no range to compare with",
            ]
            for r in results
        ],
    )  # fmt: skip
    print("A value outside a range is a reason to talk to your doctor, not a diagnosis.")
