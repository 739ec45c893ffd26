"""How well a generic food's name answers a search, using USDA's naming convention.

USDA names a food head first, then qualifiers: "Egg, whole, raw", "Rice, brown, cooked", "Fish, salmon,
Atlantic, farmed, raw", "Nuts, almonds". A name whose head is exactly what was typed is the food itself;
a longer first word that merely starts with it ("Eggnog" for "egg") or a compound ("Rice cake") is another food.
Tiers, best first (within a tier the database's rowid order applies: shorter names first):

0. the whole name is the query ("Olive oil", "Peanut butter");
1-2. the head, or head and first qualifier, are exactly the query's words in any order, plurals allowed
   ("egg" -> "Egg, whole, raw" and "Eggs, Grade A, ..."; "whole milk" -> "Milk, whole"), also after a class
   word USDA puts first ("salmon" -> "Fish, salmon, ..."); plain forms (raw, whole, plain, brewed, NFS) first;
3. the same with the last word still being typed ("milk who" -> "Milk, whole");
4. the name starts with the first word; 5. the words appear anywhere.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from nutrigap.fooddb.text import fold
from nutrigap.paths import food_db_file

#: First segments USDA uses as a class before the food itself ("Fish, salmon", "Nuts, almonds").
CLASS_WORDS = frozenset({"fish", "nuts", "seeds", "cheese", "beans", "spices", "beverages", "cereals"})
#: Qualifiers that mean "the food as such": such names come first within tier 1.
PLAIN_WORDS = frozenset({"raw", "nfs", "whole", "plain", "brewed", "fresh", "cooked"})


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """Crude plural folding, enough for food heads: eggs -> egg, tomatoes -> tomato, berries -> berry."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("oes") and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    # Most USDA names are plain ASCII: lower-casing and splitting gives what fold() gives, many times faster.
    plain = text.replace("-", " ")
    if plain.isascii() and plain.replace(" ", "").isalnum():
        return plain.lower().split()
    return fold(text).split()


def name_words(name: str) -> list[str]:
    """The words of a name as the search index splits them ("2% milk, low-fat" -> 2, milk, low, fat)."""
    return _words(name.replace(",", " ").replace("(", " ").replace(")", " "))


def _heads(segments: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    """(head words, remaining words) for each way of reading a name's head."""
    heads = []
    for size in (1, 2):
        if len(segments) >= size:
            heads.append(([w for seg in segments[:size] for w in seg], [w for seg in segments[size:] for w in seg]))
    if len(segments) > 1 and len(segments[0]) == 1 and segments[0][0] in CLASS_WORDS:
        heads.append((segments[1], [w for seg in segments[2:] for w in seg]))
    return heads


@lru_cache(maxsize=16384)
def _parsed(name: str) -> tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], list[str], bool, bool], ...]]:
    """A name's words, and per reading of its head: the sorted head stems, the head stems, whether the rest is
    plain, whether the rest starts plain. Cached: the same few thousand generic names are ranked on every
    keystroke."""
    segments = [words for words in (_words(s) for s in name.split(",")) if words]
    heads = tuple(
        (
            tuple(sorted(_stem(w) for w in head)),
            [_stem(w) for w in head],
            all(w in PLAIN_WORDS for w in rest),
            bool(rest) and rest[0] in PLAIN_WORDS,
        )
        for head, rest in _heads(segments)
    )
    return tuple(w for seg in segments for w in seg), heads


@lru_cache(maxsize=256)
def _query_stems(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sorted stems of the query, and the stems of all but its last token."""
    return tuple(sorted(_stem(t) for t in tokens)), tuple(_stem(t) for t in tokens[:-1])


def rank(name: str, tokens: list[str], anchored: bool) -> int:
    """The tier of a name for the query tokens (0 best); ``anchored``: the first word starts with the first token.

    0 whole name; 1 exact head in a plain form; 2 exact head; 3 head with the last word still being typed;
    4 the first word starts with the query; 5 the words appear anywhere.
    """
    return rank_key(name, tokens, anchored)[0]


def rank_key(name: str, tokens: list[str], anchored: bool) -> tuple[int, int]:
    """(:func:`rank`'s tier, 0 if the words after an exact head start plain: "Yogurt, Greek, plain, lowfat" before
    "Yogurt, Greek, with oats" for "greek yogurt"; else 1)."""
    words, heads = _parsed(name)
    key = tuple(tokens)
    if words == key:
        return 0, 0
    query, done = _query_stems(key)
    for head_sorted, _stems, plain, starts_plain in heads:
        if head_sorted == query:
            return (1, 0) if plain else (2, 0 if starts_plain else 1)
    last = tokens[-1]
    for _sorted, stems, _plain, _starts in heads:
        if len(stems) != len(tokens):
            continue
        remaining = list(stems)
        for stem in done:
            if stem not in remaining:
                break
            remaining.remove(stem)
        else:
            if remaining[0].startswith(last):
                return 3, 1
    return (4 if anchored else 5), 1


#: Names with these words are a prepared or processed product rather than the food itself ("Chicken breast,
#: roll, oven-roasted" is a deli meat, "Chicken breast tenders, breaded" a frozen product).
PROCESSED_WORDS = frozenset(
    {"roll", "loaf", "luncheon", "deli", "sandwich", "sandwiches", "nugget", "nuggets", "patty", "patties",
     "tenders", "breaded", "battered", "sausage", "casserole", "dip", "babyfood", "ingredient", "mix",
     "imitation", "substitute", "meatless", "lunchables"}
)  # fmt: skip
#: Food categories of prepared dishes and processed products (USDA SR Legacy food groups, FNDDS/WWEIA categories).
#: Mixed drinks count as prepared: "cola" is the soft drink before "Rum and cola" (WWEIA "Liquor and cocktails").
PROCESSED_CATEGORY_WORDS = ("luncheon", "mixed dishes", "sandwich", "baby", "fast foods", "restaurant", "meals,",
                            "nuggets", "frankfurters", "cold cuts", "cocktails")  # fmt: skip
#: First words of USDA names of meat, fish and eggs whatever their category ("Egg, whole, raw, fresh" is filed
#: under "Dairy and Egg Products").
ANIMAL_HEADS = frozenset(
    {"egg", "eggs", "beef", "pork", "lamb", "veal", "chicken", "turkey", "duck", "goose", "fish", "crustaceans",
     "mollusks", "shrimp", "salmon", "tuna", "cod", "ham", "bacon"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _animal_categories() -> frozenset[str]:
    """Categories whose foods are meat, fish or eggs (``flesh`` or ``egg`` "yes" in food_categories.csv)."""
    with food_db_file("food_categories.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(r["category"] for r in csv.DictReader(fh) if "yes" in (r["flesh"], r["egg"]))


@lru_cache(maxsize=16384)
def form_rank(name: str, category: str | None) -> int:
    """How plainly a name is the commonly eaten form of a food, 0 best; orders names within a :func:`rank` tier.

    2 for a processed product or prepared dish (by name or category), plus 1 for raw meat, fish or eggs (people
    log the cooked food they ate)."""
    listed = _words(name)
    words = set(listed)
    folded_category = (category or "").casefold()
    score = 2 if words & PROCESSED_WORDS or any(w in folded_category for w in PROCESSED_CATEGORY_WORDS) else 0
    if "raw" in words and (category in _animal_categories() or (listed and listed[0] in ANIMAL_HEADS)):
        score += 1
    return score
