"""Knowing the nutrients: a guide page per nutrient from ``food_db/nutrient_guide.json`` (NIH ODS fact sheets),
with the user's targets and the foods in the database richest in it per typical portion, commonly eaten foods first
and never raw meat, fish or eggs (:mod:`nutrigap.engine.suggest_common`), the user's own frequent foods marked.
Information only, never a diagnosis."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.symptoms import SUN_CAVEAT
from nutrigap.domain.targets import Target
from nutrigap.engine.insights import DISCLAIMER
from nutrigap.engine.suggest import FoodSuggestion, rank_foods
from nutrigap.engine.targets import targets_for
from nutrigap.paths import food_db_file
from nutrigap.services.context import AppContext
from nutrigap.services.medicines import list_medicines, medicine_notes
from nutrigap.services.profile import get_profile
from nutrigap.services.suggest import candidates

GUIDE_FOODS = 12


@dataclass(frozen=True, slots=True)
class GuideSource:
    tag: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class GuidePage:
    """What one nutrient does for nerves and muscles, the signs usually associated with a shortfall, who is at
    risk, the user's targets and the richest foods (``frequent`` marks the user's own)."""

    nutrient: str
    label: str
    unit: str
    role: str
    signs: tuple[str, ...]
    at_risk: tuple[str, ...]
    food_note: str
    supplement_note: str
    ask_doctor: str
    sources: tuple[GuideSource, ...]
    target: Target
    foods: tuple[FoodSuggestion, ...]
    about: str
    disclaimer: str = DISCLAIMER
    #: what the ODS sheets say about the medicines the user takes now, for this nutrient (issue #17)
    medicines: tuple[str, ...] = ()
    #: vitamin D only: how sunlight counts (it does not, in micrograms)
    sunlight: str | None = None

    def to_json(self) -> dict[str, object]:
        t = self.target
        return {
            "nutrient": self.nutrient,
            "label": self.label,
            "unit": self.unit,
            "role": self.role,
            "signs": list(self.signs),
            "at_risk": list(self.at_risk),
            "food_note": self.food_note,
            "supplement_note": self.supplement_note,
            "ask_doctor": self.ask_doctor,
            "targets": {
                "ear": t.ear,
                "target": t.target,
                "target_kind": t.target_kind,
                "ul": t.ul,
                "ul_scope": t.ul_scope,
                "age_group": t.age_group,
            },
            "foods": [f.to_json() for f in self.foods],
            "sources": [{"tag": s.tag, "title": s.title, "url": s.url} for s in self.sources],
            "about": self.about,
            "disclaimer": self.disclaimer,
            "medicines": list(self.medicines),
            "sunlight": self.sunlight,
        }


@functools.cache
def _guide() -> dict[str, object]:
    data: dict[str, object] = json.loads(food_db_file("nutrient_guide.json").read_text(encoding="utf-8"))
    return data


def parse_nutrient(text: str | Nutrient) -> Nutrient:
    if isinstance(text, Nutrient):
        return text
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    aliases = {"mg": "magnesium", "ca": "calcium", "k": "potassium", "d": "vitamin_d", "vitd": "vitamin_d",
               "b12": "vitamin_b12", "vitamin_b_12": "vitamin_b12", "cobalamin": "vitamin_b12"}  # fmt: skip
    try:
        return Nutrient(aliases.get(key, key))
    except ValueError:
        names = ", ".join(n.value for n in Nutrient)
        raise InvalidInput(f"Unknown nutrient '{text}'; use one of: {names}.") from None


def nutrient_guide(ctx: AppContext, nutrient: Nutrient | str, today: dt.date | None = None) -> GuidePage:
    """The guide page of a nutrient for the current profile."""
    chosen = parse_nutrient(nutrient)
    day = today or dt.date.today()
    data = _guide()
    entry = data["nutrients"][chosen.value]  # type: ignore[index]
    catalogue = data["sources"]
    assert isinstance(entry, dict) and isinstance(catalogue, dict)
    target = targets_for(get_profile(ctx).profile, day)[chosen]
    foods = rank_foods(candidates(ctx, [chosen], None, day), chosen, None, GUIDE_FOODS, prefer_frequent=False)
    taken = [m for m in list_medicines(ctx) if m.taken_on(day)]
    return GuidePage(
        nutrient=chosen.value,
        label=chosen.label,
        unit=chosen.unit,
        role=entry["role"],
        signs=tuple(entry["signs"]),
        at_risk=tuple(entry["at_risk"]),
        food_note=entry["food_note"],
        supplement_note=entry["supplement_note"],
        ask_doctor=entry["ask_doctor"],
        sources=tuple(GuideSource(tag, catalogue[tag]["title"], catalogue[tag]["url"]) for tag in entry["sources"]),
        target=target,
        foods=tuple(foods),
        about=str(data["about"]),
        medicines=tuple(n.sentence for n in medicine_notes(taken, chosen)),
        sunlight=SUN_CAVEAT if chosen is Nutrient.VITAMIN_D else None,
    )
