"""Crash safety: a process writing the diary is killed with SIGKILL at random moments, many times.

After every kill the diary must pass ``integrity_check`` and hold exactly the actions whose commits
returned (each was reported on a pipe right after its service call returned), plus at most the one action
that was under way: complete, never half written. The writer is a forked child running the services on
its own AppContext, so it is a separate process with its own connections, killed mid-syscall like a power
cut of the process (the OS still writes what SQLite handed it; ``synchronous=FULL`` covers the rest).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import select
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from tests.safety.helpers import food_ids

ROUNDS = 20
RECIPE_ITEMS = 3


def _writer(home: Path, fd: int, seed: int, foods: list[str]) -> NoReturn:
    """The child: log entries and create recipes until killed, reporting each on ``fd``."""
    code = 0
    try:
        from nutrigap.services import diary, my_foods

        ctx = AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))
        _ = ctx.engine  # start-up: check, migrate, daily backup
        os.write(fd, b"ready\n")
        rng = random.Random(seed)
        n = 0
        while True:
            tag = f"r{seed}-{n}"
            os.write(fd, f"begin {tag}\n".encode())
            if rng.random() < 0.75:
                day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(60))
                entry = diary.log_food(ctx, day, "lunch", rng.choice(foods), rng.randrange(1, 500), "g", note=tag)
                os.write(fd, f"done {tag} entry {entry.id}\n".encode())
            else:
                items = [my_foods.RecipeItemInput(f, rng.randrange(10, 200)) for f in rng.sample(foods, RECIPE_ITEMS)]
                recipe = my_foods.create_recipe(ctx, my_foods.RecipeInput(name=tag, items=items, servings=2))
                os.write(fd, f"done {tag} recipe {recipe.id}\n".encode())
            n += 1
    except BaseException as exc:  # reported to the parent, which fails the test
        os.write(fd, f"error {type(exc).__name__}: {exc}\n".encode())
        code = 1
    finally:
        os._exit(code)


#: How long a writer may take to make the progress a round waits for [s]: a bound for a hung child only
#: (the round waits for the progress itself, however slow a busy machine makes it).
PROGRESS_DEADLINE_S = 300


def _wait_for(fd: int, reached: Callable[[bytes], bool], seen: bytes = b"") -> bytes:
    """Read the writer's reports until ``reached(everything read)`` holds (or the child ends)."""
    deadline = time.monotonic() + PROGRESS_DEADLINE_S
    while not reached(seen) and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            data = os.read(fd, 65536)
            if not data:
                break
            seen += data
    return seen


def _has_open(pid: int, file: Path) -> bool:
    """Whether process ``pid`` has ``file`` open (Linux /proc; elsewhere True at once)."""
    fds = Path(f"/proc/{pid}/fd")
    if not fds.is_dir():
        return True
    try:
        return any(str(fd.readlink()).startswith(str(file)) for fd in fds.iterdir())
    except OSError:  # a descriptor closed while looking: look again
        return False


def _in_action_after(done_before_kill: int) -> Callable[[bytes], bool]:
    """True once the writer has finished ``done_before_kill`` actions and begun the next one."""

    def reached(seen: bytes) -> bool:
        lines = seen.decode().splitlines()
        dones = [i for i, line in enumerate(lines) if line.startswith("done ")]
        return len(dones) >= done_before_kill and any(
            line.startswith("begin ") for line in lines[dones[done_before_kill - 1] + 1 :]
        )

    return reached


def _read_all(fd: int, deadline: float) -> str:
    chunks = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        data = os.read(fd, 65536)
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode()


