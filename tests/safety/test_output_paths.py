"""Output paths are written into, never replaced blindly (issue #11 item 7).

Every command that writes a file the user names (``export csv``, ``chart --out``, ``report --pdf/--csv``,
``backup create``) goes through one helper: a unique temporary name beside the target, fsync, rename. A
user's ``PATH.tmp`` is never touched; a symbolic link, a pipe, a device or a folder is refused with one line
and stays what it was; the file written is private (0600) whatever the umask.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.store.output_file import output_file
from tests.safety.helpers import run_cli as _run

D = "2026-10-03"  # a day of the filled diary


def _writers(path: Path) -> dict[str, list[str]]:
    """Each command that writes a file the user names, writing to ``path`` (suffix added)."""
    return {
        "export csv": ["export", "csv", f"{path}.csv"],
        "chart week": ["chart", "week", D, "--out", f"{path}.png"],
        "report week --pdf": ["report", "week", D, "--pdf", f"{path}.pdf"],
        "report week --csv": ["report", "week", D, "--csv", f"{path}.csv"],
        "backup create": ["backup", "create", f"{path}.sqlite"],
    }


COMMANDS = list(_writers(Path("x")))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The folder the outputs go to (the data folder is elsewhere in tmp_path)."""
    made = tmp_path / "outputs"
    made.mkdir()
    return made


def _target(command: str, folder: Path) -> Path:
    args = _writers(folder / "out")[command]
    return Path(next(a for a in args if a.startswith(str(folder))))


@pytest.fixture
def umask_0() -> Iterator[None]:
    """A careless umask (files 0666): NutriGap's files must still be private."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_users_tmp_file_is_never_touched_and_the_file_is_private(
    command: str, filled: Any, folder: Path, capsys: pytest.CaptureFixture[str], umask_0: None
) -> None:
    target = _target(command, folder)
    if command != "backup create":  # a backup never overwrites; the others replace the old file
        target.write_bytes(b"an older version")
    users_tmp = target.with_name(target.name + ".tmp")
    users_tmp.write_text("the user's own notes")
    code, _out, err = _run(_writers(folder / "out")[command], capsys)
    assert code == 0, err
    assert users_tmp.read_text() == "the user's own notes"
    assert target.read_bytes() != b"an older version" and target.stat().st_size > 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    leftovers = sorted(p.name for p in folder.iterdir() if p not in (target, users_tmp))
    assert leftovers == [], leftovers


NOT_REGULAR = [
    (command, kind)
    for command in COMMANDS
    for kind in ("symlink", "dangling symlink", "fifo", "folder")
    if (command, kind) != ("backup create", "folder")  # a folder is where `backup create PATH` puts the file
]


@pytest.mark.parametrize(("command", "kind"), NOT_REGULAR)
def test_a_target_that_is_not_a_regular_file_is_refused_and_kept(
    command: str, kind: str, filled: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _target(command, folder)
    real = folder / "real-file"
    if kind == "symlink":
        real.write_text("kept")
        target.symlink_to(real)
    elif kind == "dangling symlink":
        target.symlink_to(folder / "nowhere")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    before = target.lstat()
    code, out, err = _run(_writers(folder / "out")[command], capsys)
    assert code == 1, out
    assert err.startswith("nutrigap: error: ") and len(err.strip().splitlines()) == 1, err
    assert str(target) in err
    after = target.lstat()
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)
    if kind == "symlink":
        assert real.read_text() == "kept"
    assert not (folder / "nowhere").exists()
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("command", ["export csv", "backup create"])
def test_a_device_is_refused_not_replaced(
    command: str, filled: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A device node of our own (like /dev/full, char 1 7) in the test's folder: should the refusal ever
    # regress, only this node is replaced, never the machine's /dev/full.
    device = folder / "full"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    before = device.lstat()
    args = [str(device) if a.startswith("/DEV") else a for a in _writers(Path("/DEV"))[command]]
    code, _out, err = _run(args, capsys)
    assert code == 1
    assert "not a regular file" in err and len(err.strip().splitlines()) == 1, err
    after = device.lstat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old")

    class Broken(Exception):
        pass

    with pytest.raises(Broken), output_file(target, text=True) as fh:
        fh.write("half of the new")
        raise Broken
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_two_writers_to_one_folder_use_different_temporaries(tmp_path: Path) -> None:
    with output_file(tmp_path / "a.csv") as first, output_file(tmp_path / "a.csv") as second:
        assert first.name != second.name
        first.write(b"1")
        second.write(b"2")
    assert (tmp_path / "a.csv").read_bytes() == b"1"  # the last one finished wins, whole
