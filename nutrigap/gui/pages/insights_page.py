"""The Insights page: how twitching went with nutrients and lifestyle factors over the weeks up to the shown day
(:func:`nutrigap.services.insights.compute_insights`), red flags said plainly (see a doctor, what to ask for),
possibly missing data, the signs to watch for, and the method. Associations, never causes; the disclaimer
stays visible above everything.

The permutation tests take a second or two, so they run on the thread pool while the page says so.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from nutrigap.engine.insights_stats import format_p, format_q
from nutrigap.gui.background import BackgroundWork
from nutrigap.gui.formatting import date_text
from nutrigap.gui.page_base import DisclaimerBanner, LivePage
from nutrigap.gui.state import AppState
from nutrigap.services.insights import DISCLAIMER, InsightItem, InsightsReport, compute_insights
from nutrigap.services.red_flag_sources import RED_FLAG_SOURCES, source_tags

#: (label, weeks up to the shown day)
PERIODS: tuple[tuple[str, int], ...] = (("4 weeks", 4), ("8 weeks", 8), ("12 weeks", 12), ("26 weeks", 26))
ALERT = "#d6453d"


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


class SourceNumbers:
    """Sources numbered [1], [2] … in the order they first appear on the page (the engine's tags, R1, R2, R6 …,
    are its own keys: shown as they are, the numbers jumped from [R2] to [R6])."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def cite(self, source: str) -> str:
        """``source`` ('[R1] [R6]') with its tags as the page's numbers ('[1] [2]'), as escaped HTML."""
        for tag in source_tags(source):
            if tag not in self.order:
                self.order.append(tag)
        return html.escape(re.sub(r"\[([A-Za-z0-9-]+)\]", lambda m: self._number(m.group(1)), source))

    def _number(self, tag: str) -> str:
        return f"[{self.order.index(tag) + 1}]" if tag in self.order else f"[{tag}]"

    def listing(self, tags: list[str]) -> str:
        """The list of these sources under their numbers."""
        items = []
        for tag in tags:
            title, url = RED_FLAG_SOURCES.get(tag, (tag, ""))
            link = f" <a href='{html.escape(url)}'>{html.escape(url)}</a>" if url else ""
            items.append(f"<li>{self._number(tag)} {html.escape(title)}{link}</li>")
        return f"<ul>{''.join(items)}</ul>" if items else ""


def red_flags_html(report: InsightsReport, numbers: SourceNumbers | None = None) -> str:
    """The red flags as the first thing on the page: what was seen, 'see a doctor', what to ask for."""
    if not report.red_flags:
        return ""
    numbers = numbers or SourceNumbers()
    prompt = any(f.urgency == "seek_care_promptly" for f in report.red_flags)
    heading = "Seek medical care promptly" if prompt else "See a doctor about your twitching"
    rows = "".join(
        f"<li><b>{html.escape(f.title)}.</b> {html.escape(f.detail)} <small>{numbers.cite(f.source)}</small></li>"
        for f in report.red_flags
    )
    tags: list[str] = []
    for f in report.red_flags:
        tags += [t for t in source_tags(f.source) if t not in tags]
    return (
        f"<h2 style='color:{ALERT}'>⚠ {heading}</h2><ul>{rows}</ul>"
        f"<p><b>What to ask for:</b> {html.escape(report.red_flags[0].ask_for)}</p>"
        f"<p><small>Sources:</small></p><small>{numbers.listing(tags)}</small>"
    )


