"""Migration 0004 (day completion, personal targets, experiment goals): an experiment that existed before it
keeps the goal NutriGap showed for it, computed once from the saved profile (or the default profile), so a
later profile change no longer moves it (issue #14 item 10)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from nutrigap.store import db
from tests.safety.test_migrations import build_at


def _experiments(connection: sa.Connection) -> dict[str, float | None]:
    rows = connection.execute(sa.text("SELECT name, goal_amount FROM experiment ORDER BY id")).all()
    return {str(r[0]): (None if r[1] is None else float(r[1])) for r in rows}


@pytest.mark.parametrize(
    ("profile", "rda", "ear"),
    [
        # IOM 1997 magnesium: men 31–50 y RDA 420 mg, EAR 350 mg; women 31–50 y RDA 320 mg, EAR 265 mg
        (("male", dt.date(1980, 2, 1)), 420.0, 350.0),
        (None, 320.0, 265.0),  # no profile saved: the default profile (a woman born 1990-01-01)
    ],
)
def test_existing_nutrient_experiments_get_the_goal_they_showed(
    diary_url: str, profile: tuple[str, dt.date] | None, rda: float, ear: float
) -> None:
    build_at(diary_url, "0003")  # three months of realistic rows at 0003 (the seed's profile is a woman of 37)
    engine = db.create_diary_engine(diary_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM profile"))
            if profile is not None:
                connection.execute(
                    sa.text(
                        "INSERT INTO profile (id, sex, birth_date, life_stage, vitamin_d_unit, updated_at) "
                        "VALUES (1, :sex, :born, 'none', 'µg', :now)"
                    ),
                    {"sex": profile[0], "born": profile[1], "now": dt.datetime(2025, 12, 1)},
                )
            for n, (name, level) in enumerate((("Mg to the RDA", "RDA"), ("Mg to the EAR", "EAR")), start=10):
                connection.execute(
                    sa.text(
                        "INSERT INTO experiment (id, name, kind, nutrient, target_level, start_day, days, created_at) "
                        "VALUES (:id, :name, 'nutrient_target', 'magnesium', :level, :start, 14, :now)"
                    ),
                    {"id": n, "name": name, "level": level, "start": dt.date(2025, 10, 1), "now": dt.datetime.now()},
                )
        db.migrate(engine)
        with engine.connect() as connection:
            goals = _experiments(connection)
        assert goals["Mg to the RDA"] == rda
        assert goals["Mg to the EAR"] == ear
        assert goals["No coffee after 2 pm"] is None  # not a nutrient experiment: no goal
        # back to 0003 and up again: the goals are worked out the same way
        db.downgrade(engine, "0003")
        db.migrate(engine)
        with engine.connect() as connection:
            assert _experiments(connection) == goals
    finally:
        engine.dispose()


def test_downgrade_drops_only_what_0004_added(diary_url: str) -> None:
    build_at(diary_url, "0004")
    engine = db.create_diary_engine(diary_url)
    try:
        db.downgrade(engine, "0003")
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            columns = {c["name"] for c in sa.inspect(connection).get_columns("experiment")}
        assert not {"day_status", "personal_target"} & tables
        assert "goal_amount" not in columns
    finally:
        engine.dispose()
