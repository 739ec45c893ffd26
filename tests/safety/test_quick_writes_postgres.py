"""`log add` and `twitch add` on a PostgreSQL diary (NUTRIGAP_DB_URL) take the full path and answer exactly as on
the default SQLite diary, where they write with sqlite3 (issue #16, nutrigap/services/quick_add.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from nutrigap.services import quick_add
from tests.safety.helpers import run_cli


def test_log_and_twitch_add_on_postgresql_answer_as_on_the_sqlite_diary(
    pg_url: str, tmp_path: Path, slice_food_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    homes = {"sqlite": tmp_path / "sqlite", "postgres": tmp_path / "postgres"}
    for home in homes.values():
        home.mkdir()
        shutil.copy(slice_food_db, home / "food.sqlite")
    answers: dict[str, list[object]] = {"sqlite": [], "postgres": []}
    current = ["sqlite"]
    real_food, real_twitch = quick_add.quick_log_food, quick_add.quick_log_twitch

    def food(*args: Any, **kwargs: Any) -> object:
        answers[current[0]].append(answer := real_food(*args, **kwargs))
        return answer

    def twitch(*args: Any, **kwargs: Any) -> object:
        answers[current[0]].append(answer := real_twitch(*args, **kwargs))
        return answer

    monkeypatch.setattr(quick_add, "quick_log_food", food)
    monkeypatch.setattr(quick_add, "quick_log_twitch", twitch)
    spinach = "pf:72d0bad72cf2"  # Spinach, raw (sr_legacy_food) in the fixture slice
    cases = [
        ["log", "add", "2026-11-24", "lunch", spinach, "100"],
        ["log", "add", "2026-11-24", "dinner", spinach, "1", "cup", "--json"],
        ["log", "add", "2026-11-24", "dinner", spinach, "0"],
        ["log", "add", "2026-11-24", "dinner", "pf:000000000000", "10"],
        ["twitch", "add", "2026-11-24 08:00", "--location", "calf", "--intensity", "4", "--symptom", "cramp"],
        ["twitch", "add", "2026-11-24 08:00", "--location", "calf", "--intensity", "11"],
        ["log", "add", "2026-11-25", "snacks", spinach, "2", "oz"],
    ]
    for argv in cases:
        out = {}
        for name, home in homes.items():
            current[0] = name
            monkeypatch.setenv("NUTRIGAP_HOME", str(home))
            if name == "postgres":
                monkeypatch.setenv("NUTRIGAP_DB_URL", pg_url)
            else:
                monkeypatch.delenv("NUTRIGAP_DB_URL", raising=False)
            code, stdout, stderr = run_cli(argv, capsys)
            out[name] = (code, stdout, stderr.replace(str(home), "HOME"))
        assert out["sqlite"] == out["postgres"], argv
    assert answers["postgres"] and all(a is None for a in answers["postgres"])
    assert any(a is not None for a in answers["sqlite"])  # the SQLite twin did take the quick path
