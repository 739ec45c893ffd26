"""The nutrient panel: the shown day's magnesium, calcium, potassium, vitamin D and vitamin B12 as bars against
the profile's targets, coloured by the engine's verdict, with energy, the share of food whose value is unknown,
and (on hover or click) which of the day's foods supplied each nutrient.

Nothing is computed here: the day's panel (:func:`nutrigap.services.day_panel.day_panel`, the same answers as the
day report without pandas) gives intakes, targets and verdicts; the entries give each food's part. The window's
first frame shows the panel read with the day (:meth:`AppState.take_first_panel`).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from nutrigap.domain.diary import LifeStage
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.units import display_unit, to_display
from nutrigap.domain.verdicts import UlVerdict, Verdict
from nutrigap.gui.formatting import (
    amount_with_unit,
    number,
    short_date,
    verdict_colour,
)
from nutrigap.gui.state import AppState
from nutrigap.services.views import EntryView

if TYPE_CHECKING:
    from nutrigap.engine.nutrient_summary import NutrientSummary
    from nutrigap.services.day_panel import DayPanel


class NutrientBar(QWidget):
    """A bar from 0 to the target (RDA or AI), filled to the intake in the verdict's colour; a tick marks the
    EAR where there is one. Intake above the target fills the bar and the percentage says how far above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction: float | None = None
        self.ear_fraction: float | None = None
        #: the user's own target as a fraction of the DRI target; drawn as a dashed mark when inside the bar
        self.personal_fraction: float | None = None
        self.colour = QColor("#8a8f98")
        self.above_ul = False
        self.setMinimumHeight(12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, max(12, self.fontMetrics().height() // 2 + 6))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = rect.height() / 2
        palette = self.palette()
        track = palette.color(QPalette.ColorRole.Midlight if _is_light(palette) else QPalette.ColorRole.Mid)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, radius, radius)
        if self.fraction is not None and self.fraction > 0:
            fill = QRectF(rect)
            fill.setWidth(max(rect.height(), rect.width() * min(1.0, self.fraction)))
            painter.setBrush(self.colour)
            painter.drawRoundedRect(fill, radius, radius)
        if self.ear_fraction is not None and 0 < self.ear_fraction < 1:
            x = rect.left() + rect.width() * self.ear_fraction
            painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 1.5))
            painter.drawLine(int(x), int(rect.top()), int(x), int(rect.bottom()))
        if self.personal_fraction is not None and 0 < self.personal_fraction < 1:
            x = rect.left() + rect.width() * self.personal_fraction
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawLine(int(x), int(rect.top()), int(x), int(rect.bottom()))
        if self.above_ul:
            painter.setPen(QPen(QColor("#d6453d"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)
        painter.end()


def verdict_text(summary: NutrientSummary) -> str:
    """The engine's verdict in words (for an AI nutrient it tells above-the-AI from below-the-AI)."""
    return summary.assessment.text


def _is_light(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() > 128


class NutrientRow(QFrame):
    """One nutrient: name and amount against target, the bar, and the verdict line. Click (or Enter) lists the
    day's foods that supplied it; hovering shows the same list as a tooltip."""

    sources_requested = Signal(object, QPoint)

    def __init__(self, nutrient: Nutrient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nutrient = nutrient
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setObjectName(f"nutrient-{nutrient.value}")
        self.name = QLabel(f"<b>{nutrient.label}</b>")
        self.amount = QLabel()
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bar = NutrientBar()
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.unknown = QLabel()
        self.unknown.setWordWrap(True)
        self.personal = QLabel()
        self.personal.setWordWrap(True)
        self.personal.setObjectName(f"personal-{nutrient.value}")
        self.personal.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.name)
        top.addStretch(1)
        top.addWidget(self.amount)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.verdict)
        layout.addWidget(self.personal)
        layout.addWidget(self.unknown)
        self.sources_html = ""

    def show_summary(self, summary: NutrientSummary, vitamin_d_unit: str, sources_html: str) -> None:
        n = self.nutrient
        target = summary.target
        unit = display_unit(n, vitamin_d_unit)
        shown_target = number(to_display(n, target.target, vitamin_d_unit))
        assessment = summary.assessment
        so_far = assessment.verdict is Verdict.IN_PROGRESS
        if summary.intake is None:
            self.amount.setText(f"– / {shown_target} {unit} {target.target_kind}")
            self.bar.fraction = None
        else:
            intake = number(to_display(n, summary.intake, vitamin_d_unit))
            percent = f"{summary.percent:.0f}%" if summary.percent is not None else "–"
            prefix = "so far " if so_far else ""
            self.amount.setText(f"{prefix}{intake} / {shown_target} {unit} {target.target_kind} · <b>{percent}</b>")
            self.bar.fraction = summary.intake / target.target
        self._show_personal(summary, unit, vitamin_d_unit)
        self.bar.colour = verdict_colour(assessment.verdict)
        self.bar.ear_fraction = target.ear / target.target if target.ear is not None and target.uses_ear else None
        self.bar.above_ul = assessment.ul_verdict is UlVerdict.ABOVE
        self.bar.update()
        colour = verdict_colour(assessment.verdict).name()
        text = html.escape(verdict_text(summary))
        if so_far:
            text = (
                f"so far: {summary.percent:.0f}% of the {target.target_kind}" if summary.percent is not None else text
            )
        if (
            assessment.method == "EAR"
            and assessment.verdict is not Verdict.NO_DATA
            and assessment.confidence is not None
        ):
            text += f" ({assessment.confidence:.0%} chance usual intake is adequate)"
        if assessment.indicative_only and assessment.verdict is not Verdict.NO_DATA:
            text += " · indicative"
        text += ul_note(summary, vitamin_d_unit)
        self.verdict.setText(f'<span style="color:{colour}">●</span> {text}')
        share = summary.unknown_share
        if share is not None and share > 0.005:
            self.unknown.setText(f"⚠ {share:.0%} of the food eaten (by weight) has no {n.label} value")
            self.unknown.show()
        else:
            self.unknown.hide()
        self.sources_html = sources_html
        self.setToolTip(sources_html)
        ear = ""
        if target.ear is not None and target.uses_ear:
            ear = f", EAR {number(to_display(n, target.ear, vitamin_d_unit))} {unit} marked on the bar"
        self.bar.setToolTip(f"{target.target_kind} {shown_target} {unit}{ear} ({target.source})")
        self.setAccessibleName(
            f"{n.label}: {self.amount.text().replace('<b>', '').replace('</b>', '')}; {assessment.text}"
        )
        self.setAccessibleDescription("Press Enter to see which foods supplied it")

    def _show_personal(self, summary: NutrientSummary, unit: str, vitamin_d_unit: str) -> None:
        """The user's own target (a doctor's advice) beside the DRI: a dotted mark and one line of text."""
        n, target = self.nutrient, summary.target
        if target.personal is None:
            self.bar.personal_fraction = None
            self.personal.hide()
            return
        self.bar.personal_fraction = target.personal / target.target
        shown = number(to_display(n, target.personal, vitamin_d_unit))
        reached = "" if summary.intake is None else f" · {100 * summary.intake / target.personal:.0f}% of it"
        note = f" ({html.escape(target.personal_note)})" if target.personal_note else ""
        self.personal.setText(f"<i>Your target: {shown} {unit}/day{note}{reached}</i>")
        self.personal.setToolTip(
            f"You set this target; the bar and the verdict stay against the {target.target_kind} (IOM), "
            "which applies to most healthy people."
        )
        self.personal.show()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.sources_requested.emit(self.nutrient, self.mapToGlobal(QPoint(0, self.height())))
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.sources_requested.emit(self.nutrient, self.mapToGlobal(QPoint(0, self.height())))
            return
        super().keyPressEvent(event)


def ul_note(summary: NutrientSummary, vitamin_d_unit: str) -> str:
    """Rich text after the verdict: above / near the upper limit, with what it counts (magnesium: supplements)."""
    verdict = summary.assessment.ul_verdict
    target = summary.target
    if verdict not in (UlVerdict.ABOVE, UlVerdict.NEAR) or target.ul is None:
        return ""
    n = summary.nutrient
    ul = f"{number(to_display(n, target.ul, vitamin_d_unit))} {display_unit(n, vitamin_d_unit)}"
    scope = ", supplements only" if target.ul_scope == "supplemental" else ""
    words = "above the upper limit" if verdict is UlVerdict.ABOVE else "near the upper limit"
    colour = "#D55E00"  # Okabe–Ito vermillion, the alert colour of the charts and the PDF
    return f' · <b style="color:{colour}">{words}</b> (UL {html.escape(ul)}{scope})'


def sources_table(nutrient: Nutrient, entries: list[EntryView], vitamin_d_unit: str) -> str:
    """Rich text: the day's foods that supplied ``nutrient``, largest first, with their share of the known total."""
    known = [(e, e.nutrients.get(nutrient)) for e in entries]
    supplied = sorted(((e, v) for e, v in known if v), key=lambda pair: -(pair[1] or 0.0))
    unknown = [e for e, v in known if v is None]
    total = sum(v or 0.0 for _, v in supplied)
    title = f"<b>{nutrient.label}: where it came from</b>"
    if not entries:
        return f"{title}<br>Nothing logged on this day."
    rows = []
    for entry, value in supplied[:12]:
        share = f"{100 * (value or 0.0) / total:.0f}%" if total else ""
        rows.append(
            f"<tr><td>{html.escape(entry.food_name[:48])}</td>"
            f"<td align='right'>&nbsp;{amount_with_unit(nutrient, value, vitamin_d_unit)}</td>"
            f"<td align='right'>&nbsp;{share}</td></tr>"
        )
    if len(supplied) > 12:
        rows.append(f"<tr><td colspan='3'>… and {len(supplied) - 12} more</td></tr>")
    if not rows:
        rows.append("<tr><td colspan='3'>None of today's foods supplied any.</td></tr>")
    note = ""
    if unknown:
        names = ", ".join(html.escape(e.food_name[:32]) for e in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        note = f"<br><i>No value known for: {names}{more}</i>"
    return f"{title}<table>{''.join(rows)}</table>{note}"


class SourcesPopup(QFrame):
    """A small pop-up listing the foods that supplied a nutrient (closes on a click elsewhere or Esc), with a
    link to the nutrient's guide page."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAccessibleName("Foods that supplied this nutrient")
        self.label.setWordWrap(True)  # the medicine and sunlight notes wrap; the table keeps its rows
        self.label.setMaximumWidth(480)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label)

    def show_at(self, text: str, where: QPoint) -> None:
        self.label.setText(text)
        self.adjustSize()
        self.move(where)
        self.show()


class NutrientPanel(QWidget):
    """The five nutrients (and energy) of the day shown, kept current through the state's announcements."""

    profile_requested = Signal()
    #: the panel shows a new day (``self.report``): the day's completion may have changed
    refreshed = Signal()
    #: the user asked for a nutrient's guide page (a Nutrient), from the sources pop-up
    guide_requested = Signal(object)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("nutrient-panel")
        self.title = QLabel()
        self.title.setObjectName("panel-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.profile_line = QLabel()
        self.profile_line.setWordWrap(True)
        self.profile_line.setOpenExternalLinks(False)
        self.profile_line.linkActivated.connect(lambda _link: self.profile_requested.emit())
        self.profile_line.setAccessibleName("Whose targets these are")
        self.progress_note = QLabel(
            "This day is in progress: the amounts are what you have logged so far. Verdicts on usual intake wait "
            "until you tick “Day complete” (a past day counts as complete)."
        )
        self.progress_note.setObjectName("progress-note")
        self.progress_note.setWordWrap(True)
        self.progress_note.hide()
        self.energy = QLabel()
        self.energy.setAccessibleName("Energy")
        self.rows: dict[Nutrient, NutrientRow] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.profile_line)
        layout.addWidget(self.progress_note)
        layout.addWidget(self.energy)
        for nutrient in TRACKED:
            row = NutrientRow(nutrient, self)
            row.sources_requested.connect(self.show_sources)
            self.rows[nutrient] = row
            layout.addWidget(row)
        self.legend = QLabel(
            "Bars run to the RDA (AI for potassium); the tick marks the EAR. Colours: "
            + " · ".join(
                f'<span style="color:{verdict_colour(v).name()}">●</span> {label}'
                for v, label in (
                    (Verdict.LIKELY_ADEQUATE, "likely adequate"),
                    (Verdict.UNCERTAIN, "uncertain"),
                    (Verdict.LIKELY_INADEQUATE, "likely inadequate"),
                    (Verdict.CANNOT_BE_JUDGED, "cannot be judged"),
                )
            )
            + ". Today shows progress so far until you tick “Day complete”; verdicts judge complete days. One "
            "day says little about usual intake; a week says more. Click a nutrient to see its sources and its "
            "guide."
        )
        self.legend.setWordWrap(True)
        self.legend.setObjectName("panel-legend")
        layout.addWidget(self.legend)
        layout.addStretch(1)
        self.popup = SourcesPopup(self)
        self.popup.label.linkActivated.connect(self._guide_link)
        #: asked any number of times, refreshes once on the next turn of the event loop
        self.schedule_refresh = state.next_turn(self.refresh)
        self.report: DayPanel | None = None
        state.day_changed.connect(self.schedule_refresh.ask)
        state.entries_changed.connect(self.schedule_refresh.if_shown)
        state.profile_changed.connect(self.schedule_refresh.ask)
        state.food_db_changed.connect(self.schedule_refresh.ask)
        first = state.take_first_panel()
        if first is not None and first.day == state.day:
            self.show_report(first)  # in the window's first frame, read with the day before the diary opened
        else:
            self.schedule_refresh()

    def refresh(self) -> None:
        from nutrigap.services.day_panel import day_panel

        self.show_report(day_panel(self.state.ctx, self.state.day))

    def show_report(self, report: DayPanel) -> None:
        day = report.day
        self.report = report
        unit = self.state.vitamin_d_unit
        entries = self.state.entries(day)
        title = "Nutrients today" if day == dt.date.today() else f"Nutrients on {short_date(day)}"
        self.title.setText(f"{title}: so far" if report.in_progress else title)
        self.progress_note.setVisible(report.in_progress)
        self.profile_line.setText(self._profile_text(report))
        energy = report.energy_kcal
        self.energy.setText(f"Energy: <b>{number(energy)} kcal</b>" if energy is not None else "Energy: –")
        for nutrient, row in self.rows.items():
            row.show_summary(report.summaries[nutrient], unit, sources_table(nutrient, entries, unit))
        self.refreshed.emit()

    def _profile_text(self, report: DayPanel) -> str:
        p = report.profile
        age = p.age_years(report.end)
        who = {"female": "woman" if age >= 19 else "girl", "male": "man" if age >= 19 else "boy"}[p.sex.value]
        stage = {LifeStage.PREGNANT: ", pregnant", LifeStage.LACTATING: ", breastfeeding"}.get(p.life_stage, "")
        text = f"Targets for a {who} of {age}{stage}"
        if report.profile_is_default:
            text = (
                f"<b>No profile set:</b> targets are for NutriGap's default profile, a {who} of {age} "
                f"(born {p.birth_date.day} {p.birth_date:%B %Y}). <a href='profile'>Set your profile…</a>"
            )
        else:
            text += ". <a href='profile'>Change…</a>"
        return text

    def show_sources(self, nutrient: Nutrient, where: QPoint) -> None:
        name = nutrient.label[0].lower() + nutrient.label[1:]  # 'calcium', 'vitamin D'
        link = f"<p><a href='guide:{nutrient.value}'>What {name} does and where to find it…</a></p>"
        self.popup.show_at(self.rows[nutrient].sources_html + self._notes_html(nutrient) + link, where)

    def _notes_html(self, nutrient: Nutrient) -> str:
        """The medicines taken on the day that the ODS fact sheets link to the nutrient, and the day's sunlight
        beside vitamin D (issue #17)."""
        from nutrigap.services.medicines import nutrient_day_notes

        notes = nutrient_day_notes(self.state.ctx, nutrient, self.state.day)
        return "".join(
            f"<p>{html.escape(text)}" + "".join(f" <a href='{html.escape(url)}'>[source]</a>" for url in urls) + "</p>"
            for text, urls in notes
        )

    def _guide_link(self, link: str) -> None:
        self.popup.hide()
        if link.startswith("guide:"):
            self.guide_requested.emit(Nutrient(link.removeprefix("guide:")))
        elif link.startswith("https://"):
            QDesktopServices.openUrl(QUrl(link))
