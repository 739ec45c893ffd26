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
}
