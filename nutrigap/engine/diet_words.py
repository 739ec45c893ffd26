"""Animal parts a food's name declares, read from ``food_db/diet_words.csv`` (issue #12).

USDA names say what a dish is made of ("Beans, baked, canned, with pork", "Egg, white, raw, fresh",
"Nuts, mixed, honey roasted"), and that beats any category or nutrient guess. The table has three kinds of rule:

* ``animal``: a word or phrase that names meat, poultry, fish or shellfish and the by-products of slaughter
  (lard, suet, gelatine: the Vegetarian Society's definition), milk and milk-derived ingredients (casein, whey,
  lactose: FDA allergen labelling), egg and egg-derived ingredients, or honey (not vegan: the Vegan Society's
  definition); ``part`` is ``flesh``, ``dairy``, ``egg`` or ``honey``;
* ``not_animal``: a phrase removed before the animal words are read: plant foods named after animal ones
  ("peanut butter", "coconut milk", "cream of tartar", "butternut squash", "honeydew") and named absences
  ("without cheese", "no meat", "non-dairy");
* ``substitute``: the name says the food imitates meat ("meatless", "vegetarian", "veggie burger"), so its meat
  words do not count (its dairy and egg words still do).

Each row carries its source. :func:`animal_parts` is what :func:`nutrigap.engine.suggest_rules.diet_fit` reads
before the category and cholesterol rules.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from nutrigap.paths import food_db_file

PARTS = ("flesh", "dairy", "egg", "honey")


@dataclass(frozen=True, slots=True)
class DietWords:
    removed: tuple[re.Pattern[str], ...]
    substitute: re.Pattern[str]
    animal: dict[str, re.Pattern[str]]


@functools.cache
def diet_words() -> DietWords:
    removed: list[re.Pattern[str]] = []
    substitute: list[str] = []
    animal: dict[str, list[str]] = {part: [] for part in PARTS}
    with food_db_file("diet_words.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["rule"] == "not_animal":
                removed.append(re.compile(row["pattern"], re.IGNORECASE))
            elif row["rule"] == "substitute":
                substitute.append(row["pattern"])
            elif row["rule"] == "animal" and row["part"] in animal:
                animal[row["part"]].append(row["pattern"])
            else:
                raise ValueError(f"diet_words.csv: unknown rule {row['rule']!r} or part {row['part']!r}")
    return DietWords(
        removed=tuple(removed),
        substitute=re.compile("|".join(substitute) or r"(?!)", re.IGNORECASE),
        animal={part: re.compile("|".join(p) or r"(?!)", re.IGNORECASE) for part, p in animal.items()},
    )


@functools.lru_cache(maxsize=8192)
def animal_parts(name: str) -> frozenset[str]:
    """The animal parts (flesh, dairy, egg, honey) that the words of ``name`` declare."""
    words = diet_words()
    text = name
    for pattern in words.removed:
        text = pattern.sub(" ", text)
    found = {part for part, pattern in words.animal.items() if pattern.search(text)}
    if "flesh" in found and words.substitute.search(text):
        found.discard("flesh")
    return frozenset(found)
