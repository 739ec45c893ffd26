"""The command line writes amounts as the window does (issue 14 item 12, 'more of the same kind'): 'log add … 2
cup' printed '2 cup (152 g)' and 'log show' '2 cup'; a gram amount printed its weight twice, '10 g (10 g)'."""

from __future__ import annotations

import pytest

from nutrigap.cli import main
from nutrigap.services.context import AppContext
from tests.conftest import food_id


def test_log_add_edit_and_show_write_plural_portions_and_grams_once(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    broccoli = food_id(ctx, "Broccoli, raw", "foundation_food")
    ctx.close()
    assert main(["log", "add", "2026-11-24", "lunch", broccoli, "2", "cup"]) == 0
    added = capsys.readouterr().out
    assert ": 2 cups (152 g) Broccoli, raw" in added
    assert main(["log", "add", "2026-11-24", "lunch", broccoli, "10"]) == 0
    assert ": 10 g Broccoli, raw" in capsys.readouterr().out
    assert main(["log", "edit", "1", "--amount", "3"]) == 0
    assert ": 3 cups (228 g)" in capsys.readouterr().out
    assert main(["log", "show", "2026-11-24"]) == 0
    shown = capsys.readouterr().out
    assert "3 cups" in shown and "3 cup " not in shown
