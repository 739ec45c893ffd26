"""A typo-tolerant second try for searches that find no generic food ("spinnach", "yougurt", "brocoli").

The vocabulary is every word of the generic food names (about 4,000 words) plus the spellings of
``food_db/spelling_variants.csv``. A query word that starts no vocabulary word is replaced by the nearest one
(optimal string alignment distance, a Damerau-Levenshtein variant: one insertion, deletion, substitution or swap
of neighbours per edit), compared with whole words and with word beginnings so that a word still being typed
("spinn") is corrected too. Candidates are found through shared letter trigrams first, so a correction costs
about a millisecond.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable

#: Words shorter than this are never corrected (too many words are one edit away from "ham" or "pea").
MIN_LENGTH = 5
#: How many trigram-sharing words are measured exactly per query word.
SHORTLIST = 40


def allowed_edits(word: str) -> int:
    """Edits allowed for a word of this length: one up to 6 letters, two from 7."""
    return 1 if len(word) <= 6 else 2


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance between ``a`` and ``b``; any value above ``limit`` is ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _trigrams(word: str) -> set[str]:
    padded = "^" + word
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Vocabulary:
    """The words of food names, how often each occurs, and a trigram index to find near misses."""

    def __init__(self, words: Iterable[str]) -> None:
        self.counts = Counter(w for w in words if w.isalpha())
        self.sorted = sorted(self.counts)
        self._index: dict[str, list[str]] = {}
        self._corrections: dict[tuple[str, int], str | None] = {}
        for word in self.sorted:
            for gram in _trigrams(word):
                self._index.setdefault(gram, []).append(word)

    def starts_a_word(self, token: str) -> bool:
        """True if some vocabulary word starts with ``token`` (the search would find it as typed)."""
        pos = bisect.bisect_left(self.sorted, token)
        return pos < len(self.sorted) and self.sorted[pos].startswith(token)

    def correct(self, token: str, max_edits: int | None = None) -> str | None:
        """The nearest vocabulary word, or word beginning, within ``max_edits`` (default :func:`allowed_edits`);
        None if there is none. Ties go to whole words, then to the word used in more food names."""
        if len(token) < MIN_LENGTH or not token.isalpha() or self.starts_a_word(token):
            return None
        limit = allowed_edits(token) if max_edits is None else min(max_edits, allowed_edits(token))
        cache_key = (token, limit)
        if cache_key not in self._corrections:
            self._corrections[cache_key] = self._nearest(token, limit)
        return self._corrections[cache_key]

    def _nearest(self, token: str, limit: int) -> str | None:
        shared = Counter(w for gram in _trigrams(token) for w in self._index.get(gram, ()))
        shortlist = [word for word, _n in shared.most_common(SHORTLIST)]
        # whole words first; word beginnings only when no whole word is near enough
        for partial in (0, 1):
            best: tuple[int, int, str] | None = None
            for word in shortlist:
                forms = [word] if not partial else [
                    word[:n] for n in (len(token) - 1, len(token), len(token) + 1) if MIN_LENGTH <= n < len(word)
                ]  # fmt: skip
                for form in forms:
                    distance = osa_distance(token, form, limit)
                    if distance <= limit:
                        key = (distance, -self.counts[word], form)
                        if best is None or key < best:
                            best = key
            if best is not None:
                return best[2]
        return None
