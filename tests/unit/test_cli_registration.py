"""A command line registers only its command's module (issue #16): the map of commands to modules must match
what the modules register, and the small parser must parse a command line exactly as the whole one does."""

from __future__ import annotations

import argparse
import importlib

import pytest

from nutrigap.cli import COMMAND_MODULES, COMMAND_NAMES, build_parser


def test_every_module_adds_exactly_the_commands_the_map_names() -> None:
    assert set(COMMAND_NAMES) == set(COMMAND_MODULES)
    for name in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        importlib.import_module(name).register(sub)
        assert tuple(sub.choices) == COMMAND_NAMES[name], name


@pytest.mark.parametrize(
    "argv",
    [
        ["food", "search", "spinach", "raw", "--limit", "5", "--json"],
        ["log", "add", "today", "lunch", "fdc:1", "100", "g", "--note", "x"],
        ["report", "day", "2026-11-24"],
        ["insights", "--weeks", "4", "--all"],
        ["--version", "chart", "week", "2026-11-24", "--out", "w.png"],
        ["backup", "config"],
        ["twitch", "list", "--json"],
    ],
)
def test_the_commands_parser_parses_as_the_whole_parser(argv: list[str]) -> None:
    command = next(a for a in argv if not a.startswith("-"))
    small = vars(build_parser(command).parse_args(argv))
    whole = vars(build_parser().parse_args(argv))
    assert small == whole


def test_an_unknown_command_gets_the_whole_parser() -> None:
    parser = build_parser("nope")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {"gui", *(c for names in COMMAND_NAMES.values() for c in names)} == set(sub.choices)