def _item_rows(items: list[InsightItem]) -> str:
    rows = []
    for i in items:
        rho = "–" if i.rho is None else f"{i.rho:+.2f}"
        # the same digits as the sentences: a q of 0.0495 is not shown as 0.050
        p = "–" if i.p_value is None else format_p(i.p_value).removeprefix("p ").removeprefix("= ")
        q = "–" if i.q_value is None else format_q(i.q_value).removeprefix("q ").removeprefix("= ")
        independent = "–" if i.effective_days is None else f"{i.effective_days:.0f}"
        rows.append(
            f"<tr><td>{html.escape(i.label)}</td><td>{html.escape(i.lag_label)}</td>"
            f"<td>{html.escape(i.outcome_label)}</td><td align='right'>{rho}</td>"
            f"<td align='right'>{html.escape(p)}</td><td align='right'>{html.escape(q)}</td>"
            f"<td align='right'>{i.n_days}</td><td align='right'>{independent}</td>"
            f"<td>{'yes' if i.notable else ''}</td></tr>"
        )
    return (
        "<table cellspacing='0' cellpadding='3' border='1'><tr><th>Exposure</th><th>When</th><th>Outcome</th>"
        "<th>ρ</th><th>p</th><th>q</th><th>days</th><th>independent days</th><th>association</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _flag_day(day: dt.date) -> str:
    """A day named in a red flag, in the window's one date style ('8 Nov 2026')."""
    return date_text(day, weekday=False)


def insights_html(report: InsightsReport, *, show_all: bool = False) -> str:
    """The page's content as rich text (red flags first; the disclaimer is shown above it by the page)."""
    period = f"{date_text(report.start)} to {date_text(report.end)}"
    numbers = SourceNumbers()
    parts = [red_flags_html(report, numbers), f"<h2>Twitching, nutrients and lifestyle, {period}</h2>"]
    if not report.enough_data:
        parts.append("<h3>Not enough data yet</h3>")
    parts.append(_p(report.summary))
    if report.enough_data:
        notable = list(report.notable)
        parts.append("<h3>Associations in your records (not causes)</h3>")
        if notable:
            parts.append("<ul>" + "".join(f"<li>{html.escape(i.text)}</li>" for i in notable) + "</ul>")
        else:
            tested = sorted((i for i in report.items if i.p_value is not None), key=lambda i: i.p_value or 1.0)
            parts.append(_p("No association stands out once chance is allowed for."))
            if tested:
                parts.append("<p>The strongest patterns, none of which passed the false-discovery check:</p><ul>")
                parts.append("".join(f"<li>{html.escape(i.text)}</li>" for i in tested[:3]) + "</ul>")
        if show_all:
            parts.append(f"<h3>Every comparison ({report.n_tests})</h3>")
            parts.append(_item_rows(list(report.items)))
    if report.medicines:
        parts.append(medicines_html(report))
    if report.missing_data:
        parts.append("<h3>Possibly missing data</h3><ul>")
        parts.append("".join(f"<li>{html.escape(m.text)}</li>" for m in report.missing_data) + "</ul>")
    watch = "".join(
        f"<li>{html.escape(sign)} <small>{numbers.cite(source)}</small></li>" for sign, source in report.watch_for
    )
    tags: list[str] = []
    for _sign, source in report.watch_for:
        tags += [t for t in source_tags(source) if t not in tags]
    parts.append(
        f"<h3>Signs your log cannot see: see a doctor if you notice</h3><ul>{watch}</ul>"
        f"<small>{numbers.listing(tags)}</small>"
    )
    parts.append(f"<h3>How this was worked out</h3><p><small>{html.escape(report.method)}</small></p>")
    return "".join(parts)


def medicines_html(report: InsightsReport) -> str:
    """What the fact sheets say about the medicines taken in the period, and twitching before and since a
    start, with its caveat (issue #17)."""
    rows = []
    for m in report.medicines:
        said = [html.escape(t) for t in (m.interaction, m.text) if t]
        caveat = f"<br><small>{html.escape(m.caveat)}</small>" if m.text else ""
        rows.append(f"<li>{'<br>'.join(said)}{caveat}</li>")
    return "<h3>Your medicines</h3><ul>" + "".join(rows) + "</ul>"


class InsightsPage(LivePage):
    """Insights for the weeks up to the shown day, always under the medical disclaimer."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("insights-page")
        self.disclaimer = DisclaimerBanner(DISCLAIMER)
        self.period = QComboBox()
        self.period.setAccessibleName("Period analysed")
        for label, weeks in PERIODS:
            self.period.addItem(label, weeks)
        self.period.setCurrentIndex(1)
        self.until = QLabel()
        self.show_all = QCheckBox("Show every comparison")
        self.status = QLabel()
        self.status.setObjectName("insights-status")
        self.browser = QTextBrowser()
        self.browser.setObjectName("insights-text")
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName("Insights")
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Insights</b> over the last"))
        top.addWidget(self.period)
        top.addWidget(self.until)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.disclaimer)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self.report: InsightsReport | None = None
        self.work = BackgroundWork(self)
        self.work.done.connect(self._show_report)
        self.work.failed.connect(self._failed)
        self.work.busy_changed.connect(self._busy)
        self.period.currentIndexChanged.connect(lambda _i: self.mark_stale())
        self.show_all.toggled.connect(lambda _on: self._render())
        self.follow()

    def period_bounds(self) -> tuple[dt.date, dt.date]:
        end = self.state.day
        return end - dt.timedelta(days=7 * int(self.period.currentData()) - 1), end

    def refresh(self) -> None:
        ctx = self.state.ctx
        start, end = self.period_bounds()
        self.until.setText(f"up to {date_text(end)}")
        self.work.start(lambda: compute_insights(ctx, start, end, day_text=_flag_day))

    def _busy(self, busy: bool) -> None:
        self.status.setText("Working out the statistics…" if busy else "")

    def _show_report(self, report: object) -> None:
        assert isinstance(report, InsightsReport)
        self.report = report
        self._render()

    def _render(self) -> None:
        if self.report is None:
            return
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(insights_html(self.report, show_all=self.show_all.isChecked()))
        self.browser.verticalScrollBar().setValue(scroll)

    def _failed(self, message: str, _details: str) -> None:
        self.report = None
        self.browser.setHtml(f"<p>The insights could not be worked out: {html.escape(message)}</p>")
