"""How the services are written: one way to write to the diary, modules of a readable size."""

from __future__ import annotations

from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "nutrigap" / "services"
#: Modules another branch rewrites (export/import and backup/restore), judged there.
ELSEWHERE = ("transfer", "backup")
MAX_LINES = 450


def _own_modules() -> list[Path]:
    return [p for p in sorted(SERVICES.glob("*.py")) if not p.stem.startswith(ELSEWHERE)]


def test_writes_go_through_the_one_write_helper() -> None:
    """``ctx.diary_changed()`` is called by ``services.unit.write`` after its commit, not by hand: a service
    that commits and forgets it leaves stale search results and profiles behind."""
    allowed = {"unit.py", "food_database.py"}  # food_database: a rebuilt food database, not a diary write
    offenders = [p.name for p in _own_modules() if p.name not in allowed and "diary_changed()" in p.read_text()]
    assert offenders == []


def test_no_service_module_grows_past_450_lines() -> None:
    long = {p.name: n for p in _own_modules() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}
