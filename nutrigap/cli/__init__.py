"""The ``nutrigap`` command: scripting and automation over the services; no arguments starts the window.

The window is opened through the ``open_window`` function :mod:`nutrigap.launcher` passes in: the command line
and the window are siblings that do not import each other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence

from nutrigap.domain.errors import NutriGapError

#: Modules that add sub-commands; each has ``register(subparsers)``.
COMMAND_MODULES = (
    "nutrigap.cli.food",
    "nutrigap.cli.profile",
    "nutrigap.cli.diary",
    "nutrigap.cli.transfer",
    "nutrigap.cli.symptoms",
    "nutrigap.cli.insights",
    "nutrigap.cli.charts",
    "nutrigap.cli.demo",
    "nutrigap.cli.backup",
    "nutrigap.cli.labs",
    "nutrigap.cli.medicines",
)

#: The commands each of :data:`COMMAND_MODULES` adds. A command line registers only its command's module: all
#: of them (their imports and some 180 argparse sub-parsers and options) took 0.1–0.2 s of a 0.25 s
#: ``nutrigap food search`` (issue #16). ``tests/unit/test_cli_registration.py`` checks this against the modules.
COMMAND_NAMES: dict[str, tuple[str, ...]] = {
    "nutrigap.cli.food": ("food", "food-db"),
    "nutrigap.cli.profile": ("profile",),
    "nutrigap.cli.diary": ("log", "report"),
    "nutrigap.cli.transfer": ("export", "import"),
    "nutrigap.cli.symptoms": ("twitch", "factors"),
    "nutrigap.cli.insights": ("insights", "experiment", "suggest", "guide"),
    "nutrigap.cli.charts": ("chart",),
    "nutrigap.cli.demo": ("demo",),
    "nutrigap.cli.backup": ("backup",),
    "nutrigap.cli.labs": ("lab",),
    "nutrigap.cli.medicines": ("med",),
}


#: Opens the window with Qt's arguments on a day (default today) and returns the exit code when it closes.
WindowOpener = Callable[[list[str], dt.date | None], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        from nutrigap.cli.terminal import escape_controls

        self.print_usage(sys.stderr)
        self.exit(2, f"nutrigap: error: {escape_controls(message)}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command`` (a word of :data:`COMMAND_NAMES`), only what parsing that
    command needs. An unknown or absent command gets the whole parser, so help and errors list every command."""
    import importlib

    parser = _Parser(
        prog="nutrigap",
        description="NutriGap: an offline food diary that finds the nutrient gaps behind muscle twitching. "
        "Without a command it opens the window.",
    )
    parser.add_argument("--version", action="store_true", help="show the version and the food database's source")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    gui = sub.add_parser("gui", help="open the window (the default)")
    gui.set_defaults(handler=_run_gui)
    needed = [name for name in COMMAND_MODULES if command in COMMAND_NAMES[name]]
    for name in needed or COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    return open_window_from(args)(list(getattr(args, "qt_args", []) or []), None)


def open_window_from(args: argparse.Namespace) -> WindowOpener:
    """The window opener :func:`main` was given (the launcher's); a clear error when it was given none."""
    opener: WindowOpener | None = getattr(args, "open_window", None)
    if opener is None:
        raise NutriGapError("the window opens from the nutrigap program (nutrigap.launcher), not from here")
    return opener


def _version() -> int:
    from nutrigap.services.about import about_info
    from nutrigap.services.context import AppContext

    ctx = AppContext(read_only=True)
    try:
        print("\n".join(about_info(ctx).text_lines()))
    finally:
        ctx.close()
    return 0


def _backup_config_shown(args: argparse.Namespace) -> bool:
    return args.command == "backup" and getattr(args, "backup_command", None) == "config" and args.keep is None


def main(argv: Sequence[str] | None = None, *, open_window: WindowOpener | None = None) -> int:
    """Run the command in ``argv``; without one, open the window with ``open_window`` (see nutrigap.launcher)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        if open_window is None:
            print(
                "nutrigap: error: give a command (see --help); the window opens from nutrigap.launcher", file=sys.stderr
            )
            return 2
        return open_window([], None)
    from nutrigap.cli.terminal import escaped_stdout, undecodable_argument

    problem = undecodable_argument(args_list)
    if problem is not None:
        print(f"nutrigap: error: {problem}", file=sys.stderr)
        return 2
    with escaped_stdout():
        return _main(args_list, open_window)


def _main(args_list: list[str], open_window: WindowOpener | None) -> int:
    from nutrigap.cli.terminal import escape_controls

    parser = build_parser(next((a for a in args_list if not a.startswith("-")), None))
    args = parser.parse_args(args_list)
    args.open_window = open_window
    if args.version:
        return _version()
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    from nutrigap.cli.common import READ_ONLY_COMMANDS, set_read_only

    action = next((v for k, v in vars(args).items() if k.endswith(("_command", "_format"))), None)
    set_read_only((args.command, action) in READ_ONLY_COMMANDS or _backup_config_shown(args))
    try:
        return int(handler(args) or 0)
    except NutriGapError as exc:
        print(f"nutrigap: error: {escape_controls(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`); not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("nutrigap: interrupted; nothing was changed by the unfinished step", file=sys.stderr)
        return 130
