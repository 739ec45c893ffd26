"""The shared limits (``nutrigap.domain.limits``) applied to what the food editors compute from what was typed:
values per 100 g derived from a value per serving or per tablet, and past entries rescaled by a new unit weight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.limits import ENTRY_GRAMS, NUTRIENT_PER_100G

if TYPE_CHECKING:
    from nutrigap.store.db import UnitOfWork


def checked_per100(values: dict[int, float], what: str) -> dict[int, float]:
    """Values per 100 g computed from what was typed (per serving, per unit) must be plausible: the limit every
    path shares, so the food exports and imports back."""
    for nid, value in values.items():
        if not NUTRIENT_PER_100G.allows(value):
            raise InvalidInput(
                f"{what}: nutrient {nid} would be {value:g} per 100 g, above the {NUTRIENT_PER_100G.high:g} any "
                "food can hold; check the amount and the serving or unit weight."
            )
    return values


def check_rescaled_entries(uow: UnitOfWork, food_id: int, factor: float) -> None:
    """Past entries of a supplement keep their number of units when its unit weight changes; their new weights
    must stay within the entry limit (else the diary would hold what no export imports back)."""
    for grams in uow.entries.grams_span(food_id):
        if grams is not None and not ENTRY_GRAMS.allows(grams * factor):
            raise InvalidInput(
                f"With this unit weight a past entry would weigh {grams * factor:g} g, outside the "
                f"{ENTRY_GRAMS.low:g} to {ENTRY_GRAMS.high:g} g one entry may weigh; nothing was changed."
            )
