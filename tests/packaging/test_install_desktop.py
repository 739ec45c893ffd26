"""packaging/install-desktop.sh: a per-user launcher entry with an absolute Exec, icons in hicolor, and a clean
uninstall; the installed entry is still valid."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.packaging.tools import APP_ID, ICON_SIZES, PACKAGING, require_tool

SCRIPT = PACKAGING / "install-desktop.sh"


def fake_program(folder: Path) -> Path:
    folder.mkdir(parents=True)
    program = folder / "nutrigap"
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def install(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(["sh", str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False)


def installed_files(prefix: Path) -> set[str]:
    return {str(p.relative_to(prefix)) for p in prefix.rglob("*") if p.is_file() and "cache" not in p.name}


def test_install_and_uninstall(tmp_path: Path) -> None:
    program = fake_program(tmp_path / "My Apps")  # a space in the path must survive Exec quoting
    prefix = tmp_path / "share"
    result = install("--exec", str(program), "--prefix", str(prefix))
    assert result.returncode == 0, result.stderr
    expected = {
        f"applications/{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in ICON_SIZES),
    }
    assert installed_files(prefix) == expected
    entry = (prefix / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f'Exec="{program}"\n' in entry and f"TryExec={program}\n" in entry
    validator = require_tool("desktop-file-validate")
    check = subprocess.run(
        [validator, str(prefix / "applications" / f"{APP_ID}.desktop")], capture_output=True, check=False
    )
    assert check.returncode == 0, check.stdout

    result = install("--uninstall", "--prefix", str(prefix))
    assert result.returncode == 0, result.stderr
    assert installed_files(prefix) == set()


def test_default_prefix_is_xdg_data_home(tmp_path: Path) -> None:
    program = fake_program(tmp_path / "bin")
    result = install("--exec", str(program), env_extra={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "xdg" / "applications" / f"{APP_ID}.desktop").is_file()


@pytest.mark.parametrize("bad", ["missing", "dollar$name"])
def test_a_program_it_cannot_start_is_refused_and_nothing_installed(tmp_path: Path, bad: str) -> None:
    program = tmp_path / bad / "nutrigap"
    if bad != "missing":
        program = fake_program(tmp_path / bad)
    result = install("--exec", str(program), "--prefix", str(tmp_path / "share"))
    assert result.returncode == 1
    assert result.stderr.startswith("install-desktop.sh: ") and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "share").exists()
