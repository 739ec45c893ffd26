"""One line on the Diary page under the nutrients: the shown day's twitches and factors (water, caffeine, sleep,
stress, exercise), with a link to the page where they are logged. Read after the first paint, like the panel."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from nutrigap.gui.formatting import number
from nutrigap.gui.page_base import WrapLabel
from nutrigap.gui.state import AppState


class DaySummary(WrapLabel):
    """'2 twitches (strongest 6/10: left eyelid) · water 2,150 ml · caffeine 154 mg · sleep 6.8 h …'."""

    #: the user clicked the link to the twitches and factors page
    open_requested = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.state = state
        self.setObjectName("day-summary")
        self.setAccessibleName("Twitches and factors of the day")
        self.setContentsMargins(8, 4, 8, 4)
        self.linkActivated.connect(lambda _link: self.open_requested.emit())
        #: asked any number of times, refreshes once on the next turn of the event loop
        self.schedule_refresh = state.next_turn(self.refresh)
        for signal in (state.twitches_changed, state.factors_changed, state.entries_changed):
            signal.connect(self.schedule_refresh.if_shown)
        state.day_changed.connect(self.schedule_refresh.ask)
        state.diary_replaced.connect(self.schedule_refresh.ask)
        self.schedule_refresh()

    def refresh(self) -> None:
        from nutrigap.services.factors import get_factors
        from nutrigap.services.twitches import list_twitches

        day = self.state.day
        episodes = list_twitches(self.state.ctx, day, day)
        factors = get_factors(self.state.ctx, day)
        parts = []
        if episodes:
            strongest = max(episodes, key=lambda e: e.intensity)
            count = f"{len(episodes)} twitch{'es' * (len(episodes) != 1)}"
            parts.append(f"<b>{count}</b> (strongest {strongest.intensity}/10: {html.escape(strongest.place)})")
        else:
            parts.append("no twitches logged")
        for label, value, unit in (
            ("water", factors.water_ml, "ml"),
            ("caffeine", factors.total_caffeine_mg, "mg"),
            ("sleep", factors.sleep_h, "h"),
            ("stress", factors.stress, "/5"),
            ("exercise", factors.exercise_min, "min"),
            ("sunlight", factors.sun_min, "min"),
        ):
            if value is not None:
                space = "" if unit.startswith("/") else " "
                parts.append(f"{label} {number(value)}{space}{unit}")
        self.setText(
            "<b>This day:</b> "
            + " · ".join(parts)
            + " — <a href='twitches'>twitches and factors…</a> (Ctrl+T logs a twitch)"
        )
