"""The window reads an amount in its locale (issue #12): "1,000" is a thousand in English, one in German."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from nutrigap.gui.diary.amount_input import AmountInput
from nutrigap.services import food_search
from nutrigap.services.context import AppContext
from tests.conftest import food_id

ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)


@pytest.mark.parametrize(
    ("locale", "typed", "grams"),
    [(ENGLISH, "1,000", 1000.0), (GERMAN, "1,000", 1.0), (GERMAN, "1.000", 1000.0), (GERMAN, "1,5", 1.5),
     (ENGLISH, "1.5", 1.5), (ENGLISH, "1/2", 0.5)],
)  # fmt: skip
def test_amount_follows_the_locale(qtbot: QtBot, ctx: AppContext, locale: QLocale, typed: str, grams: float) -> None:
    amount = AmountInput()
    qtbot.addWidget(amount)
    amount.quantity.setLocale(locale)
    amount.set_food(food_search.food_details(ctx, food_id(ctx, "Spinach, raw", "sr_legacy_food")), 1, "g")
    amount.quantity.setText(typed)
    assert amount.problem is None and amount.grams() == pytest.approx(grams)


def test_without_a_locale_reading_the_domain_refuses_it(qtbot: QtBot, ctx: AppContext) -> None:
    """A locale that cannot read "1,000.000.5" leaves it to the domain, which says why it is refused."""
    amount = AmountInput()
    qtbot.addWidget(amount)
    amount.quantity.setLocale(ENGLISH)
    amount.set_food(food_search.food_details(ctx, food_id(ctx, "Spinach, raw", "sr_legacy_food")), 1, "g")
    amount.quantity.setText("1.000,5")
    assert amount.grams() is None and amount.problem is not None and "ambiguous" in amount.problem
