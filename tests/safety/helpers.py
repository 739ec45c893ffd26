"""Helpers of the safety tests: snapshots of a whole diary (every row of every table) and of files."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

Rows = dict[str, list[tuple[Any, ...]]]


def read_only_url(url: str) -> str:
    """For an SQLite file, a URL that opens it read-only (so a snapshot never changes what it looks at)."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return f"sqlite:///file:{Path(parsed.database).resolve()}?mode=ro&uri=true"
    return url


def dump(url: str) -> Rows:
    """Every row of every table of a database, each table's rows sorted, keyed by table name."""
    engine = sa.create_engine(read_only_url(url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            names = sorted(sa.inspect(connection).get_table_names())
            out: Rows = {}
            for name in names:
                rows = [tuple(r) for r in connection.exec_driver_sql(f'SELECT * FROM "{name}"')]
                out[name] = sorted(rows, key=repr)
            return out
    finally:
        engine.dispose()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(folder: Path) -> dict[str, str]:
    """Name → SHA-256 of every file under ``folder`` (the data folder's complete state).

    SQLite's ``-shm`` (a memory index any reader may create) and an empty ``-wal`` hold no data and are left
    out; a ``-wal`` with content is data and counts.
    """
    if not folder.exists():
        return {}
    out = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name.endswith("-shm") or (p.name.endswith("-wal") and p.stat().st_size == 0):
            continue
        out[str(p.relative_to(folder))] = sha256(p)
    return out


def food_ids(ctx: Any, n: int = 40) -> list[str]:
    """Ids of the first ``n`` foods of the context's food database (real USDA rows of the fixture slice)."""
    rows = ctx.food_db._con.execute("SELECT id FROM food ORDER BY rowid LIMIT ?", (n,)).fetchall()
    return [str(r[0]) for r in rows]


def fill_diary(ctx: Any, days: int = 14, seed: int = 0, start: Any = None) -> dict[str, Any]:
    """A realistic diary through the services: a profile, own foods (custom, supplement, recipe), 3 to 6
    entries a day, twitches and daily factors. Returns the ids it made."""
    import datetime as dt
    import random

    from nutrigap.services import diary, my_foods, profile
    from nutrigap.store.models import DailyFactorsRow, TwitchRow

    rng = random.Random(seed)
    start = start or dt.date(2026, 10, 1)
    ids = food_ids(ctx)
    profile.set_profile(ctx, sex="female", birth_date="1988-05-03")
    muesli = my_foods.create_custom_food(
        ctx,
        my_foods.CustomFoodInput(
            name="Grandma's Müsli", nutrients={1090: 60.0, 1087: 40.0, 1008: 210.0, 1092: None}, per_serving=True,
            serving_label="bowl", serving_grams=60,
        ),
    )  # fmt: skip
    magnesium = my_foods.create_supplement(
        ctx,
        my_foods.SupplementInput(name="Magnesium glycinate", unit_label="capsule", nutrients_per_unit={1090: 200.0}),
    )
    smoothie = my_foods.create_recipe(
        ctx,
        my_foods.RecipeInput(
            name="Green smoothie", items=[my_foods.RecipeItemInput(ids[0], 60), my_foods.RecipeItemInput(ids[1], 240)],
            servings=2,
        ),
    )  # fmt: skip
    entries = []
    for d in range(days):
        day = start + dt.timedelta(days=d)
        for _ in range(rng.randrange(3, 7)):
            choice = rng.random()
            if choice < 0.1:
                entries.append(diary.log_food(ctx, day, "breakfast", muesli.id, 1, "bowl").id)
            elif choice < 0.2:
                entries.append(diary.log_food(ctx, day, "supplements", magnesium.id, 1, "capsule").id)
            elif choice < 0.3:
                entries.append(diary.log_food(ctx, day, "snacks", smoothie.id, 1, "serving").id)
            else:
                meal = rng.choice(["breakfast", "lunch", "dinner", "snacks"])
                grams = round(rng.uniform(10, 400), 1)
                entries.append(diary.log_food(ctx, day, meal, rng.choice(ids), grams, "g", note="n" * (d % 3)).id)
    with ctx.uow() as uow:
        for d in range(0, days, 2):
            day = start + dt.timedelta(days=d)
            uow.twitches.add(
                TwitchRow(
                    occurred_at=dt.datetime.combine(day, dt.time(9 + d % 10, 15)), location="eyelid",
                    side="left", intensity=1 + d % 10, duration_s=30, note="après le café ☕", cramp=d % 4 == 0,
                )
            )  # fmt: skip
            uow.factors.upsert(
                DailyFactorsRow(day=day, water_ml=1500.0 + d, caffeine_mg=95.0 * (d % 3), sleep_h=7.5, stress=1 + d % 5)
            )
        uow.commit()
    ctx.diary_changed()
    return {"entries": entries, "muesli": muesli.id, "magnesium": magnesium.id, "smoothie": smoothie.id, "ids": ids}


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``nutrigap ARGS`` in-process: (exit code, stdout, stderr); argparse's own exits count as codes."""
    from nutrigap.cli import main

    try:
        code = main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_cli_in(
    home: Path,
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    quick: bool,
    switches: tuple[str, ...],
) -> tuple[int, str, str]:
    """``nutrigap ARGV`` on the home ``home``, the quick paths named by ``switches`` (their environment switches)
    on or off: (exit code, stdout, stderr), the home's path written as HOME so that twin homes compare equal."""
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    for switch in switches:
        if quick:
            monkeypatch.delenv(switch, raising=False)
        else:
            monkeypatch.setenv(switch, "0")
    code, out, err = run_cli(argv, capsys)
    return code, out.replace(str(home), "HOME"), err.replace(str(home), "HOME")


def record_answers(monkeypatch: pytest.MonkeyPatch, module: object, names: tuple[str, ...]) -> list[object]:
    """Wrap the functions ``names`` of ``module`` so that each call's answer is appended to the returned list
    ("raised" when it raised): which calls a quick path answered and which it left to the full path (None)."""
    answers: list[object] = []

    def recording(real: Callable[..., object]) -> Callable[..., object]:
        def call(*args: Any, **kwargs: Any) -> object:
            try:
                answer = real(*args, **kwargs)
            except Exception:
                answers.append("raised")
                raise
            answers.append(answer)
            return answer

        return call

    for name in names:
        monkeypatch.setattr(module, name, recording(getattr(module, name)))
    return answers
