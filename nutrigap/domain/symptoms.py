"""Twitch episodes and daily lifestyle factors: the vocabulary shared by the store, engine, window and CLI."""

from __future__ import annotations

from enum import StrEnum


class Location(StrEnum):
    EYELID = "eyelid"
    FACE = "face"
    ARM = "arm"
    HAND = "hand"
    THIGH = "thigh"
    CALF = "calf"
    FOOT = "foot"
    OTHER = "other"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


#: Accompanying symptoms a user can tick; each is a boolean column of ``twitch_episode``.
SYMPTOMS: tuple[str, ...] = ("cramp", "tingling", "weakness", "fatigue", "palpitations", "poor_coordination")

SYMPTOM_LABELS = {
    "cramp": "Cramp (sustained, often painful contraction)",
    "tingling": "Tingling or numbness",
    "weakness": "Weakness",
    "fatigue": "Fatigue",
    "palpitations": "Palpitations",
    "poor_coordination": "Poor coordination",
}

#: Factor columns of ``daily_factors`` with their units.
FACTORS: dict[str, str] = {
    "water_ml": "ml",
    "caffeine_mg": "mg",
    "sleep_h": "h",
    "stress": "1–5",
    "exercise_min": "min",
    "sun_min": "min",  # minutes outdoors in daylight (issue #17); how much skin is ``sun_exposure``
}

#: Shown wherever sunlight appears beside vitamin D (issue #17). The DRIs assume minimal sun exposure (IOM 2011,
#: NAP 13050, p.389; nutrition-reference.md §1); no cited model turns minutes into micrograms, so NutriGap does not.
SUN_CAVEAT = (
    "Skin makes vitamin D in sunlight, but how much depends on latitude, season, time of day, skin and sunscreen; "
    "NutriGap does not turn minutes into micrograms. The vitamin D targets assume little sun (IOM 2011)."
)
