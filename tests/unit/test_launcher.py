"""The launcher hands the command line a window opener: the command line never imports the window (#15 item 7)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from nutrigap import cli


def test_the_command_line_opens_the_window_only_through_the_opener_it_is_given(
    capsys: pytest.CaptureFixture[str],
) -> None:
    opened: list[tuple[list[str], dt.date | None]] = []

    def opener(qt_args: list[str], day: dt.date | None) -> int:
        opened.append((qt_args, day))
        return 0

    assert cli.main([], open_window=opener) == 0
    assert cli.main(["gui"], open_window=opener) == 0
    assert opened == [([], None), ([], None)]
    assert cli.main([]) == 2 and "give a command" in capsys.readouterr().err
    assert cli.main(["gui"]) == 1 and "nutrigap.launcher" in capsys.readouterr().err


def test_a_command_through_the_launcher_does_not_load_the_window() -> None:
    code = (
        "import sys\nfrom nutrigap.launcher import main\ntry:\n    main(['demo', '--help'])\n"
        "except SystemExit:\n    pass\nprint(sorted(sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "--no-window" in done.stdout  # the command ran
    assert "nutrigap.launcher" in done.stderr and "nutrigap.gui" not in done.stderr and "PySide6" not in done.stderr
