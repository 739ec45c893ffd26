"""Window settings (geometry, splitter, column widths) in an INI file inside NutriGap's data folder, so that
``NUTRIGAP_HOME`` keeps a test or a second profile away from the user's real settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from nutrigap.paths import DataPaths


def open_settings(paths: DataPaths) -> QSettings:
    paths.ensure()
    return QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
