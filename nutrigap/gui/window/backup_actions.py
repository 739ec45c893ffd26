"""File ▸ Back up now, and File ▸ Backups and restore…: the automatic backup status, the list of backups
(:mod:`nutrigap.services.backup`), and restoring one. A restore asks first, saves the diary as it is (the service
does), replaces it, and then every view reloads; the undo history is cleared because its rows are gone."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.wording import plural
from nutrigap.gui.errors import show_error
from nutrigap.gui.formatting import date_text, datetime_text
from nutrigap.gui.page_base import WrapLabel
from nutrigap.services import backup

if TYPE_CHECKING:
    from nutrigap.gui.state import AppState
    from nutrigap.services.backup import BackupInfo, RestoreResult

KIND_LABELS = {
    "auto": "automatic",
    "manual": "made by you",
    "pre-restore": "before a restore",
    "pre-import": "before an import",
    "pre-upgrade": "before an upgrade",
    "damaged": "damaged diary, kept",
}
COLUMNS = ("Made", "Kind", "Entries", "Last day logged", "Size", "State")


def size_text(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def status_text(backups: list[BackupInfo], keep: int, folder: Path) -> str:
    """The automatic backup status in one or two sentences of rich text."""
    autos = [b for b in backups if b.kind == "auto"]
    if keep == 0:
        how = "Automatic backups are <b>off</b> (nutrigap backup config --keep 14 turns them on)."
    else:
        how = f"NutriGap backs up your diary automatically once a day and keeps the newest {keep}."
    last = (
        f" The last automatic backup: <b>{datetime_text(autos[0].created_at)}</b>."
        if autos
        else " No automatic backup yet."
    )
    return f"{how}{last} Folder: {html.escape(str(folder))}"


class BackupsDialog(QDialog):
    """The backups, newest first, with Back up now, Restore and the folder."""

    def __init__(self, owner: BackupActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.setObjectName("backups-dialog")
        self.setWindowTitle("Backups and restore")
        self.status = WrapLabel()
        self.status.setObjectName("backup-status")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget()
        self.tree.setObjectName("backups-list")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName("Backups, newest first")
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        note = WrapLabel(
            "Restoring replaces your whole diary with the backup. Your diary as it is now is backed up first "
            "(“before a restore”), so a restore can be undone by restoring that copy."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = QPushButton("Back up now")
        self.restore_button = QPushButton("Restore…")
        self.file_button = QPushButton("Restore from a file…")
        self.file_button.setToolTip("A backup or a NutriGap CSV export kept elsewhere")
        self.folder_button = QPushButton("Open the folder")
        for button in (self.backup_button, self.restore_button, self.file_button, self.folder_button):
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(820, 440)
        self.backup_button.clicked.connect(lambda _checked=False: self._back_up())
        self.restore_button.clicked.connect(lambda _checked=False: self.restore_selected())
        self.file_button.clicked.connect(lambda _checked=False: self._restore_file())
        self.folder_button.clicked.connect(
            lambda _checked=False: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.owner.folder())))
        )
        self.tree.currentItemChanged.connect(lambda _current, _previous: self._update_buttons())
        self.tree.itemActivated.connect(lambda _item, _column: self.restore_selected())
        self.reload()

    def reload(self) -> None:
        ctx = self.owner.state.ctx
        found = backup.list_backups(ctx)
        try:
            keep = backup.backup_keep(ctx)
        except NutriGapError:
            keep = backup.DEFAULT_KEEP
        self.status.setText(status_text(found, keep, self.owner.folder()))
        self.tree.clear()
        for info in found:
            last = "" if info.last_day is None else f"{date_text(info.last_day)}"
            entries = "" if info.entries is None else f"{info.entries:,}"
            item = QTreeWidgetItem(
                [f"{datetime_text(info.created_at)}", KIND_LABELS.get(info.kind, info.kind), entries, last,
                 size_text(info.size_bytes), "cannot be restored" if info.problem else "sound"]
            )  # fmt: skip
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(0, str(info.path))
            if info.problem:
                item.setToolTip(5, info.problem)
            self.tree.addTopLevelItem(item)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._update_buttons()

    def selected(self) -> Path | None:
        item = self.tree.currentItem()
        return None if item is None else Path(str(item.data(0, Qt.ItemDataRole.UserRole)))

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _back_up(self) -> None:
        if self.owner.back_up_now() is not None:
            self.reload()

    def restore_selected(self, *, confirmed: bool | None = None) -> RestoreResult | None:
        chosen = self.selected()
        if chosen is None:
            return None
        result = self.owner.restore(chosen, confirmed=confirmed, parent=self)
        self.reload()
        return result

    def _restore_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Restore from a file", str(Path.home()), "Diary backups (*.sqlite *.csv);;All files (*)"
        )
        if chosen:
            self.owner.restore(Path(chosen), parent=self)
            self.reload()


class BackupActions(QObject):
    """The window's backup actions (File menu) and the start-up notices of the diary (a backup that failed)."""

    def __init__(self, state: AppState, menu: QMenu, before: QAction | None, parent: QWidget) -> None:
        """``menu``: the File menu, the actions go above ``before``; ``parent`` owns the dialogs."""
        super().__init__(parent)
        self.window = parent
        self.state = state
        self.backup_action = QAction("Back up now", self)
        self.backup_action.setToolTip("Copy your diary into the backups folder now")
        self.backup_action.triggered.connect(lambda _checked=False: self.back_up_now())
        self.restore_action = QAction("Backups and restore…", self)
        self.restore_action.setToolTip("See your backups and when the last automatic one was made; restore one")
        self.restore_action.triggered.connect(lambda _checked=False: self.open_dialog())
        menu.insertActions(before, [self.backup_action, self.restore_action])  # type: ignore[arg-type]
        menu.insertSeparator(before)  # type: ignore[arg-type]

    def folder(self) -> Path:
        return self.state.ctx.paths.backups

    def open_dialog(self) -> BackupsDialog:
        dialog = BackupsDialog(self, self.window)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def back_up_now(self) -> BackupInfo | None:
        try:
            made = backup.create_backup(self.state.ctx)
        except NutriGapError as exc:
            show_error(self.window, str(exc), title="Back up now")
            return None
        entries = "" if made.entries is None else f" ({plural(made.entries, 'entry', 'entries')})"
        self.state.notice.emit(f"Backed up your diary{entries} to {made.path}.")
        return made

    def restore(
        self, file: Path, *, confirmed: bool | None = None, parent: QWidget | None = None
    ) -> RestoreResult | None:
        """Replace the diary by ``file`` after a confirmation (``confirmed`` None asks); everything reloads."""
        ctx = self.state.ctx
        try:
            info = backup.validate_backup(file)
        except NutriGapError as exc:
            show_error(parent or self.window, str(exc), title="Restore")
            return None
        if confirmed is None:
            confirmed = self._ask(info, parent or self.window)
        if not confirmed:
            return None
        QThreadPool.globalInstance().waitForDone()  # no page is reading the diary while it is replaced
        try:
            result = backup.restore_backup(ctx, file)
        except NutriGapError as exc:
            show_error(parent or self.window, str(exc), title="Restore")
            return None
        self.state.replace_diary()
        saved = "" if result.previous is None else f" Your diary as it was is saved as {result.previous.path.name}."
        if result.left_out:
            saved += f" Left out, not NutriGap's: {', '.join(result.left_out)}."
        self.state.notice.emit(f"Restored {file.name}.{saved}")
        return result

    def _ask(self, info: BackupInfo, parent: QWidget) -> bool:
        what = f"the backup of {datetime_text(info.created_at)}"
        if info.entries is not None:
            what += f" ({plural(info.entries, 'entry', 'entries')}"
            what += f", last day logged {date_text(info.last_day, weekday=False)})" if info.last_day else ")"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Restore this backup?",
            f"Replace your whole diary with {what}? Your diary as it is now is backed up first.",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setObjectName("confirm-restore")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        box.deleteLater()
        return box.clickedButton() is restore

    def show_start_notices(self) -> None:
        """Messages the diary left when it opened (e.g. today's automatic backup could not be made)."""
        notices, self.state.ctx.notices[:] = list(self.state.ctx.notices), []
        if notices:
            show_error(self.window, "\n".join(notices), title="NutriGap")
