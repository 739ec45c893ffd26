"""export csv / import csv: the whole diary."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nutrigap.cli.common import context
from nutrigap.domain.wording import plural


def register(sub: Any) -> None:
    export = sub.add_parser("export", help="export the whole diary")
    esub = export.add_subparsers(dest="export_format", metavar="FORMAT", required=True, parser_class=type(export))
    p = esub.add_parser("csv", help="one CSV file with every table (round-trips with import csv)")
    p.add_argument("path", type=Path)
    p.set_defaults(handler=_export_csv)

    imp = sub.add_parser("import", help="import a diary export, or another app's history")
    isub = imp.add_subparsers(dest="import_format", metavar="FORMAT", required=True, parser_class=type(imp))
    p = isub.add_parser("csv", help="import a NutriGap CSV export into an empty diary")
    p.add_argument("path", type=Path)
    p.add_argument("--replace", action="store_true", help="replace the current diary's contents")
    p.set_defaults(handler=_import_csv)
    from nutrigap.cli.importers import register_formats  # Cronometer, MyFitnessPal, mapped CSV (issue #18)

    register_formats(isub)


def _export_csv(args: argparse.Namespace) -> int:
    from nutrigap.services.transfer import export_csv

    with context() as ctx:
        rows = export_csv(ctx, args.path)
    print(f"exported {plural(rows, 'row')} to {args.path}")
    return 0


def _import_csv(args: argparse.Namespace) -> int:
    from nutrigap.services.transfer import import_csv

    with context() as ctx:
        counts = import_csv(ctx, args.path, replace=args.replace)
    print("imported " + ", ".join(f"{v:,} {k}" for k, v in sorted(counts.items())))
    return 0
