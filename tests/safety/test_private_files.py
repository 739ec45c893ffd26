"""Health data is private (#11 "Security and privacy"): the data folder is 0700, the diary, backups, exports
and reports 0600, whatever the umask; a data folder others can read is tightened with a one-line notice. And a
data folder that cannot be used (a file in its place, no permission) is one clear line, nothing created."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.safety.helpers import run_cli as _run

D = "2026-11-20"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def careless_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _food(slice_food_db: Path) -> str:
    import sqlite3

    con = sqlite3.connect(slice_food_db)
    try:
        return str(con.execute("SELECT id FROM food ORDER BY rowid LIMIT 1").fetchone()[0])
    finally:
        con.close()


def test_new_files_are_private_whatever_the_umask(
    isolated_home: Path, slice_food_db: Path, tmp_path: Path, careless_umask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    food = _food(slice_food_db)
    home = isolated_home
    home.mkdir(mode=0o700)
    (home / "food.sqlite").write_bytes(slice_food_db.read_bytes())
    code, _out, err = _run(["log", "add", D, "lunch", food, "100"], capsys)
    assert code == 0, err
    assert _mode(home) == 0o700
    assert _mode(home / "diary.sqlite") == 0o600
    code, _out, err = _run(["backup", "create"], capsys)
    assert code == 0, err
    assert _mode(home / "backups") == 0o700
    assert [_mode(p) for p in (home / "backups").iterdir()] == [0o600]
    code, _out, err = _run(["export", "csv", str(tmp_path / "all.csv")], capsys)
    assert code == 0 and _mode(tmp_path / "all.csv") == 0o600, err
    code, _out, err = _run(["report", "week", D, "--pdf", str(tmp_path / "r.pdf")], capsys)
    assert code == 0 and _mode(tmp_path / "r.pdf") == 0o600, err


def test_a_data_folder_created_by_nutrigap_is_private(
    isolated_home: Path, careless_umask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(["profile", "set", "--sex", "female", "--birth-date", "1980-01-01"], capsys)
    assert code == 0, err
    assert _mode(isolated_home) == 0o700 and _mode(isolated_home / "diary.sqlite") == 0o600
    assert "warning" not in err  # nothing to tighten in a folder NutriGap made


def test_a_looser_data_folder_is_tightened_with_one_notice(
    ctx: object, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _ = ctx.engine  # type: ignore[attr-defined]
    ctx.close()  # type: ignore[attr-defined]
    isolated_home.chmod(0o755)
    (isolated_home / "diary.sqlite").chmod(0o644)
    code, _out, err = _run(["log", "show", D], capsys)
    assert code == 0
    notices = [line for line in err.splitlines() if line.startswith("nutrigap: warning:")]
    assert len(notices) == 1 and "now private" in notices[0] and str(isolated_home) in notices[0], err
    assert _mode(isolated_home) == 0o700 and _mode(isolated_home / "diary.sqlite") == 0o600
    code, _out, err = _run(["log", "show", D], capsys)
    assert code == 0 and "warning" not in err  # said once


# --- a data folder that cannot be used -------------------------------------------------------------------
def _one_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nutrigap: error: ") and "Traceback" not in err, err
    return lines[0]


def test_nutrigap_home_that_is_a_file(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    isolated_home.write_text("not a folder")
    code, _out, err = _run(["log", "add", D, "lunch", "pf:1", "100"], capsys)
    assert code == 1 and "is a file, not a folder" in _one_error(err) and "NUTRIGAP_HOME" in err
    assert isolated_home.read_text() == "not a folder"


def test_backups_that_is_a_file(ctx: object, capsys: pytest.CaptureFixture[str]) -> None:
    home = ctx.paths.home  # type: ignore[attr-defined]
    _ = ctx.engine  # type: ignore[attr-defined]
    ctx.close()  # type: ignore[attr-defined]
    (home / "backups").write_text("not a folder")
    code, _out, err = _run(["backup", "create"], capsys)
    assert code == 1 and "backups folder" in _one_error(err) and "is a file" in err
    assert (home / "backups").read_text() == "not a folder"


def test_a_data_folder_inside_a_file(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = isolated_home.parent / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("NUTRIGAP_HOME", str(blocker / "data"))
    code, _out, err = _run(["log", "add", D, "lunch", "pf:1", "100"], capsys)
    assert code == 1 and "cannot be created" in _one_error(err)


def test_an_unknown_users_home_is_refused(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NUTRIGAP_HOME", "~no-such-user-here/nutrigap")
    code, _out, err = _run(["log", "add", D, "lunch", "pf:1", "100"], capsys)
    assert code == 1 and "unknown user" in _one_error(err)
    assert not Path("~no-such-user-here").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_data_folder(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    isolated_home.parent.chmod(0o500)
    try:
        code, _out, err = _run(["log", "add", D, "lunch", "pf:1", "100"], capsys)
    finally:
        isolated_home.parent.chmod(0o700)
    assert code == 1 and "permission denied" in _one_error(err)
