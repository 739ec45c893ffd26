"""The nutrient guide in the window: for each of the five nutrients its role in nerve and muscle function, the
signs usually associated with a shortfall, who is at risk, the user's targets, the richest foods per typical
portion (the user's own frequent foods marked), what to ask the doctor, and the sources
(:func:`nutrigap.services.guide.nutrient_guide`). Reached from its tab, Help ▸ Nutrient guide, or the link in a
nutrient's pop-up on the Diary page."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.units import display_unit, to_display
from nutrigap.gui.background import BackgroundWork
from nutrigap.gui.formatting import number
from nutrigap.gui.page_base import DisclaimerBanner, LivePage
from nutrigap.gui.state import AppState
from nutrigap.services.guide import GuidePage as GuideContent
from nutrigap.services.guide import nutrient_guide
from nutrigap.services.insights import DISCLAIMER


def _list(items: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def guide_html(page: GuideContent, vitamin_d_unit: str = "µg") -> str:
    """A nutrient's guide page as rich text."""
    t = page.target

    def amount(value: float) -> str:
        text = f"{value:g} {t.unit}"
        nutrient = Nutrient(page.nutrient)
        if display_unit(nutrient, vitamin_d_unit) != t.unit:  # vitamin D read in IU: the amount in IU beside it
            text += f" ({to_display(nutrient, value, vitamin_d_unit):,.0f} {display_unit(nutrient, vitamin_d_unit)})"
        return text

    ear = "" if t.ear is None else f"EAR {amount(t.ear)}, "
    if t.ul is None:
        ul = "no upper limit set"
    else:
        ul = f"upper limit (UL) {amount(t.ul)}" + (" from supplements only" if t.ul_scope == "supplemental" else "")
    rows = "".join(
        f"<tr><td>{'★ ' if f.frequent else ''}{html.escape(f.name)}</td><td>{html.escape(f.portion_label)}</td>"
        f"<td align='right'>{number(f.amount)} {html.escape(f.unit)}</td>"
        f"<td align='right'>{'–' if f.per_100kcal is None else number(f.per_100kcal)}</td></tr>"
        for f in page.foods
    )
    sources = "".join(
        f"<li>{html.escape(s.title)} <a href='{html.escape(s.url)}'>{html.escape(s.url)}</a></li>" for s in page.sources
    )
    return (
        f"<h2>{html.escape(page.label)}</h2><p>{html.escape(page.role)}</p>"
        f"<h3>Your targets</h3><p>For your profile ({html.escape(t.age_group)}): <b>{t.target_kind} "
        f"{amount(t.target)} a day</b>; {ear}{ul}. <small>({html.escape(t.source)})</small></p>"
        f"<h3>Signs usually associated with a shortfall</h3>{_list(page.signs)}"
        "<p><small>These signs have many other causes; a food diary cannot tell them apart. "
        "Only a doctor (and usually a blood test) can.</small></p>"
        f"<h3>Who is more at risk</h3>{_list(page.at_risk)}"
        + (f"<h3>Your medicines</h3>{_list(page.medicines)}" if page.medicines else "")
        + (f"<h3>Sunlight</h3><p>{html.escape(page.sunlight)}</p>" if page.sunlight else "")
        + f"<h3>Where to find it</h3><p>{html.escape(page.food_note)}</p>"
        "<table cellspacing='0' cellpadding='3'><tr><th align='left'>Food (★ = one you eat often)</th>"
        f"<th align='left'>Typical portion</th><th align='right'>{html.escape(page.unit)} per portion</th>"
        f"<th align='right'>{html.escape(page.unit)} per 100 kcal</th></tr>{rows}</table>"
        f"<h3>Supplements</h3><p>{html.escape(page.supplement_note)}</p>"
        f"<h3>What to ask your doctor</h3><p>{html.escape(page.ask_doctor)}</p>"
        f"<h3>Sources</h3><ul>{sources}</ul><p><small>{html.escape(page.about)}</small></p>"
    )


class GuidePage(LivePage):
    """One nutrient's guide at a time, chosen with the buttons along the top."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("guide-page")
        self.disclaimer = DisclaimerBanner(DISCLAIMER)
        self.buttons: dict[Nutrient, QPushButton] = {}
        group = QButtonGroup(self)
        row = QHBoxLayout()
        row.setSpacing(0)
        for nutrient in TRACKED:
            button = QPushButton(nutrient.label)
            button.setCheckable(True)
            button.setObjectName(f"guide-{nutrient.value}")
            group.addButton(button)
            self.buttons[nutrient] = button
            row.addWidget(button)
        row.addStretch(1)
        self.status = QLabel()
        row.addWidget(self.status)
        self.buttons[Nutrient.MAGNESIUM].setChecked(True)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide-text")
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName("Nutrient guide")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.disclaimer)
        layout.addLayout(row)
        layout.addWidget(self.browser, 1)
        self.content: GuideContent | None = None
        self.work = BackgroundWork(self)
        self.work.done.connect(self._show)
        self.work.failed.connect(lambda message, _details: self.browser.setPlainText(message))
        self.work.busy_changed.connect(lambda busy: self.status.setText("Looking up foods…" if busy else ""))
        group.buttonClicked.connect(lambda _button: self.mark_stale())
        self.follow(day=False, twitches=False, factors=False)
        state.medicines_changed.connect(self.mark_stale)  # "Your medicines" (issue #17)

    @property
    def nutrient(self) -> Nutrient:
        return next(n for n, b in self.buttons.items() if b.isChecked())

    def show_nutrient(self, nutrient: object) -> None:
        chosen = nutrient if isinstance(nutrient, Nutrient) else Nutrient(str(nutrient))
        self.buttons[chosen].setChecked(True)
        self.mark_stale()

    def refresh(self) -> None:
        ctx, nutrient = self.state.ctx, self.nutrient
        self.work.start(lambda: nutrient_guide(ctx, nutrient))

    def _show(self, content: object) -> None:
        assert isinstance(content, GuideContent)
        self.content = content
        self.browser.setHtml(guide_html(content, self.state.vitamin_d_unit))
