"""Suggestions people would eat: which foods are never suggested, which only to those who already eat them, and
how commonly eaten a food is (the order of "Close the gaps" and of the nutrient guide's food lists).

Rules are data: ``food_db/suggestion_food_rules.csv`` (a name pattern, whether it applies to any food or only to
meat, fish and eggs, optional categories, the rule and its reason with a source):

* ``never``: raw meat, fish and eggs (and raw-fish dishes) are never suggested;
* ``unusual``: snails, conch, eel, carp, organ meats, game, rare plants ... are suggested only when the user
  already eats that food (logged it in the last 90 days).

Commonness (0 most common): FNDDS survey foods are what Americans report eating in NHANES "What We Eat in
America" (0); SR Legacy and Foundation foods are analysed commodities, many of them seldom eaten as such (1);
mixed dishes and sandwiches of any source (their category's RACC is a "Mixed dishes" amount in
``food_db/food_categories.csv``) are one cook's recipe rather than a food to add (2); anything else (3).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from nutrigap.engine.suggest_rules import category_rules
from nutrigap.paths import food_db_file

#: First words of USDA names of meat, fish and eggs, for foods whose category does not say (branded, custom).
ANIMAL_NAME = re.compile(
    r"^(?:beef|pork|lamb|veal|mutton|chicken|turkey|duck|goose|game meat|fish|crustaceans|mollusks|shrimp|crab"
    r"|lobster|oysters?|clams?|mussels?|scallops?|salmon|tuna|cod|eggs?)\b",
    re.IGNORECASE,
)
SURVEY = "survey_fndds_food"
ANALYSED = ("sr_legacy_food", "foundation_food")


@dataclass(frozen=True, slots=True)
class FoodRule:
    pattern: re.Pattern[str]
    animal_only: bool
    categories: frozenset[str]
    rule: str  # "never" or "unusual"
    reason: str

    def applies(self, name: str, category: str | None, animal: bool) -> bool:
        if self.animal_only and not animal:
            return False
        if self.categories and (category or "") not in self.categories:
            return False
        return self.pattern.search(name) is not None


@functools.cache
def food_rules() -> tuple[FoodRule, ...]:
    with food_db_file("suggestion_food_rules.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(
            FoodRule(
                re.compile(r["pattern"], re.IGNORECASE),
                r["scope"] == "animal",
                frozenset(c for c in r["categories"].split(";") if c),
                r["rule"],
                r["reason"],
            )
            for r in csv.DictReader(fh)
        )


def is_animal(name: str, category: str | None) -> bool:
    """Meat, fish or eggs: the category contains flesh or egg ("yes"), or the name starts with such a word."""
    rule = category_rules().get(category or "")
    if rule is not None and "yes" in (rule.flesh, rule.egg):
        return True
    return ANIMAL_NAME.search(name) is not None


@functools.lru_cache(maxsize=8192)
def rule_for(name: str, category: str | None) -> tuple[str, str] | None:
    """The first rule ("never" or "unusual") that applies to a food, with its reason; None if none does."""
    animal = is_animal(name, category)
    for rule in food_rules():
        if rule.applies(name, category, animal):
            return rule.rule, rule.reason
    return None


def eaten_as_suggested(name: str, category: str | None, *, already_eaten: bool) -> tuple[bool, str]:
    """Whether a food may be suggested under these rules, and why not: never raw meat, fish or eggs; an unusual
    food only if the user ``already_eaten`` it."""
    found = rule_for(name, category)
    if found is None:
        return True, ""
    rule, reason = found
    if rule == "unusual" and already_eaten:
        return True, ""
    return False, reason


def commonness(name: str, category: str | None, data_type: str) -> int:
    """0 FNDDS survey food, 1 SR Legacy or Foundation food, 2 a mixed dish or sandwich, 3 anything else."""
    rule = category_rules().get(category or "")
    if rule is not None and rule.racc.startswith("Mixed dishes"):
        return 2
    if data_type == SURVEY:
        return 0
    return 1 if data_type in ANALYSED else 3
