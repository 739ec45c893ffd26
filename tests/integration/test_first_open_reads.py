"""What the first open of a dialog reads (issue #16, benchmarks/pages.py): Add food's recent foods without every
food's nutrients, the Profile dialog's and the report's food database line without counting household measures.
The answers stay the same; only the work behind them is less."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect

from nutrigap.services import diary, food_search
from nutrigap.services.context import AppContext
from tests.conftest import food_id

DAY = dt.date(2026, 3, 2)


def test_recent_foods_do_not_load_every_foods_nutrients(ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    diary.log_food(ctx, DAY, "lunch", spinach, 150)
    with ctx.uow() as uow:
        recent = uow.foods.recent(50)
        assert recent and all("nutrients" in inspect(row).unloaded for row in recent)
        # still there when asked for (inside the unit of work), as before
        assert any(n.amount > 0 for n in recent[0].nutrients)
        own = uow.foods.user_foods()
        assert all("nutrients" in inspect(row).unloaded for row in own)


def test_add_food_recent_list_is_unchanged(ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    diary.log_food(ctx, DAY, "lunch", spinach, 150)
    shown = food_search.search_foods(ctx, "", limit=20)
    assert [(f.id, f.name, f.origin) for f in shown][:1] == [(spinach, "Spinach, raw", "recent")]


def test_food_database_summary_is_info_without_the_measure_count(ctx: AppContext) -> None:
    db = ctx.food_db
    info, summary = db.info(), db.summary()
    assert summary == {"total": info["total"], "built_at": info["built_at"], "layers": info["layers"]}
    assert isinstance(summary["total"], int) and summary["total"] > 0
