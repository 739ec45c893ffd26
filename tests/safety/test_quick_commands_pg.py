"""The daily commands' sqlite3 paths (issue #16) stand aside for a diary named by ``NUTRIGAP_DB_URL``: on
PostgreSQL (and an SQLite file named so) every command gives what it gives with those paths switched off."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nutrigap.services import quick_add, quick_factors, quick_labs, quick_report, quick_twitches
from tests.safety.helpers import run_cli

COMMANDS = [
    ["factors", "set", "2026-11-24", "--water-ml", "1500", "--last-caffeine", "9:30"],
    ["factors", "set", "2026-11-24", "--stress", "9"],
    ["lab", "add", "2026-11-20", "magnesium", "0.7", "mmol/L", "--range", "0.7-1.0"],
    ["log", "complete", "2026-11-24", "--undo"],
    ["twitch", "add", "2026-11-24 08:00", "--location", "eyelid", "--intensity", "3", "--symptom", "cramp"],
    ["report", "day", "2026-11-24"],
    ["report", "day", "2026-11-24", "--json"],
    ["log", "show", "2026-11-24", "--json"],
    ["factors", "show", "2026-11-24", "--json"],
    ["twitch", "list", "--json"],
    ["lab", "list"],
]
QUICK = [
    (quick_report, "quick_day_report"), (quick_report, "quick_day_entries"), (quick_factors, "quick_set_factors"),
    (quick_factors, "quick_get_factors"), (quick_factors, "quick_set_day_complete"),
    (quick_twitches, "quick_list_twitches"), (quick_labs, "quick_add_result"), (quick_labs, "quick_list_results"),
]  # fmt: skip


def _outputs(url: str, quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> list[tuple[Any, ...]]:
    monkeypatch.setenv("NUTRIGAP_DB_URL", url)
    for switch in (quick_add.SWITCH, quick_report.SWITCH):
        if quick:
            monkeypatch.delenv(switch, raising=False)
        else:
            monkeypatch.setenv(switch, "0")
    return [run_cli(argv, capsys) for argv in COMMANDS]


@pytest.mark.parametrize("kind", [pytest.param("postgres", marks=pytest.mark.postgres), "sqlite"])
def test_a_diary_named_by_url_takes_the_full_path_with_the_same_answers(
    kind: str,
    request: pytest.FixtureRequest,
    isolated_home: Path,
    slice_food_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(slice_food_db, isolated_home / "food.sqlite")
    if kind == "postgres":
        make: Callable[[], str] = request.getfixturevalue("new_pg_database")
        urls = make(), make()
    else:
        urls = f"sqlite:///{isolated_home / 'a.sqlite'}", f"sqlite:///{isolated_home / 'b.sqlite'}"
    answers: list[object] = []

    def recording(real: Callable[..., object]) -> Callable[..., object]:
        def call(*args: Any, **kwargs: Any) -> object:
            answer = real(*args, **kwargs)
            answers.append(answer)
            return answer

        return call

    for module, name in QUICK:
        monkeypatch.setattr(module, name, recording(getattr(module, name)))
    got = _outputs(urls[0], True, monkeypatch, capsys)
    assert answers and all(a is None for a in answers)  # every sqlite3 path stood aside
    expected = _outputs(urls[1], False, monkeypatch, capsys)
    assert got == expected
    assert [code for code, _, _ in got] == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert "cramp" in got[9][1] and "0.7" in got[10][1]
