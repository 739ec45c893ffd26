"""backup create / list / restore / config: copies of the diary and putting one back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nutrigap.cli.common import add_json, context, print_json, print_table
from nutrigap.domain.wording import plural


def register(sub: Any) -> None:
    backup = sub.add_parser("backup", help="back up the diary, list backups, restore one")
    bsub = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True, parser_class=type(backup))
    p = bsub.add_parser("create", help="back up the diary now (into the backups folder, or to PATH)")
    p.add_argument("path", nargs="?", type=Path, metavar="PATH", help="a new file, or a folder to put it in")
    add_json(p)
    p.set_defaults(handler=_create)
    p = bsub.add_parser("list", help="the backups in the backups folder, newest first")
    add_json(p)
    p.set_defaults(handler=_list)
    p = bsub.add_parser("restore", help="replace the diary by a backup (the diary as it is is backed up first)")
    p.add_argument("file", type=Path, metavar="FILE")
    add_json(p)
    p.set_defaults(handler=_restore)
    p = bsub.add_parser(
        "new-diary", help="start a new, empty diary where the old one is missing (its backups are kept)"
    )
    p.set_defaults(handler=_new_diary)
    p = bsub.add_parser("config", help="show or set how many automatic daily backups are kept")
    p.add_argument("--keep", metavar="N", help="keep the newest N automatic backups (0: no automatic backups)")
    add_json(p)
    p.set_defaults(handler=_config)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


def _create(args: argparse.Namespace) -> int:
    from nutrigap.services.backup import create_backup

    with context() as ctx:
        info = create_backup(ctx, args.path)
    if args.json:
        print_json(info.to_json())
    else:
        what = "the entries" if info.entries is None else plural(info.entries, "entry", "entries")
        print(f"backed up {what} to {info.path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from nutrigap.services.backup import list_backups

    with context() as ctx:
        found = list_backups(ctx)
        folder = ctx.paths.backups
    if args.json:
        print_json([b.to_json() for b in found])
        return 0
    if not found:
        print(f"no backups yet in {folder}")
        return 0
    print_table(
        ["made", "kind", "entries", "last day", "size", "file"],
        [
            [
                b.created_at.strftime("%Y-%m-%d %H:%M"),
                b.kind,
                "?" if b.entries is None else f"{b.entries:,}",
                "-" if b.last_day is None else b.last_day.isoformat(),
                _size(b.size_bytes),
                b.name + ("" if b.problem is None else f"  (cannot be restored: {b.problem})"),
            ]
            for b in found
        ],
        align_right=[2, 4],
    )
    print(f"folder: {folder}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from nutrigap.services.backup import restore_backup

    with context() as ctx:
        result = restore_backup(ctx, args.file)
    if args.json:
        print_json(
            {
                "restored": result.restored.to_json(),
                "previous": None if result.previous is None else result.previous.to_json(),
                "left_out": list(result.left_out),
            }
        )
        return 0
    print(f"restored {result.restored.path}")
    if result.previous is not None:
        print(f"the diary as it was is saved as {result.previous.path}")
    if result.left_out:
        print(f"left out, not NutriGap's: {', '.join(result.left_out)}")
    return 0


def _config(args: argparse.Namespace) -> int:
    import os

    from nutrigap.services.backup import KEEP_ENV, backup_keep, set_backup_keep

    with context() as ctx:
        if args.keep is not None:
            set_backup_keep(ctx, args.keep)
        keep = backup_keep(ctx)
        folder = ctx.paths.backups
    overridden = bool(os.environ.get(KEEP_ENV, "").strip())
    if args.json:
        print_json({"keep": keep, "folder": str(folder), "from_environment": overridden})
        return 0
    what = "automatic backups are off" if keep == 0 else f"the newest {keep} automatic daily backups are kept"
    print(f"{what}{f' ({KEEP_ENV} is set)' if overridden else ''}; folder: {folder}")
    return 0


def _new_diary(_args: argparse.Namespace) -> int:
    from nutrigap.services.diary_identity import start_new_diary

    with context() as ctx:
        start_new_diary(ctx)
        where = ctx.paths.diary_file if ctx.paths.uses_default_diary else "the database server"
    print(f"started a new, empty diary at {where}; the backups of the old one are kept in the backups folder")
    return 0
