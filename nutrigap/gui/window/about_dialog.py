"""Help ▸ About NutriGap: version, food database, data folder, licences and the Qt/PySide6 versions, with
"Copy details" for a bug report (the same lines ``nutrigap --version`` prints, plus Qt)."""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from nutrigap.gui.icons import app_icon
from nutrigap.services.about import AboutInfo, about_info
from nutrigap.services.context import AppContext

TAGLINE = "An offline food diary for magnesium, calcium, potassium, vitamin D and vitamin B12, beside your twitches."
MEDICAL_NOTE = (
    "NutriGap shows associations, never diagnoses. Twitching with weakness, wasting, spreading, or trouble "
    "swallowing, speaking or breathing needs a doctor."
)


def qt_line() -> str:
    return f"Qt {qVersion()}, PySide6 {pyside_version}"


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.setWindowTitle("About NutriGap")
        self.info: AboutInfo = about_info(ctx)
        info = self.info
        icon = QLabel()
        pixmap = app_icon().pixmap(64, 64)
        if not pixmap.isNull():
            icon.setPixmap(pixmap)
        title = QLabel(f"<h2>{html.escape(info.app_name)} {html.escape(info.version)}</h2>{html.escape(TAGLINE)}")
        title.setWordWrap(True)
        if info.food_db_status == "built":
            count = f", {info.food_count:,} foods" if info.food_count is not None else ""
            food = f"{html.escape(info.source_summary)}, built {html.escape(info.food_db_built_at or '?')}{count}"
        elif info.food_db_status == "not built":
            food = "not built yet (File ▸ Build food database…)"
        else:
            food = f"unusable: {html.escape(info.food_db_problem or '')}"
        licences = "".join(
            f"<li><a href='{html.escape(n.url)}'>{html.escape(n.name)}</a>: {html.escape(n.licence)}. "
            f"{html.escape(n.note)}</li>"
            for n in info.licences
        )
        body = QLabel(
            "<table cellspacing='4'>"
            f"<tr><td><b>Food database</b></td><td>{food}</td></tr>"
            f"<tr><td><b>Data folder</b></td><td>{html.escape(str(info.data_dir))}</td></tr>"
            f"<tr><td><b>Diary</b></td><td>{html.escape(info.diary)}</td></tr>"
            f"<tr><td><b>Licence</b></td><td>{html.escape(info.app_licence)} · "
            f"<a href='{html.escape(info.homepage)}'>{html.escape(info.homepage)}</a></td></tr>"
            f"<tr><td><b>Built with</b></td><td>{html.escape(qt_line())}, Python {html.escape(info.python_version)}"
            f" on {html.escape(info.system)}</td></tr>"
            "</table>"
            f"<p><b>Data and their terms</b></p><ul>{licences}</ul>"
            "<p>Reference intakes: IOM and NASEM Dietary Reference Intakes (each value's source is in "
            "<i>food_db/dri.csv</i>).</p>"
            f"<p><i>{html.escape(MEDICAL_NOTE)}</i></p>"
        )
        body.setObjectName("about-body")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setOpenExternalLinks(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setToolTip("Copy version, food database, folders and Qt version, for a bug report")
        self.copy_button.setAutoDefault(False)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.copy_button.clicked.connect(self.copy_details)
        layout = QVBoxLayout(self)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def details(self) -> str:
        """The plain-text details: ``nutrigap --version``'s lines plus Qt and PySide6."""
        return "\n".join([*self.info.text_lines(), qt_line()])

    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.details())
        self.copy_button.setText("Copied")
