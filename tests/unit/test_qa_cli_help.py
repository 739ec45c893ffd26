"""Every command's --help prints (issue #11 'tracebacks become one clear line'): 'nutrigap chart --help' crashed
with "TypeError: %o format" because a help text said '% of target' (argparse reads help as a %-format)."""

from __future__ import annotations

import argparse

from nutrigap.cli import build_parser


def _parsers(parser: argparse.ArgumentParser, path: str = "nutrigap") -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:  # argparse keeps its subcommands here only
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _parsers(sub, f"{path} {name}")
    return found


def test_every_help_text_formats() -> None:
    broken = []
    for path, parser in _parsers(build_parser()):
        try:
            parser.format_help()
        except (TypeError, ValueError, KeyError) as exc:
            broken.append(f"{path}: {exc}")
    assert broken == []


def test_nutrient_options_name_the_nutrient_as_people_write_it() -> None:
    """The help said 'vitamin-d per unit' and 'vitamin-b12 per unit' (the option's spelling, not the nutrient's)."""
    helps = {path: parser.format_help() for path, parser in _parsers(build_parser())}
    text = " ".join(helps["nutrigap food add-supplement"].split())
    assert "vitamin D per unit" in text and "vitamin B12 per unit" in text and "vitamin-d per" not in text
