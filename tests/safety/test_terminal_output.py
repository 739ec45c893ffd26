"""What the command line prints is text, never terminal commands (#11 "Terminal escapes"), and arguments that
are not UTF-8 are one clear line (#11 "Crashes and messages": ``UnicodeEncodeError: surrogates not allowed``)."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from tests.safety.helpers import dump, files
from tests.safety.helpers import run_cli as _run

D = "2026-11-20"
#: ESC sequences that retitle the terminal and clear it, BEL, CR, DEL and C1's CSI (U+009B)
HOSTILE = "Evil\x1b]0;pwned\x07\x1b[2J\r\x7f\x9b31m\x01 bar"
RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile(ctx: Any, capsys: pytest.CaptureFixture[str]) -> Any:
    code, _out, err = _run(["food", "add-custom", HOSTILE, "--magnesium", "5"], capsys)
    assert code == 0, err
    code, _out, err = _run(["log", "add", D, "lunch", "custom:1", "100", "--note", HOSTILE], capsys)
    assert code == 0, err
    code, _out, err = _run(["twitch", "add", f"{D} 10:00", "--location", "eyelid", "--intensity", "3", "--note",
                            HOSTILE], capsys)  # fmt: skip
    assert code == 0, err
    return ctx


@pytest.mark.parametrize(
    "args",
    [
        ["food", "mine"],
        ["food", "mine", "--json"],
        ["food", "search", "evil"],
        ["food", "show", "custom:1"],
        ["food", "show", "custom:1", "--json"],
        ["log", "show", D],
        ["log", "show", D, "--json"],
        ["twitch", "list", "--from", D, "--to", D],
        ["twitch", "list", "--from", D, "--to", D, "--json"],
        ["report", "day", D],
        ["log", "add", D, "lunch", HOSTILE, "100"],  # an error that quotes the input
        ["food", "show", HOSTILE],
        ["report", "week", HOSTILE],  # argparse-free error quoting a date
        ["log", "add", D, HOSTILE, "custom:1", "100"],  # argparse's own error quotes it
    ],
    ids=lambda a: " ".join(x.encode("unicode_escape").decode() for x in a)[:50],
)
def test_control_characters_are_printed_as_escapes(
    args: list[str], hostile: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, err = _run(args, capsys)
    assert not RAW_CONTROLS.search(out), repr(out)
    assert not RAW_CONTROLS.search(err), repr(err)
    if HOSTILE not in args and args[0] != "report":  # a listing: the name is there, escaped
        assert "Evil" in out, out


def test_a_table_shows_the_escapes(hostile: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(["food", "mine"], capsys)
    # (the CR became a space when the name was saved: names are one line)
    assert code == 0 and "Evil\\x1b]0;pwned\\x07\\x1b[2J \\x7f\\x9b31m\\x01 bar" in out, out


@pytest.mark.parametrize(
    "args",
    [
        ["food", "search", "\udcff\udcfe"],
        ["log", "add", D, "lunch", "custom:1", "100", "--note", "caf\udce9"],
        ["food", "add-custom", "Bar\udcff", "--magnesium", "5"],
        ["twitch", "add", "now", "--location", "eyelid", "--intensity", "3", "--note", "\udc80"],
    ],
    ids=["search", "note", "custom name", "twitch note"],
)
def test_arguments_that_are_not_utf8_are_one_clear_line(
    args: list[str], filled: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    before_rows, before_files = dump(filled.paths.diary_url), files(filled.paths.home)
    code, _out, err = _run(args, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "not valid UTF-8" in lines[0] and "Traceback" not in err, err
    assert dump(filled.paths.diary_url) == before_rows and files(filled.paths.home) == before_files


def test_a_real_process_with_latin1_bytes(ctx: Any) -> None:
    """The attack as typed: a Latin-1 byte in a UTF-8 locale reaches Python as a lone surrogate."""
    import subprocess
    import sys

    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    done = subprocess.run([sys.executable, "-m", "nutrigap", "food", "search", b"caf\xe9"],
                          env=env, capture_output=True, check=False, timeout=120)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.decode().strip().startswith("nutrigap: error: argument 3 ('caf\\xe9') is not valid UTF-8")
