"""One-line commands import only what they use (issue #16): the heavy libraries stay off their paths."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nutrigap.services import diary
from nutrigap.services.context import AppContext
from tests.conftest import food_id

HEAVY = ("sqlalchemy", "pandas", "matplotlib", "reportlab", "scipy", "PySide6")


def _imported(argv: list[str]) -> tuple[str, list[str]]:
    script = (
        "import json, sys\n"
        "from nutrigap.cli import main\n"
        f"code = main({argv!r})\n"
        f"print(code, json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    code, _, loaded = done.stderr.strip().splitlines()[-1].partition(" ")
    assert code == "0", done.stderr
    return done.stdout, json.loads(loaded)


@pytest.mark.parametrize(
    ("argv", "allowed"),
    [
        (["food", "search", "spinach"], set()),
        (["log", "add", "2026-11-24", "lunch", "SPINACH", "100"], {"sqlalchemy"}),  # writes: the full open
        (["report", "day", "2026-11-24"], set()),  # services/quick_report.py
        (["report", "day", "2026-11-24", "--json"], set()),
        (["report", "week", "2026-11-24"], {"sqlalchemy", "pandas"}),
        (["insights", "--weeks", "4", "--to", "2026-11-24"], {"sqlalchemy", "pandas"}),
    ],
)
def test_a_command_imports_only_what_it_uses(ctx: AppContext, argv: list[str], allowed: set[str]) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    diary.log_food(ctx, "2026-11-24", "dinner", spinach, 150)
    ctx.close()
    out, loaded = _imported([spinach if a == "SPINACH" else a for a in argv])
    assert out.strip()
    assert set(loaded) <= allowed, f"{argv[:2]} imported {sorted(set(loaded) - allowed)}"
