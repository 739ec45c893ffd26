"""Property (issue #11, item 1): whatever the app accepts, by any path, comes back unchanged through
``export csv`` → ``import csv`` and ``backup create`` → ``backup restore`` — also for a ``NUTRIGAP_DB_URL``
diary, whose backups are CSV exports.

Hypothesis drives the CLI in-process and the services the window uses with amounts around every limit
(1e-12 … 1e8, the edges themselves), texts a spreadsheet would run as formulas, quotes and line breaks.
Each call is either refused with a message (and then changes nothing) or accepted; whatever was accepted
must survive both round trips byte for byte (the export of the result equals the export of the original).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nutrigap.cli import main
from nutrigap.domain.errors import NutriGapError
from nutrigap.paths import DataPaths
from nutrigap.services import backup, diary, factors, my_foods, transfer
from nutrigap.services.context import AppContext

EDGES = [1e-320, 1e-300, 1e-12, 1e-10, 1e-9, 1.0000001e-9, 0.5, 1.0, 350.0, 4999.999, 5000.0, 5000.0001, 1e6,
         1.000001e6, 1e7, 1.0000001e7, 2e7, 1e300]  # fmt: skip
amounts = st.one_of(st.sampled_from(EDGES), st.floats(min_value=1e-12, max_value=1e8, allow_nan=False))
texts = st.one_of(
    st.sampled_from(["=1+1", "+x", "-3", "@SUM(A1)", "\tx", "'quoted", "''", "a\nb", 'say "hi"', "Müsli ☕"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12),
)
D = "2026-11-24"


@st.composite
def actions(draw: st.DrawFn) -> list[tuple[str, Any]]:
    kinds = st.sampled_from(["log", "log-note", "custom", "supplement", "portion", "recipe", "factors"])
    return draw(st.lists(st.tuples(kinds, st.tuples(amounts, amounts, texts)), min_size=1, max_size=6))


def _cli(*args: str) -> None:
    quiet = (contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()))
    with quiet[0], quiet[1], contextlib.suppress(SystemExit):  # SystemExit: argparse refused it
        main(list(args))


def _apply(ctx: AppContext, food: str, kind: str, a: float, b: float, text: str) -> None:
    """One thing a user could do, by the CLI (closes its own context) or a service; refusals are fine."""
    try:
        if kind == "log":
            _cli("log", "add", D, "lunch", food, repr(a))
        elif kind == "log-note":
            diary.log_food(ctx, D, "dinner", food, a, "g", note=text)
        elif kind == "custom":
            _cli("food", "add-custom", f"C {text}", "--serving-g", repr(a), "--potassium", repr(b))
        elif kind == "supplement":
            my_foods.create_supplement(
                ctx,
                my_foods.SupplementInput(
                    name=f"S {text}", unit_label="drop", nutrients_per_unit={1114: b}, unit_grams=a
                ),
            )
        elif kind == "portion":
            _cli("food", "portion", food, f"p {text}"[:40], repr(a))
        elif kind == "recipe":
            _cli("food", "add-recipe", f"R {text}", "--item", f"{food}={a!r}", "--yield-g", repr(b))
        elif kind == "factors":
            factors.set_factors(ctx, D, water_ml=min(a, 20000.0), last_caffeine_at="13:45", note=text)
    except NutriGapError:
        pass
    finally:
        ctx.close()


@contextlib.contextmanager
def _home(food_db: Path, url_diary: bool) -> Iterator[AppContext]:
    folder = Path(tempfile.mkdtemp(prefix="roundtrip-"))
    old = {k: os.environ.get(k) for k in ("NUTRIGAP_HOME", "NUTRIGAP_DB_URL")}
    try:
        home = folder / "home"
        home.mkdir()
        shutil.copy(food_db, home / "food.sqlite")
        os.environ["NUTRIGAP_HOME"] = str(home)
        if url_diary:
            os.environ["NUTRIGAP_DB_URL"] = f"sqlite:///{folder / 'elsewhere.sqlite'}"
        else:
            os.environ.pop("NUTRIGAP_DB_URL", None)
        ctx = AppContext(DataPaths.from_environment())
        try:
            yield ctx
        finally:
            ctx.close()
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)


def _export(ctx: AppContext, path: Path) -> bytes:
    transfer.export_csv(ctx, path)
    ctx.close()
    lines = path.read_bytes().splitlines(keepends=True)
    return b"".join(lines)


@pytest.mark.parametrize("url_diary", [False, True], ids=["default diary", "NUTRIGAP_DB_URL diary"])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions())
def test_whatever_is_accepted_survives_export_import_and_backup_restore(
    url_diary: bool, steps: list[tuple[str, Any]], slice_food_db: Path
) -> None:
    with _home(slice_food_db, url_diary) as ctx:
        food = str(ctx.food_db._con.execute("SELECT id FROM food ORDER BY rowid LIMIT 1").fetchone()[0])
        for kind, (a, b, text) in steps:
            _apply(ctx, food, kind, a, b, text)
        folder = ctx.paths.home
        original = _export(ctx, folder / "original.csv")

        # export -> import into an empty diary -> export: the same file
        other = AppContext(DataPaths(home=folder / "other", diary_url=f"sqlite:///{folder / 'other.sqlite'}",
                                     uses_default_diary=True))  # fmt: skip
        try:
            transfer.import_csv(other, folder / "original.csv")
            assert _export(other, folder / "again.csv") == original
        finally:
            other.close()

        # backup -> (a change) -> restore -> export: the same file again
        made = backup.create_backup(ctx, folder / ("backup.sqlite" if not url_diary else "backup.csv"))
        diary.log_food(ctx, "2026-11-25", "lunch", food, 100)
        backup.restore_backup(ctx, made.path)
        assert _export(ctx, folder / "restored.csv") == original
