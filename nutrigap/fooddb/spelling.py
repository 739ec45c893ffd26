"""British and other spellings of food names, searched together with the USDA (American) names.

USDA names foods the American way ("Yogurt", "Eggplant", "Shrimp", "Beef, ground"), so a query typed the British
way finds little but branded rows. ``food_db/spelling_variants.csv`` lists, with a dictionary entry as source for
each, what to search as well when a query holds a word or two-word phrase ("aubergine" -> also "eggplant").
"""

from __future__ import annotations

import csv
import functools
import itertools

from nutrigap.fooddb.text import fold
from nutrigap.paths import food_db_file

#: At most this many spellings of one query are searched (the original first).
MAX_VARIANTS = 6


def _key(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    # "prawns" and "prawn", "sultanas" and "sultana" are the same entry
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


@functools.cache
def spelling_table() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Typed words (stemmed, folded) -> the other spellings to search as well."""
    table: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    with food_db_file("spelling_variants.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            typed, also = fold(row["typed"]).split(), tuple(fold(row["also_search"]).split())
            if typed and also:
                table.setdefault(_key(typed), []).append(also)
    return {k: tuple(v) for k, v in table.items()}


def spelling_variants(tokens: list[str]) -> list[list[str]]:
    """The query's tokens, then the same query with each listed word or two-word phrase replaced by its other
    spellings ("prawn curry" -> ["prawn", "curry"], ["shrimp", "curry"]). Longest phrases win."""
    table = spelling_table()
    pieces: list[list[tuple[str, ...]]] = []
    i = 0
    while i < len(tokens):
        for size in (2, 1):
            words = tuple(tokens[i : i + size])
            if len(words) == size and (alternatives := table.get(_key(words))):
                pieces.append([words, *alternatives])
                i += size
                break
        else:
            pieces.append([(tokens[i],)])
            i += 1
    if all(len(p) == 1 for p in pieces):
        return [tokens]
    combos = itertools.islice(itertools.product(*pieces), MAX_VARIANTS)
    return [[w for part in combo for w in part] for combo in combos]
