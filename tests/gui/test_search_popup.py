"""The add-food dialog's results tell branded products of the same name apart (issue #13)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nutrigap.gui.diary.search_results import SearchResultsModel
from nutrigap.services.context import AppContext
from nutrigap.services.food_search import search_foods


def test_branded_rows_show_serving_energy_and_category(qtbot: QtBot, ctx: AppContext) -> None:
    model = SearchResultsModel()
    model.set_results(search_foods(ctx, "almonds", 40), frozenset())
    texts = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    generic = texts[0]
    assert generic == "Almonds, NFS"  # generic foods keep their plain name
    branded = [(t, model.data(model.index(r, 1))) for r, t in enumerate(texts) if t.startswith("ALMONDS")]
    assert len(branded) >= 10 and len(set(branded)) == len(branded)  # no two rows look the same
    row = texts.index("ALMONDS  —  1 oz (28 g), 160 kcal")
    assert model.data(model.index(row, 1)) == "Branded · Popcorn, Peanuts, Seeds & Related Snacks"
    tooltip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert "Serving: " in tooltip and "kcal" in tooltip
