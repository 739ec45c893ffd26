"""import cronometer / myfitnesspal / csv-mapped, import list, import undo: bringing another app's history.

Registered under ``nutrigap import`` beside ``import csv`` (``cli/transfer.py`` calls :func:`register_formats`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nutrigap.cli.common import add_json, context, print_json, print_table

MAP_EPILOG = """\
--map SPEC: comma-separated field=Column or field=Column:unit.
  fields: date (required; ISO dates, or date=Day:%d/%m/%Y), food (required), meal, grams (amount eaten in g),
          energy, magnesium, calcium, potassium, vitamin_d, vitamin_b12
  units:  mg, g, µg, mcg, IU (vitamin D: 40 IU = 1 µg), kcal, kJ; without a unit the nutrient's own unit
  values are what the row's food contained (not per 100 g); other columns are ignored.
  example: --map 'date=Day,food=Food,meal=Meal,grams=Weight,magnesium=Mg:mg,vitamin_d=Vit D:IU'
"""


def register_formats(isub: Any) -> None:
    """Add the other-app imports and ``import list`` / ``import undo`` to the ``import`` sub-commands."""
    p = isub.add_parser(
        "cronometer", help="import Cronometer export files (servings, dailysummary, notes, biometrics) or their zip"
    )
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    p.add_argument(
        "--biometric", action="append", default=[], metavar="METRIC=ANALYTE",
        help="import a biometric as a blood test (repeatable): ANALYTE is magnesium, calcium, ionized_calcium, "
        "potassium, vitamin_d_25oh, vitamin_b12, other:NAME, or skip; the dry run lists the metrics to map",
    )  # fmt: skip
    _common(p)
    p.set_defaults(handler=_cronometer)

    p = isub.add_parser("myfitnesspal", help="import MyFitnessPal's export zip (File-Export-….zip)")
    p.add_argument("paths", type=Path, nargs="+", metavar="ZIP")
    p.add_argument(
        "--mfp-calcium-dv", type=int, choices=(1000, 1300), default=None, metavar="MG",
        help="the Daily Value behind MyFitnessPal's calcium %% (1000: US labels before 2020, the default; "
        "1300: labels under the FDA 2016 rule, in force 2020/2021); MyFitnessPal does not say which it uses",
    )  # fmt: skip
    _common(p)
    p.set_defaults(handler=_myfitnesspal)

    p = isub.add_parser(
        "csv-mapped",
        help="import any CSV food log with a column mapping (--map)",
        epilog=MAP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, metavar="FILE")
    p.add_argument("--map", required=True, metavar="SPEC", help="which column is what (syntax below)")
    _common(p)
    p.set_defaults(handler=_csv_mapped)

    p = isub.add_parser("list", help="list the imports from other apps (ids for import undo)")
    add_json(p)
    p.set_defaults(handler=_list)

    p = isub.add_parser("undo", help="remove an import from another app as a whole (its entries and foods)")
    p.add_argument("import_id", type=int, metavar="ID")
    p.set_defaults(handler=_undo)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="show what would be imported; write nothing")
    p.add_argument("--json", action="store_true", help="print JSON")


def _cronometer(args: argparse.Namespace) -> int:
    from nutrigap.services.importers.cronometer import parse_cronometer

    return _run(args, parse_cronometer(args.paths, args.biometric))


def _myfitnesspal(args: argparse.Namespace) -> int:
    from nutrigap.services.importers.myfitnesspal import CALCIUM_DV_MG, parse_myfitnesspal

    dv = CALCIUM_DV_MG if args.mfp_calcium_dv is None else float(args.mfp_calcium_dv)
    return _run(args, parse_myfitnesspal(args.paths, calcium_dv=dv))


def _csv_mapped(args: argparse.Namespace) -> int:
    from nutrigap.services.importers.csv_mapped import parse_csv_mapped

    return _run(args, parse_csv_mapped(args.path, args.map))


def _run(args: argparse.Namespace, plan: Any) -> int:
    from nutrigap.services.importers.apply import apply_plan, days_logged_in_nutrigap, kept_account, skipped_lines

    if args.dry_run:
        with context() as ctx:
            kept = days_logged_in_nutrigap(ctx, plan)
        if args.json:
            print_json({"dry_run": True, **plan.to_json(), "days_already_logged": [d.isoformat() for d in kept]})
            return 0
        print(f"would import {plan.summary()}")
        if plan.days:
            print(f"days: {plan.days[0]} to {plan.days[-1]}")
        if kept:
            print(kept_account(plan, kept))
        for notice in plan.notices:
            print(notice)
        for lab in plan.lab_results:
            print(f"blood test: {lab.day} {lab.metric} {lab.value:g} {lab.unit} (= {lab.canonical_value:.4g} "
                  f"{lab.canonical_unit})")  # fmt: skip
        _print_unrecognised(plan)
        for line in skipped_lines(plan.skipped, 50):
            print(f"skipped: {line}")
        return 0
    with context() as ctx:
        result = apply_plan(ctx, plan)
    if args.json:
        print_json({"dry_run": False, **result.to_json(), "skipped": [s.to_json() for s in plan.skipped]})
        return 0
    print(f"import {result.import_id}: imported {result.summary()}")
    for notice in plan.notices:
        print(notice)
    _print_unrecognised(plan)
    for line in skipped_lines(plan.skipped, 50):
        print(f"skipped: {line}")
    if result.backup is not None:
        print(f"the diary before the import: {result.backup}")
    return 0


def _print_unrecognised(plan: Any) -> None:
    """The biometrics in blood units no name matched, each with its units, rows and how to map it."""
    from nutrigap.domain.wording import plural

    if not plan.unrecognised:
        return
    print("not recognised as a blood test (not imported unless you map it):")
    for u in plan.unrecognised:
        print(f"  {u.metric} ({', '.join(u.units)}), {plural(u.rows, 'row')}: {u.how_to_map()}")


def _list(args: argparse.Namespace) -> int:
    from nutrigap.services.importers.apply import list_imports

    with context() as ctx:
        imports = list_imports(ctx)
    if args.json:
        print_json([i.to_json() for i in imports])
        return 0
    if not imports:
        print("no imports from other apps")
        return 0
    rows = [
        (i.id, i.app, f"{i.created_at:%Y-%m-%d %H:%M}", i.entries, i.foods, i.lab_results, ", ".join(i.files))
        for i in imports
    ]
    print_table(["id", "app", "imported", "entries", "foods", "blood tests", "files"], rows, align_right=(0, 3, 4, 5))
    return 0


def _undo(args: argparse.Namespace) -> int:
    from nutrigap.services.importers.apply import undo_import

    with context() as ctx:
        result = undo_import(ctx, args.import_id)
    print(result.summary())
    return 0
