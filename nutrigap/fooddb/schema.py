"""The SQLite layout of the food-composition database (a read-only reference, rebuilt as a whole)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: Bump when the layout changes; an older file is then rebuilt (the diary never depends on it), keeping the foods
#: a FoodData Central import brought (``builder.KEEPABLE_VERSIONS``). 2: nutrient values packed one row per food
#: (``food_values``, :mod:`nutrigap.fooddb.values`) instead of one row per value (``food_nutrient``).
SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE layer (
    data_type TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    version TEXT NOT NULL,
    checksum TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    food_count INTEGER NOT NULL
);
CREATE TABLE nutrient (id INTEGER PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL);
-- rowid is the search rank: generic foods first, then branded; shorter names first within each.
CREATE TABLE food (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL, -- unique: food_by_id, built once after the rows are in (POST_LOAD)
    name TEXT NOT NULL,
    data_type TEXT NOT NULL,
    category TEXT,
    brand TEXT,
    fdc_id INTEGER,
    source TEXT NOT NULL
);
-- a food's values per 100 g: ids ascending (little-endian int32) and amounts (little-endian doubles), see values.py
CREATE TABLE food_values (
    food INTEGER PRIMARY KEY,
    nutrient_ids BLOB NOT NULL,
    amounts BLOB NOT NULL
);
CREATE TABLE portion (
    food INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    label TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_amount REAL NOT NULL,
    grams REAL NOT NULL,
    PRIMARY KEY (food, seq)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE food_fts USING fts5(
    name, content='', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
"""

#: meta key: the data types a second build phase still has to add (comma-separated; absent when complete)
PENDING_KEY = "pending_data_types"

#: Indexes built once, after every row is in: sorting 376,000 ids once is about twice as fast as keeping a
#: UNIQUE index of random content hashes up to date row by row (README "Performance"). A file written before
#: (``id TEXT NOT NULL UNIQUE``) keeps its own index and gets no second one.
POST_LOAD = """
CREATE INDEX food_by_data_type ON food (data_type);
"""
ID_INDEX = "CREATE UNIQUE INDEX food_by_id ON food (id)"


#: Older layouts a build rebuilds in place, keeping the foods a FoodData Central import brought (builder.py)
OLDER_LAYOUTS = (1,)


def layout_version(path: Path) -> int | None:
    """The layout version (``schema_version``) of the food database at ``path``; None when it is missing, not a
    food database or unreadable. Plain sqlite3: the window asks this before anything heavy is imported."""
    try:
        con = sqlite3.connect(ro_uri(path), uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return int(row[0]) if row is not None and str(row[0]).isdigit() else None


def is_older_layout(path: Path) -> bool:
    """Whether ``path`` is a food database an older NutriGap wrote, which a build brings to this layout."""
    return path.is_file() and layout_version(path) in OLDER_LAYOUTS


def ro_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path`` (safe for spaces and special characters)."""
    return path.resolve().as_uri() + "?mode=ro"
