"""One diary entry written with the standard library's ``sqlite3`` alone, for ``nutrigap log add``.

Logging one entry from the command line took 0.44 s on a quiet two-core machine, most of it importing
SQLAlchemy's ORM and mapping the models (issue #16, target 0.35 s); written here it takes about a third of
that (measured alternately, README "Performance"). The SQL repeats what the ORM path writes
(:meth:`nutrigap.store.repositories.FoodRepository.add` for a food database food's copy,
``EntryRepository.add`` and ``next_position``) over the columns of :mod:`nutrigap.store.models`, with the
values SQLAlchemy stores on SQLite (dates and moments as ISO text, booleans as 0/1);
``tests/integration/test_quick_log_add.py`` compares whole tables after both paths.

Only a diary file at the newest schema revision that passes ``quick_check`` is opened here (:func:`open_diary`
answers None otherwise and the caller takes the full path, which explains any problem); the connection is set up
as :mod:`nutrigap.store.db` sets up its own (:func:`set_diary_pragmas`, shared) and writes in one
``BEGIN IMMEDIATE`` transaction, as a unit of work does.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.domain.symptoms import SYMPTOMS
from nutrigap.domain.twitch_input import TwitchValues
from nutrigap.store.revisions import HEAD
from nutrigap.store.sqlite_file import BUSY_TIMEOUT_S, DIARY_TABLES, check_sqlite_file, read_facts

#: The tables of a diary at :data:`~nutrigap.store.revisions.HEAD` (the models' tables; the full open refuses
#: a diary at the head that lacks one as damaged). ``tests/integration/test_quick_log_add.py`` checks this
#: against the models, so a new table's migration must add it here.
HEAD_TABLES = frozenset(
    {
        "daily_factors", "day_status", "diary_entry", "experiment", "food", "food_nutrient", "import_batch",
        "lab_result", "medicine", "personal_target", "profile", "recipe_item", "setting", "twitch_episode",
        "user_portion",
    }
)  # fmt: skip

#: How long a writer waits for another process's transaction before giving up [ms].
BUSY_TIMEOUT_MS = int(BUSY_TIMEOUT_S * 1000)


def set_diary_pragmas(con: Any) -> None:
    """The settings of every diary connection (the ORM's too: ``store.db`` calls this on connect)."""
    # Foreign keys are off by default in SQLite; WAL lets a window and the CLI read while the other writes;
    # synchronous=FULL makes a commit that returned survive a power cut, not only a crash of the process.
    con.isolation_level = None  # BEGIN is issued explicitly, never implicitly by pysqlite
    cursor = con.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def write_failed(reason: str) -> DiaryDatabaseError:
    """The error for a write SQLite could not make (busy timeout, full disk): nothing was saved."""
    return DiaryDatabaseError(
        f"The diary could not be written ({reason}); nothing of this action was saved. "
        "If another NutriGap is busy with the diary, try again in a moment."
    )


def write_refused(reason: str) -> DiaryDatabaseError:
    """The error for a write a rule of the diary's schema refused: nothing was saved."""
    return DiaryDatabaseError(
        f"The diary refused this change ({reason}); nothing of it was saved. "
        "If another NutriGap changed the same thing just now, reload and try again."
    )


def first_line(error: BaseException | None) -> str:
    text = str(error or "unknown error").strip()
    return text.splitlines()[0] if text else type(error).__name__


def open_diary(path: Path) -> sqlite3.Connection | None:
    """A connection for writing to the SQLite diary at ``path``, or None when this path cannot stand in for
    opening the diary the full way (no diary, a damaged file, another schema revision, a table missing)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        check_sqlite_file(path)
        facts = read_facts(path)
        if facts.revision != HEAD or not facts.tables >= DIARY_TABLES | HEAD_TABLES:
            return None
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        set_diary_pragmas(con)
        return con
    except (DiaryDatabaseError, sqlite3.Error, OSError, ValueError, TypeError):
        return None


def setting(con: sqlite3.Connection, key: str) -> str | None:
    """One setting of the diary (``store.settings.read_setting``), None when it is not set."""
    row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


class DiaryFood(NamedTuple):
    """The columns of a diary food (``FoodRow``) that logging it reads."""

    id: int
    ref: str
    kind: str
    name: str
    data_type: str
    serving_label: str | None
    serving_grams: float | None
    nominal_weight: bool


class UserPortion(NamedTuple):
    """A portion the user named for a food (``UserPortionRow``)."""

    id: int
    name: str
    grams: float


def food_by_ref(con: sqlite3.Connection, ref: str) -> DiaryFood | None:
    row = con.execute(
        "SELECT id, ref, kind, name, data_type, serving_label, serving_grams, nominal_weight FROM food WHERE ref = ?",
        (ref,),
    ).fetchone()
    if row is None:
        return None
    grams = None if row[6] is None else float(row[6])
    return DiaryFood(int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), row[5], grams, bool(row[7]))


def nutrients_of(con: sqlite3.Connection, food_id: int) -> dict[int, float]:
    """A diary food's known values per 100 g, by nutrient id."""
    rows = con.execute("SELECT nutrient_id, amount FROM food_nutrient WHERE food_id = ?", (food_id,)).fetchall()
    return {int(nid): float(amount) for nid, amount in rows}


def user_portions(con: sqlite3.Connection, ref: str) -> list[UserPortion]:
    """The user's portions of a food in ``PortionRepository.for_ref``'s order."""
    rows = con.execute("SELECT id, name, grams FROM user_portion WHERE food_ref = ?", (ref,)).fetchall()
    portions = [UserPortion(int(i), str(name), float(grams)) for i, name, grams in rows]
    return sorted(portions, key=lambda p: (p.name.casefold(), p.name, p.id))


def moment_text(value: dt.datetime) -> str:
    # SQLAlchemy's DateTime on SQLite stores this text (its DATETIME storage format)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def now_text() -> str:
    # store.models._now: UTC without the zone
    return moment_text(dt.datetime.now(dt.UTC).replace(tzinfo=None))


class FoodCopy(NamedTuple):
    """A food database food as the diary keeps its copy (the columns ``reference_row`` sets)."""

    kind: str
    ref: str
    name: str
    data_type: str
    category: str | None
    brand: str | None
    source: str | None


def add_food(con: sqlite3.Connection, food: FoodCopy, nutrients: dict[int, float]) -> int:
    """Insert a diary food and its values per 100 g (``FoodRepository.add`` of a food with a ref); its id."""
    cursor = con.execute(
        """INSERT INTO food (ref, kind, name, data_type, category, brand, source, favourite, archived,
                             created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)""",
        (food.ref, food.kind, food.name, food.data_type, food.category, food.brand, food.source, now_text(),
         now_text()),
    )  # fmt: skip
    food_id = int(cursor.lastrowid or 0)
    con.executemany(
        "INSERT INTO food_nutrient (food_id, nutrient_id, amount) VALUES (?, ?, ?)",
        [(food_id, nid, float(v)) for nid, v in sorted(nutrients.items())],
    )
    return food_id


def next_position(con: sqlite3.Connection, day: dt.date, meal: str) -> int:
    """Where a new entry goes in its meal (``EntryRepository.next_position``)."""
    row = con.execute(
        "SELECT max(position) FROM diary_entry WHERE day = ? AND meal = ?", (day.isoformat(), meal)
    ).fetchone()
    return 0 if row is None or row[0] is None else int(row[0]) + 1


class NewEntry(NamedTuple):
    """The columns of a new diary entry (``EntryRow``) that logging sets."""

    day: dt.date
    meal: str
    position: int
    food_id: int
    quantity: float
    unit: str
    amount_g: float
    note: str | None


def add_entry(con: sqlite3.Connection, entry: NewEntry) -> int:
    """Insert a diary entry; its id."""
    cursor = con.execute(
        """INSERT INTO diary_entry (day, meal, position, food_id, quantity, unit, amount_g, note, created_at,
                                    updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (entry.day.isoformat(), entry.meal, entry.position, entry.food_id, entry.quantity, entry.unit,
         entry.amount_g, entry.note, now_text(), now_text()),  # two moments, as the ORM's defaults
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def add_twitch(con: sqlite3.Connection, episode: TwitchValues) -> int:
    """Insert a twitch episode (``TwitchRepository.add``); its id."""
    ticked = [name in episode.symptoms for name in SYMPTOMS]
    cursor = con.execute(
        f"""INSERT INTO twitch_episode (occurred_at, location, location_other, side, intensity, duration_s, note,
                                        {", ".join(SYMPTOMS)}, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, {", ".join("?" * len(SYMPTOMS))}, ?)""",
        (moment_text(episode.occurred_at), episode.location, episode.location_other, episode.side, episode.intensity,
         episode.duration_s, episode.note, *(int(t) for t in ticked), now_text()),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def update_entry(con: sqlite3.Connection, entry_id: int, entry: NewEntry) -> None:
    """Set an entry's amount, unit, grams, day, meal and position (``update_entry``'s flush), a new moment too."""
    con.execute(
        """UPDATE diary_entry SET quantity = ?, unit = ?, amount_g = ?, day = ?, meal = ?, position = ?,
                                  updated_at = ? WHERE id = ?""",
        (entry.quantity, entry.unit, entry.amount_g, entry.day.isoformat(), entry.meal, entry.position, now_text(),
         entry_id),
    )  # fmt: skip


def delete_entry(con: sqlite3.Connection, entry_id: int) -> None:
    """Delete an entry (``EntryRepository.delete``: no other row refers to an entry)."""
    con.execute("DELETE FROM diary_entry WHERE id = ?", (entry_id,))
