"""Quick-add amounts for water and caffeine, from ``food_db/caffeine_presets.csv`` (each row cites its source).

Plain data without the diary, so the window's Log menu can list them before the diary is open.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from nutrigap.paths import food_db_file

__all__ = ["Preset", "caffeine_presets", "presets", "water_sizes"]


@dataclass(frozen=True, slots=True)
class Preset:
    """A quick-add amount from ``food_db/caffeine_presets.csv``: caffeine [mg] or water [ml], with its source."""

    key: str
    kind: str  # "caffeine" or "water"
    label: str
    amount: float
    unit: str
    serving: str
    source: str


@functools.cache
def presets() -> tuple[Preset, ...]:
    with food_db_file("caffeine_presets.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(
            Preset(r["key"], r["kind"], r["label"], float(r["amount"]), r["unit"], r["serving"], r["source"])
            for r in csv.DictReader(fh)
        )


def caffeine_presets() -> tuple[Preset, ...]:
    return tuple(p for p in presets() if p.kind == "caffeine")


def water_sizes() -> tuple[Preset, ...]:
    return tuple(p for p in presets() if p.kind == "water")
