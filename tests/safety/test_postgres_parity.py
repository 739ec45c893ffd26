"""NUTRIGAP_DB_URL=postgresql+psycopg://... gives the same results as SQLite: the same actions on a diary of
each kind give the same entries, reports, timeline, own foods and export."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import diary, food_search, my_foods, reports, transfer
from nutrigap.services.context import AppContext
from nutrigap.services.timeline import load_timeline
from tests.safety.helpers import fill_diary

pytestmark = pytest.mark.postgres


@pytest.fixture
def pair(pg_url: str, tmp_path: Path, slice_food_db: Path) -> Iterator[tuple[AppContext, AppContext]]:
    contexts = []
    for name, url in (("sqlite", None), ("postgres", pg_url)):
        home = tmp_path / name
        home.mkdir()
        shutil.copy(slice_food_db, home / "food.sqlite")
        diary_url = url or f"sqlite:///{home / 'diary.sqlite'}"
        contexts.append(AppContext(DataPaths(home=home, diary_url=diary_url, uses_default_diary=url is None)))
    try:
        yield contexts[0], contexts[1]
    finally:
        for context in contexts:
            context.close()


def _same_actions(ctx: AppContext) -> dict[str, object]:
    made = fill_diary(ctx, days=9, seed=7)
    diary.update_entry(ctx, made["entries"][3], quantity=2.5, unit="oz", meal="dinner")
    diary.remove_entry(ctx, made["entries"][4])
    diary.copy_day(ctx, "2026-10-02", "2026-10-10")
    my_foods.add_user_portion(ctx, made["ids"][5], "my bowl", 85)
    diary.log_food(ctx, "2026-10-10", "lunch", made["ids"][5], 2, "my bowl", note="Zucchini & Äpfel — 2 bowls")
    my_foods.create_custom_food(ctx, my_foods.CustomFoodInput(name="apple crumble", nutrients={1090: 12.0}))
    my_foods.create_custom_food(ctx, my_foods.CustomFoodInput(name="Zwieback", nutrients={1090: 30.0}))
    my_foods.delete_user_food(ctx, made["muesli"])  # used: archived, still counted
    return made


def _export_rows(ctx: AppContext, path: Path) -> list[dict[str, str]]:
    transfer.export_csv(ctx, path)
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_same_actions_give_the_same_diary(pair: tuple[AppContext, AppContext], tmp_path: Path) -> None:
    lite, pg = pair
    made_lite, made_pg = _same_actions(lite), _same_actions(pg)
    assert made_lite["entries"] == made_pg["entries"]  # the same ids, in the same order
    for day in (f"2026-10-{d:02d}" for d in range(1, 11)):
        assert diary.entries_for_day(lite, day) == diary.entries_for_day(pg, day)
    for report in (reports.week_report, reports.day_report):
        assert report(lite, "2026-10-02").to_json() == report(pg, "2026-10-02").to_json()
    assert reports.month_report(lite, 2026, 10).to_json() == reports.month_report(pg, 2026, 10).to_json()
    start, end = pd.Timestamp("2026-10-01").date(), pd.Timestamp("2026-10-12").date()
    pd.testing.assert_frame_equal(load_timeline(lite, start, end), load_timeline(pg, start, end))
    assert my_foods.list_user_foods(lite) == my_foods.list_user_foods(pg)
    assert food_search.search_foods(lite, "", 30) == food_search.search_foods(pg, "", 30)
    assert food_search.search_foods(lite, "spin", 10) == food_search.search_foods(pg, "spin", 10)
    assert _export_rows(lite, tmp_path / "lite.csv") == _export_rows(pg, tmp_path / "pg.csv")


def test_an_export_moves_between_the_two(pair: tuple[AppContext, AppContext], tmp_path: Path) -> None:
    """SQLite → CSV → PostgreSQL → CSV gives the same file: a household can move its diary to a server."""
    lite, pg = pair
    _same_actions(lite)
    transfer.export_csv(lite, tmp_path / "from-sqlite.csv")
    transfer.import_csv(pg, tmp_path / "from-sqlite.csv")
    transfer.export_csv(pg, tmp_path / "from-postgres.csv")
    assert (tmp_path / "from-postgres.csv").read_bytes() == (tmp_path / "from-sqlite.csv").read_bytes()
    assert reports.week_report(pg, "2026-10-02").to_json() == reports.week_report(lite, "2026-10-02").to_json()