def _check(diary_file: Path, done: dict[str, tuple[str, object]], pending: str | None) -> tuple[str, object] | None:
    """Assert the diary is sound and holds exactly ``done`` (plus all or nothing of ``pending``); return what
    ``pending`` left behind, if it committed."""
    con = sqlite3.connect(diary_file)  # a plain connection: recovers the WAL as any next start would
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "diary_entry" not in tables:  # killed while the first start was creating the schema: rolled back
            assert tables <= {"alembic_version"} and not done
            return None
        entries = dict(con.execute("SELECT note, id FROM diary_entry WHERE note LIKE 'r%'").fetchall())
        recipes = dict(con.execute("SELECT name, ref FROM food WHERE kind = 'recipe'").fetchall())
        items = dict(
            con.execute("SELECT f.name, count(*) FROM recipe_item i JOIN food f ON f.id = i.recipe_id GROUP BY f.name")
        )
        nutrients = dict(
            con.execute("SELECT f.name, count(*) FROM food_nutrient n JOIN food f ON f.id = n.food_id GROUP BY f.name")
        )
    finally:
        con.close()
    for tag, (kind, ident) in done.items():
        if kind == "entry":
            assert entries.get(tag) == ident, f"committed entry {tag} is missing"
        else:
            assert recipes.get(tag) == ident, f"committed recipe {tag} is missing"
    extra = (set(entries) | set(recipes)) - set(done)
    assert extra <= ({pending} if pending else set()), f"rows of actions that never started: {extra}"
    for tag in recipes:  # a recipe is all there or not at all
        assert items.get(tag) == RECIPE_ITEMS and nutrients.get(tag, 0) > 0, f"recipe {tag} is half written"
    if pending in entries:
        return ("entry", entries[pending])
    if pending in recipes:
        return ("recipe", recipes[pending])
    return None


@pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")
def test_sigkill_while_writing_never_loses_or_half_writes(ctx: AppContext) -> None:
    foods = food_ids(ctx, 30)
    _ = ctx.engine  # the diary exists, as it does for anyone who uses NutriGap
    ctx.close()
    home = ctx.paths.home
    rng = random.Random(20261125)
    done: dict[str, tuple[str, object]] = {}
    killed_mid_action = 0
    for round_no in range(ROUNDS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_fd)
            _writer(home, write_fd, round_no, foods)
        os.close(write_fd)
        # most kills land inside an action, after the writer has committed one to three (waited for as
        # reports, not as time: on a busy machine the writer is slow, never skipped); every sixth round is
        # killed during start-up (checks, daily backup), at whatever point it has reached
        early = round_no % 6 == 5
        if early:
            child, diary_file = pid, home / "diary.sqlite"
            seen = _wait_for(read_fd, lambda seen, c=child, f=diary_file: b"ready" in seen or _has_open(c, f))  # type: ignore[misc]
        else:
            seen = _wait_for(read_fd, _in_action_after(rng.randint(1, 3)))
            assert _in_action_after(1)(seen), f"the writer made no progress: {seen.decode()[-500:]}"
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        output = seen.decode() + _read_all(read_fd, time.monotonic() + 5)
        os.close(read_fd)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, output[-500:]
        assert "error " not in output, output[-500:]
        pending = None
        for line in output.splitlines():
            parts = line.split()
            if parts[0] == "ready":
                continue
            if parts[0] == "begin":
                pending = parts[1]
            elif parts[0] == "done" and len(parts) == 4:
                done[parts[1]] = (parts[2], int(parts[3]) if parts[2] == "entry" else parts[3])
                pending = None
        killed_mid_action += pending is not None
        settled = _check(home / "diary.sqlite", done, pending)
        if pending is not None and settled is not None:
            done[pending] = settled  # the killed action had committed: from now on it must stay
    assert len(done) > ROUNDS  # the writers got real work done between kills
    assert killed_mid_action >= ROUNDS // 2, "most kills should land inside an action"
    # and the app opens the diary as usual afterwards, with every committed entry counted
    after = AppContext(DataPaths.from_environment())
    try:
        from nutrigap.services.reports import load_totals

        totals = load_totals(after, dt.date(2026, 1, 1), dt.date(2026, 3, 1))
        assert int(totals["entries"].sum()) == sum(1 for kind, _ in done.values() if kind == "entry")
    finally:
        after.close()
    print(f"\n{ROUNDS} kills, {killed_mid_action} inside an action, {len(done)} actions committed")
