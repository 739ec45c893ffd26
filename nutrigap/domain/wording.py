"""How counts read in every sentence NutriGap writes (window, CLI, report): '1 food', '2 foods', never
'food(s)'. Plain Python, so the engine and the services use the same helper as the window."""

from __future__ import annotations

import datetime as dt
import re


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 food', '2 foods', '0 days'; ``many`` for irregular plurals: plural(2, 'entry', 'entries')."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


#: household portion nouns and their plurals ('2 cups'); other units ('oz', 'Tbsp', 'large') read the same for any
#: amount
_PORTION_PLURALS = {
    "cup": "cups", "serving": "servings", "slice": "slices", "piece": "pieces", "container": "containers",
    "package": "packages", "can": "cans", "link": "links", "egg": "eggs", "leaf": "leaves", "stalk": "stalks",
    "spear": "spears", "bunch": "bunches", "tablespoon": "tablespoons", "teaspoon": "teaspoons",
    "tortilla": "tortillas", "bar": "bars", "pouch": "pouches", "tray": "trays", "pan": "pans", "muffin": "muffins",
    "cookie": "cookies", "donut": "donuts", "pie": "pies", "banana": "bananas", "tart": "tarts", "pizza": "pizzas",
    "glass": "glasses", "bottle": "bottles", "mug": "mugs", "bowl": "bowls", "scoop": "scoops", "tablet": "tablets",
    "capsule": "capsules", "drop": "drops", "fruit": "fruits", "sandwich": "sandwiches", "patty": "patties",
    "fillet": "fillets", "olive": "olives", "block": "blocks", "pkg.": "pkgs.", "portion": "portions",
}  # fmt: skip


def portion_unit_text(unit: str, quantity: float) -> str:
    """A portion's name for ``quantity`` of it: 'cup' → 'cups', 'stalk, large' → 'stalks, large'."""
    if quantity == 1:
        return unit
    match = re.match(r"^([^,(|]*?)(\S+)(\s*(?:[,(|].*)?)$", unit)
    if match is None:
        return unit
    head, word, tail = match.groups()
    many = _PORTION_PLURALS.get(word.lower())
    if many is None:
        return unit
    if word.isupper():
        many = many.upper()
    elif word[:1].isupper():
        many = many[:1].upper() + many[1:]
    return f"{head}{many}{tail}"


def amount_text(quantity: float, unit: str, grams: float | None) -> str:
    """'2 cups (488 g)', '10 g' (a gram amount's weight is not repeated), '1 cup' (weight not known, None): how an
    entry's amount reads."""
    text = f"{quantity:g} {portion_unit_text(unit, quantity)}"
    return text if unit == "g" or grams is None else f"{text} ({grams:.0f} g)"


def format_period(start: dt.date, end: dt.date) -> str:
    """'24–30 Nov 2026', '27 Oct – 23 Nov 2026' or '29 Dec 2025 – 4 Jan 2026': how charts and reports name a
    period (here, not in ``charts/``, so a report's words need no matplotlib)."""
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if start.year != end.year:
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day}–{end.day} {end:%b %Y}"


def default_profile_text(on: dt.date | None = None) -> str:
    """The default profile in words: 'a woman of 36 (born 1990-01-01), not pregnant or breastfeeding'."""
    from nutrigap.domain.diary import DEFAULT_PROFILE, Sex

    p = DEFAULT_PROFILE
    age = p.age_years(on or dt.date.today())
    who = "woman" if p.sex is Sex.FEMALE else "man"
    return f"a {who} of {age} (born {p.birth_date.isoformat()}), not pregnant or breastfeeding"


def default_profile_notice_text() -> str:
    """What to tell the user when no profile is saved and targets follow the default (issue #13)."""
    return (
        f"no profile is set, so targets are for the default profile: {default_profile_text()}. "
        "Set yours with: nutrigap profile set --sex female|male --birth-date YYYY-MM-DD [--pregnant|--lactating]"
    )
