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

from functools import lru_cache

from nutrigap.fooddb.text import fold

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


def _heads(segments: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    """(head words, remaining words) for each way of reading a name's head."""
    heads = []
    for size in (1, 2):
        if len(segments) >= size:
            heads.append(([w for seg in segments[:size] for w in seg], [w for seg in segments[size:] for w in seg]))
    if len(segments) > 1 and len(segments[0]) == 1 and segments[0][0] in CLASS_WORDS:
        heads.append((segments[1], [w for seg in segments[2:] for w in seg]))
    return heads


def rank(name: str, tokens: list[str], anchored: bool) -> int:
    """The tier of a name for the query tokens (0 best); ``anchored``: the first word starts with the first token.

    0 whole name; 1 exact head in a plain form; 2 exact head; 3 head with the last word still being typed;
    4 the first word starts with the query; 5 the words appear anywhere.
    """
    segments = [words for words in (_words(s) for s in name.split(",")) if words]
    if [w for seg in segments for w in seg] == tokens:
        return 0
    heads = _heads(segments)
    query = sorted(_stem(t) for t in tokens)
    for head, rest in heads:
        if sorted(_stem(w) for w in head) == query:
            return 1 if all(w in PLAIN_WORDS for w in rest) else 2
    *done, last = tokens
    for head, _rest in heads:
        remaining = [_stem(w) for w in head]
        if len(remaining) != len(tokens):
            continue
        for token in done:
            if _stem(token) not in remaining:
                break
            remaining.remove(_stem(token))
        else:
            if remaining[0].startswith(last):
                return 3
    return 4 if anchored else 5
